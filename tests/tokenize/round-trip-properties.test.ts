// Property: decode(encode(x)) == x -- for OpenAI's cl100k_base and o200k_base, and for a tokenizer.json
// trained by trainBpe and loaded as users load one -- on random full-Unicode strings, strings of
// the characters that split pre-tokens oddly, and the sample corpus. A lone surrogate is not text:
// the tokenizers encode UTF-8, where it becomes U+FFFD (TextEncoder's rule, and tiktoken's, whose
// input is a Rust &str), so for those the property is decode(encode(x)) == x with U+FFFD in its place.
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { BpeEncoder, loadTokenizer, read, trainBpe, writeTokenizerJson, type TextTokenizer } from "../../src/index.js";
import { collect, FIXTURES, tempDir } from "../support.js";

const SEED = Number(process.env.CORPUSKIT_FC_SEED ?? 20_240_917);
const RUNS = 500;

/** What UTF-8 can carry of `text`: lone surrogates become U+FFFD. */
const wellFormed = (text: string) => Buffer.from(text, "utf8").toString("utf8");

const SPLITTERS = [
  "a",
  "Z",
  "é",
  "'",
  "'s",
  "'S",
  "'ll",
  "’",
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "\r",
  "\u00a0",
  "\u3000",
  "0",
  "123",
  "٣",
  "1234",
  ".",
  "...",
  ",",
  "!?",
  "/",
  "<|endoftext|>",
  "<|fim_prefix|>",
  "中文",
  "日本語",
  "한국어",
  "ع",
  "\u0301",
  "\u200d",
  "👩‍👩‍👧",
  "🇯🇵",
  "\u0000",
  "\u001b",
  "\ufeff",
  "\ud800",
  "\udfff",
  "ſ",
  "İ",
  "ǅ",
  "\u2028",
];
const arbitraries = {
  "random strings of any code unit": fc.string({ unit: "binary", maxLength: 300 }),
  "random strings of whole graphemes": fc.string({ unit: "grapheme-composite", maxLength: 200 }),
  "strings of pre-token splitters": fc.string({ unit: fc.constantFrom(...SPLITTERS), maxLength: 80 }),
};

let samples: string[] = [];
beforeAll(async () => {
  samples = (await collect(read([`${FIXTURES}/udhr.jsonl`, "examples/data/web.jsonl.gz"]))).map((d) => d.text);
});

function roundTrips(name: string, tokenizer: () => { encode(text: string): number[]; decode(ids: number[]): string }) {
  for (const [label, arbitrary] of Object.entries(arbitraries)) {
    it(`${name}: decode(encode(x)) == x on ${label}`, () => {
      fc.assert(
        fc.property(arbitrary, (text) => {
          expect(tokenizer().decode(tokenizer().encode(text))).toBe(wellFormed(text));
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }
  it(`${name}: decode(encode(x)) == x on the sample corpus`, () => {
    for (const text of samples) expect(tokenizer().decode(tokenizer().encode(text))).toBe(text);
  });
}

describe("tiktoken encodings", () => {
  const loaded: Record<string, TextTokenizer> = {};
  beforeAll(async () => {
    loaded.cl100k_base = await loadTokenizer("cl100k_base");
    loaded.o200k_base = await loadTokenizer("o200k_base");
  });
  roundTrips("cl100k_base", () => loaded.cl100k_base!);
  roundTrips("o200k_base", () => loaded.o200k_base!);
});

describe("a tokenizer.json trained by trainBpe", () => {
  let fromFile: TextTokenizer;
  let ours: BpeEncoder;
  beforeAll(async () => {
    const trained = await trainBpe(read(`${FIXTURES}/udhr.jsonl`), { vocabSize: 600 });
    const path = join(await tempDir(), "tokenizer.json");
    await writeTokenizerJson(trained, path);
    fromFile = await loadTokenizer(path);
    ours = BpeEncoder.fromTokenizerJson(trained);
  });
  roundTrips("loaded with loadTokenizer (@huggingface/tokenizers)", () => fromFile);
  roundTrips("our BpeEncoder", () => ({ encode: (t) => ours.encode(t), decode: (ids) => ours.decode(ids) }));
});
