import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { read } from "../../src/index.js";
import { badWordsMatcher } from "../../src/filters/bad-words-matcher.js";
import { badWordsEntries } from "../../src/filters/c4-badwords.js";
import { collect, FIXTURES } from "../support.js";

// datatrove's own expression (C4BadWordsFilter), the reference the hand-written matcher must equal.
function referenceRegex(entries: string[], bounded: boolean): RegExp {
  const alternation = entries
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .sort((a, b) => b.length - a.length)
    .join("|");
  return bounded ? new RegExp(`(?:[^\\p{L}\\p{N}_]|^)(?:${alternation})(?:[^\\p{L}\\p{N}_]|$)`, "u") : new RegExp(`(?:${alternation})`, "u");
}

const languages = readdirSync("node_modules/naughty-words")
  .filter((f) => /^[a-z]{2,3}\.json$/.test(f))
  .map((f) => f.slice(0, -5));

describe("badWordsMatcher", () => {
  it("decides as datatrove's regular expression on real text, for every language's list, bounded or not", async () => {
    const sample = (await collect(read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,txt,wet.gz}", { split: "paragraph" }))).map((d) =>
      d.text.toLowerCase(),
    );
    const udhr = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { text: string }).text.toLowerCase());
    const texts = [...sample, ...udhr];
    expect(languages.length).toBeGreaterThan(25);
    const differ: string[] = [];
    let matched = 0;
    for (const language of languages) {
      const entries = badWordsEntries(language, { lowercaseList: true })!;
      for (const bounded of [true, false]) {
        const regex = referenceRegex(entries, bounded);
        const matcher = badWordsMatcher(entries, bounded);
        for (const text of texts) {
          const want = regex.test(text);
          if (matcher.test(text) !== want) differ.push(`${language} ${bounded} ${text.slice(0, 60)}`);
          if (want) matched++;
        }
      }
    }
    expect(differ).toEqual([]);
    expect(matched).toBeGreaterThan(1000); // the comparison saw plenty of matches, not only misses
  });

  it("equals the regular expression on entries planted between every kind of neighbour", () => {
    // Neighbours: word characters (letters, digits, _, an astral letter, a combining mark), non-word
    // ones (space, punctuation, an emoji, a lone surrogate), and the ends of the text.
    const neighbours = ["", "a", "z", "7", "_", "é", "ж", "中", "𝐀", "\u0301", " ", ".", "-", "'", "😀", "\ud800", "\udc00", "\n", "\u3000"];
    const differ: string[] = [];
    let positives = 0;
    let negatives = 0;
    let x = 12345;
    const next = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % n;
    for (const language of ["en", "de", "ru", "ja", "zh", "ar", "hi"].filter((l) => languages.includes(l))) {
      const entries = badWordsEntries(language, { lowercaseList: true })!;
      for (const bounded of [true, false]) {
        const regex = referenceRegex(entries, bounded);
        const matcher = badWordsMatcher(entries, bounded);
        for (let k = 0; k < 3000; k++) {
          const entry = entries[next(entries.length)]!;
          // sometimes a truncated or extended entry, which must not match by itself
          const body = k % 5 === 0 ? entry.slice(0, Math.max(1, entry.length - 1)) : k % 7 === 0 ? entry + entry.slice(-1) : entry;
          let text = "";
          for (let i = 0; i < next(3); i++) text += neighbours[next(neighbours.length)]!;
          text += body;
          for (let i = 0; i < next(3); i++) text += neighbours[next(neighbours.length)]!;
          const want = regex.test(text);
          want ? positives++ : negatives++;
          if (matcher.test(text) !== want) differ.push(`${language} ${bounded} ${JSON.stringify(text)} want ${want}`);
        }
      }
    }
    expect(differ).toEqual([]);
    expect(positives).toBeGreaterThan(5000);
    expect(negatives).toBeGreaterThan(5000);
  });

  it("needs a non-word neighbour on both sides in spaced languages, none in unspaced ones", () => {
    const m = badWordsMatcher(["ass", "two words"], true);
    expect(m.test("an ass.")).toBe(true);
    expect(m.test("ass")).toBe(true);
    expect(m.test("a class")).toBe(false);
    expect(m.test("assassin")).toBe(false);
    expect(m.test("_ass")).toBe(false);
    expect(m.test("𝐀ass")).toBe(false); // an astral letter is a word character
    expect(m.test("😀ass😀")).toBe(true); // an emoji is not
    expect(m.test("two words!")).toBe(true);
    expect(m.test("two  words")).toBe(false);
    expect(badWordsMatcher(["ass"], false).test("assassin")).toBe(true);
  });
});
