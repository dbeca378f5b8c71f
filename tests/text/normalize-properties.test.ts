// Property: text cleaning is idempotent -- cleaning clean text changes nothing -- on any string
// (lone surrogates included), on strings built from the characters that trip normalizers (combining
// marks, controls, odd spaces, separators, case-changing letters) and on the sample corpus.
// CCNet's normalizer (text_normalizer.py) strips *before* it maps punctuation and deletes control
// characters, so its output may end in a space that a second pass strips ("．" -> ". " -> "."), in
// CCNet's Python as here; the port keeps that order, so its property is f(f(x)) == strip(f(x)).
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ccnetNormalize, cleanText, normalizeForDedup, read } from "../../src/index.js";
import { pythonStrip } from "../../src/text/normalize.js";
import { collect, FIXTURES } from "../support.js";

const SEED = Number(process.env.CORPUSKIT_FC_SEED ?? 20_240_917);
const RUNS = 2000;

const TRICKY = [
  "e",
  "E",
  "a",
  " ",
  "\t",
  "\n",
  "\r",
  "\r\n",
  "\u000b",
  "\u000c",
  "\u0000",
  "\u0001",
  "\u001b",
  "\u001c",
  "\u007f",
  "\u0085",
  "\u009f",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u2001",
  "\u2009",
  "\u202f",
  "\u205f",
  "\u3000",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\u200b",
  "\u200d",
  "\u202e",
  "\u0301",
  "\u0300",
  "\u0327",
  "\u0345",
  "\u0308",
  "İ",
  "ß",
  "ﬁ",
  "ﬀ",
  "Σ",
  "ς",
  "Ǆ",
  "ῼ",
  "Å",
  "Å",
  "Ω",
  "K",
  "가",
  "\u1100",
  "\u1161",
  "1",
  "٣",
  "१",
  ".",
  "，",
  "．",
  "。",
  "—",
  "…",
  "«",
  "’",
  "\ud800",
  "\udc00",
  "😀",
  "🇯",
  "🇵",
  "中",
];
const tricky = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 60 });
const anyString = fc.string({ unit: "binary", maxLength: 200 });
const graphemes = fc.string({ unit: "grapheme-composite", maxLength: 100 });

let samples: string[] = [];
beforeAll(async () => {
  const docs = await collect(read([`${FIXTURES}/udhr.jsonl`, "examples/data/web.jsonl.gz", "examples/data/books.jsonl.zst", "examples/data/crawl.wet.gz"]));
  samples = docs.map((d) => d.text);
  samples.push(readFileSync(`${FIXTURES}/udhr-zh-hant.utf8.txt`, "utf8"));
});

describe("cleanText (the normalize step)", () => {
  for (const [name, arbitrary] of [
    ["any string, lone surrogates included", anyString],
    ["strings of tricky characters", tricky],
    ["strings of whole graphemes", graphemes],
  ] as const) {
    it(`is idempotent on ${name}`, () => {
      fc.assert(
        fc.property(arbitrary, (text) => {
          const once = cleanText(text);
          expect(cleanText(once)).toBe(once);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  it("is idempotent on every sample document", () => {
    expect(samples.length).toBeGreaterThan(300);
    for (const text of samples) {
      const once = cleanText(text);
      expect(cleanText(once)).toBe(once);
    }
  });

  it("a removed control character between a letter and its accent: the two compose (NFC runs last)", () => {
    expect(cleanText("e\u0001\u0301")).toBe("é");
    expect(cleanText(cleanText("e\u0001\u0301"))).toBe("é");
  });
});

describe("CCNet's normalizers", () => {
  const variants: [string, (s: string) => string][] = [
    ["ccnetNormalize", (s) => ccnetNormalize(s)],
    ["ccnetNormalize, punctuation removed", (s) => ccnetNormalize(s, { punct: 2 })],
    ["ccnetNormalize, case and accents kept", (s) => ccnetNormalize(s, { case: false, accent: false })],
    ["normalizeForDedup", normalizeForDedup],
  ];
  for (const [name, f] of variants) {
    it(`${name}: a second pass only strips the ends, on any string and on tricky characters`, () => {
      fc.assert(
        fc.property(fc.oneof(anyString, tricky, graphemes), (text) => {
          const once = f(text);
          expect(f(once)).toBe(pythonStrip(once));
          // and from there on, nothing changes
          expect(f(pythonStrip(once))).toBe(pythonStrip(once));
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });

    it(`${name}: the same on every line of the sample corpus`, () => {
      for (const text of samples) {
        for (const line of text.split("\n")) {
          const once = f(line);
          expect(f(once)).toBe(pythonStrip(once));
        }
      }
    });
  }

  it("the one way a second pass differs, as in CCNet's Python: a mapped or deleted character at the end", () => {
    expect(ccnetNormalize("end．")).toBe("end. ");
    expect(ccnetNormalize(ccnetNormalize("end．"))).toBe("end.");
    expect(normalizeForDedup("text \u0001")).toBe("text ");
  });
});
