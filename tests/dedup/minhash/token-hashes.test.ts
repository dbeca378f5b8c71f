// The MinHash word route for languages with their own spaCy rules (German, French...): the fast
// route scans as English's rules split, so those languages must take splitWords' route.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HashList } from "../../../src/dedup/minhash/hash-list.js";
import { tokenHashes } from "../../../src/dedup/minhash/token-hashes.js";

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
