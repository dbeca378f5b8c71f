import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countWords, read, splitWords } from "../../src/index.js";
import { minWordCount } from "../../src/text/words.js";
import { collect, FIXTURES } from "../support.js";

const udhr = Object.fromEntries(
  readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { lang: string; text: string })
    .map((r) => [r.lang, r.text]),
);

describe("splitWords", () => {
  it("splits English like datatrove's spaCy tokenizer: punctuation apart, whitespace gone", () => {
    expect(splitWords("'Hello world!' said Frodo... It costs 3.14 dollars.")).toEqual([
      "'",
      "Hello",
      "world",
      "!",
      "'",
      "said",
      "Frodo",
      "...",
      "It",
      "costs",
      "3.14",
      "dollars",
      ".",
    ]);
  });
  it("peels one mark off either end of words in any spaced script, and keeps harder chunks to the general rules", () => {
    expect(splitWords("«Привет», (café) naïve. Ελλάδα; 'x' “über”")).toEqual([
      "«",
      "Привет",
      "»",
      ",",
      "(",
      "café",
      ")",
      "naïve",
      ".",
      "Ελλάδα",
      ";",
      "'",
      "x",
      "'",
      "“",
      "über",
      "”",
    ]);
    // two marks, abbreviations, infixes and URLs are not the one-mark shape
    expect(splitWords("U.S. e-mail... (a), https://x.org/a,b 3.14,")).toEqual([
      "U.S.",
      "e",
      "-",
      "mail",
      "...",
      "(",
      "a",
      ")",
      ",",
      "https://x.org/a,b",
      "3.14",
      ",",
    ]);
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

describe("minWordCount", () => {
  // Every whitespace character of Python and JavaScript, marks that attach to a space in ICU, and
  // visible pieces of each script: what the bound must survive.
  const pieces = [
    " ",
    "\n",
    "\t",
    "\r\n",
    "\u000b",
    "\u000c",
    "\u001c",
    "\u0085",
    "\u00a0",
    "\u2003",
    "\u2028",
    "\u3000",
    "\ufeff",
    "\u200b",
    "\u0301",
    "word",
    "don't",
    "U.S.",
    "3.14",
    "(a)",
    "...",
    "人人生而",
    "自由",
    "x86_64",
    "。",
    "日本語の",
    "テキスト",
    "ภาษาไทย",
    "😀",
    "#",
  ];
  const fuzzed = Array.from({ length: 4000 }, (_, i) => {
    let s = "";
    let x = i * 2654435761;
    for (let k = 0; k < 1 + (i % 9); k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      s += pieces[x % pieces.length]!;
    }
    return s;
  });
  it("never exceeds the words splitWords gives, on the sample, UDHR and fuzzed text in every route", async () => {
    const sample = (await collect(read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,txt,wet.gz}", { split: "paragraph" }))).map((d) => d.text);
    const texts = [...sample, ...Object.values(udhr), ...fuzzed];
    const over: string[] = [];
    let tight = 0;
    for (const text of texts) {
      for (const language of [undefined, "en", "zh", "ja", "th"]) {
        const n = splitWords(text, language).length;
        const bound = minWordCount(text);
        if (bound > n) over.push(JSON.stringify({ text: text.slice(0, 80), language, n, bound }));
        if (language === undefined && bound === n) tight++;
      }
    }
    expect(over).toEqual([]);
    // and it is a useful bound: equal to the word count for a good share of texts
    expect(tight).toBeGreaterThan(texts.length / 10);
  });
  it("counts runs that hold something visible", () => {
    expect(minWordCount("")).toBe(0);
    expect(minWordCount(" \u3000 \n\ufeff\t")).toBe(0);
    expect(minWordCount("a b\n\nc\u3000d")).toBe(3);
    expect(minWordCount("\u200b x")).toBe(2);
  });
});
