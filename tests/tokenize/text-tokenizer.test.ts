// Exactness: our tokenizers give the ids of tiktoken (the WebAssembly build of OpenAI's Rust
// library) for the OpenAI encodings on the UDHR in every language of the fixtures, the sample corpus,
// and edge cases. The tokenizer.json files against the native Hugging Face binding are in
// tokenizer-json-bpe.test.ts, where each file loads once.
import { describe, expect, it } from "vitest";
import { get_encoding } from "tiktoken";
import { loadTokenizer } from "../../src/tokenize/text-tokenizer.js";
import { ConfigError, InputError } from "../../src/errors.js";
import { read } from "../../src/io/read.js";
import { collect } from "../support.js";
import { EDGE, udhrTexts } from "./bpe/texts.js";

const udhr = udhrTexts();

describe("tiktoken encodings (gpt-tokenizer)", async () => {
  const sample = (await collect(read("examples/data/*.{jsonl.gz,jsonl.zst,csv}"))).map((d) => d.text);
  for (const name of ["cl100k_base", "o200k_base", "p50k_base", "r50k_base"] as const) {
    it(`${name}: the same ids as tiktoken on the UDHR, the sample corpus and edge cases`, async () => {
      const ours = await loadTokenizer(name);
      const reference = get_encoding(name);
      try {
        let compared = 0;
        for (const text of [...udhr, ...sample, ...EDGE]) {
          // tiktoken: no special tokens allowed, none disallowed -- plain text, as ours
          expect(ours.encode(text), JSON.stringify(text.slice(0, 40))).toEqual([...reference.encode(text, [], [])]);
          compared++;
        }
        expect(compared).toBeGreaterThan(800);
        expect(ours.eos).toBe(reference.encode("<|endoftext|>", "all")[0]);
        expect(ours.vocabSize).toBeGreaterThan(50_000);
      } finally {
        reference.free();
      }
    });
  }
  it("decodes back to the text", async () => {
    const ours = await loadTokenizer("cl100k_base");
    for (const text of [...udhr, ...EDGE.filter((t) => !/[\ud800-\udfff]/.test(t))]) expect(ours.decode(ours.encode(text))).toBe(text);
  });
});

describe("loadTokenizer", () => {
  it("names what it does not know", async () => {
    await expect(loadTokenizer("cl200k")).rejects.toThrow(ConfigError);
    await expect(loadTokenizer("no/such/tokenizer.json")).rejects.toThrow(InputError);
  });
});
