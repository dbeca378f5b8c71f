import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countWords, splitWords } from "../../src/index.js";
import { FIXTURES } from "../support.js";

const udhr = Object.fromEntries(readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { lang: string; text: string }).map((r) => [r.lang, r.text]));

describe("splitWords", () => {
  it("splits English like datatrove's spaCy tokenizer: punctuation apart, whitespace gone", () => {
    expect(splitWords("'Hello world!' said Frodo... It costs 3.14 dollars.")).toEqual(["'", "Hello", "world", "!", "'", "said", "Frodo", "...", "It", "costs", "3.14", "dollars", "."]);
  });
  it("peels one mark off either end of words in any spaced script, and keeps harder chunks to the general rules", () => {
    expect(splitWords("«Привет», (café) naïve. Ελλάδα; 'x' “über”")).toEqual(["«", "Привет", "»", ",", "(", "café", ")", "naïve", ".", "Ελλάδα", ";", "'", "x", "'", "“", "über", "”"]);
    // two marks, abbreviations, infixes and URLs are not the one-mark shape
    expect(splitWords("U.S. e-mail... (a), https://x.org/a,b 3.14,")).toEqual(["U.S.", "e", "-", "mail", "...", "(", "a", ")", ",", "https://x.org/a,b", "3.14", ","]);
  });
  it("finds real words in Chinese and Japanese, not characters or one blob", () => {
    const zh = splitWords("人人生而自由，在尊严和权利上一律平等。", "zh");
    // jieba's words (Python jieba gives the same: 人人|生而自由|，|在|尊严|和|权利|上|一律平等|。)
    expect(zh).toContain("生而自由");
    expect(zh).toContain("尊严");
    expect(zh.length).toBeGreaterThan(6);
    expect(zh.length).toBeLessThan("人人生而自由在尊严和权利上一律平等".length);
    const ja = splitWords(udhr["ja"]!.split("\n\n")[2]!);
    expect(ja.some((w) => [...w].length >= 2)).toBe(true);
  });
  it("counts words of every UDHR translation in the fixtures sensibly", () => {
    for (const [lang, text] of Object.entries(udhr)) {
      const n = countWords(text);
      // every translation of the same paragraphs has hundreds of words, whatever the script
      expect(n, lang).toBeGreaterThan(150);
      expect(n, lang).toBeLessThan(1500);
    }
  });
});
