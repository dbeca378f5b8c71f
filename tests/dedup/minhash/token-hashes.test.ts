// The MinHash word route for languages with their own spaCy rules (German, French...): the fast
// route scans as English's rules split, so those languages must take splitWords' route.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HashList } from "../../../src/dedup/minhash/hash-list.js";
import { takesFastRoute, tokenHashes } from "../../../src/dedup/minhash/token-hashes.js";
import { englishExceptions } from "../../../src/text/spaced-exceptions.js";

const fixtures = readFileSync("tests/fixtures/spacy-langs-tokens.jsonl", "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { lang: string; text: string });

const hashes = (text: string, language: string | undefined, fast: boolean) => {
  const out = new HashList();
  tokenHashes(text, { language, lanes: 2, fast }, out);
  return Array.from(out.lo.subarray(0, out.length));
};

describe("tokenHashes with a language that has its own spaCy rules", () => {
  it("gives the hashes of splitWords in that language (the reference route) on every fixture paragraph", () => {
    let differsFromEnglish = 0;
    for (const { lang, text } of fixtures) {
      const ours = hashes(text, lang, true);
      expect(ours).toEqual(hashes(text, lang, false));
      if (JSON.stringify(ours) !== JSON.stringify(hashes(text, "en", false))) differsFromEnglish++;
    }
    expect(differsFromEnglish).toBeGreaterThan(0); // the paragraphs do tell the rule sets apart
  });
});

describe("tokenHashes' fast route and spaCy's English exceptions", () => {
  it("splits every exception spaCy splits (cannot -> can, not) as the reference route does, bare, capitalised and beside marks", () => {
    // the fast route finds them through a bit table of their hashes before a Set: every one must get through
    const split = [...englishExceptions()].filter(([, tokens]) => tokens.length > 1).map(([chunk]) => chunk);
    expect(split.length).toBeGreaterThan(100);
    let fast = 0;
    for (const chunk of split) {
      for (const text of [`we ${chunk} go`, `${chunk[0]!.toUpperCase()}${chunk.slice(1)} it`, `(${chunk}) and "${chunk}."`, chunk]) {
        expect(hashes(text, undefined, true), text).toEqual(hashes(text, undefined, false));
        if (takesFastRoute(text)) fast++;
      }
    }
    expect(fast).toBeGreaterThan(split.length); // most of them through the fast route, not around it
  });
});
