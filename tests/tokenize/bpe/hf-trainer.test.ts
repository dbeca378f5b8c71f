// Our trainer against Hugging Face's own BpeTrainer (the Rust `tokenizers` crate, through the
// native binding @anush008/tokenizers) on the same text: every merge the same, in the same order.
// The binding trains with BpeTrainer's defaults (vocab_size 30000, min_frequency 0, no special
// tokens, the alphabet of the characters seen) and reads files line by line, each line with its
// "\n"; ours gets the same lines, no special tokens and minFrequency 1, so the stopping rules differ
// and the comparison runs over Hugging Face's merges.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer as NativeTokenizer } from "@anush008/tokenizers";
import { describe, expect, it } from "vitest";
import { PRETOKENIZERS, SPLIT_PATTERN, trainBpe } from "../../../src/tokenize/bpe/index.js";
import { tempDir } from "../../support.js";
import { sampleLines } from "./texts.js";

/** An untrained tokenizer.json with our pre-tokenizer: what Hugging Face's trainer starts from. */
function untrained(pattern: string): string {
  return JSON.stringify({
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: pattern }, behavior: "Isolated", invert: false },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: null,
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: {},
      merges: [],
    },
  });
}

describe.each(PRETOKENIZERS)("merges learned from the sample corpus with the %s pattern", (name) => {
  it("are Hugging Face BpeTrainer's, all of them, in order", async () => {
    const lines = await sampleLines();
    const dir = await tempDir();
    writeFileSync(join(dir, "corpus.txt"), lines.join(""));
    const native = NativeTokenizer.fromString(untrained(SPLIT_PATTERN[name]));
    native.train([join(dir, "corpus.txt")]);
    native.save(join(dir, "hf.json"), false);
    const hf = JSON.parse(readFileSync(join(dir, "hf.json"), "utf8")) as { model: { vocab: Record<string, number>; merges: (string | [string, string])[] } };
    const hfMerges = hf.model.merges.map((m) => (Array.isArray(m) ? m.join(" ") : m));
    expect(Object.keys(hf.model.vocab)).toHaveLength(30000);
    expect(hfMerges.length).toBeGreaterThan(29000);

    const ours = await trainBpe(lines, { vocabSize: 256 + hfMerges.length, specialTokens: [], minFrequency: 1, pretokenizer: name });
    expect(ours.model.merges).toEqual(hfMerges);
  });
});
