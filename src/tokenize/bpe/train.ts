// trainBpe(): a byte-level BPE tokenizer from a corpus, as Hugging Face's BpeTrainer trains one
// with a ByteLevel alphabet: count the pre-tokenized words in one streaming pass (word-counts.ts),
// learn the merges from the counts (learn-merges.ts), and give the tokenizer.json object
// (tokenizer-json.ts). The same texts and options give the same tokenizer, byte for byte.
import { z } from "zod";
import { InputError } from "../../errors.js";
import { parseOptions } from "../../options.js";
import { learnMerges, MAX_TOKENS } from "./learn-merges.js";
import { PRETOKENIZERS } from "./pretokenize.js";
import { tokenizerJson, type TokenizerJson } from "./tokenizer-json.js";
import { WordCounter } from "./word-counts.js";

export const TrainBpeOptions = z
  .object({
    vocabSize: z
      .number()
      .int()
      .max(MAX_TOKENS)
      .default(32000)
      .describe("tokens in the vocabulary: the 256 bytes, the merged tokens and the special tokens (Hugging Face's vocab_size counts them the same way)"),
    specialTokens: z
      .array(z.string().min(1))
      .default(["<|endoftext|>"])
      .describe("special tokens, given the ids after the merged tokens; in training text they separate words and are not learned from"),
    minFrequency: z.number().int().min(1).default(2).describe("stop merging when the most frequent pair occurs fewer times than this"),
    pretokenizer: z.enum(PRETOKENIZERS).default("cl100k").describe("the word-splitting pattern: GPT-4's cl100k_base or GPT-2's"),
    maxWords: z
      .number()
      .int()
      .min(1000)
      .max(2 ** 24)
      .default(8_000_000)
      .describe("distinct words kept while counting; past it the rarest are dropped (word-counts.ts)"),
    source: z.string().default("<texts>").describe("name of the input in error messages"),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.vocabSize < 256 + o.specialTokens.length) {
      ctx.addIssue({
        code: "custom",
        path: ["vocabSize"],
        message: `must be at least 256 bytes + ${o.specialTokens.length} special tokens = ${256 + o.specialTokens.length}`,
      });
    }
    const seen = new Set<string>();
    o.specialTokens.forEach((t, i) => {
      if (seen.has(t)) ctx.addIssue({ code: "custom", path: ["specialTokens", i], message: `"${t}" is listed twice` });
      seen.add(t);
    });
  });
export type TrainBpeInput = z.input<typeof TrainBpeOptions>;

/** A text, or a document whose `text` is read (so `trainBpe(read("data/"))` works). */
export type BpeTrainingText = string | { readonly text: string };

/**
 * Trains a byte-level BPE tokenizer and returns its tokenizer.json object.
 * @example await writeTokenizerJson(await trainBpe(read("data/*.jsonl.gz"), { vocabSize: 32000 }), "tokenizer.json");
 */
export async function trainBpe(texts: AsyncIterable<BpeTrainingText> | Iterable<BpeTrainingText>, options: TrainBpeInput = {}): Promise<TokenizerJson> {
  const o = parseOptions(TrainBpeOptions, options, "trainBpe");
  const counter = new WordCounter(o.pretokenizer, o.specialTokens, o.maxWords);
  let record = 0;
  for await (const item of texts) {
    record++;
    const text: unknown = typeof item === "string" ? item : (item as { text?: unknown } | null)?.text;
    if (typeof text !== "string") throw new InputError({ file: o.source, record }, `expected a string or a document with a text, got ${describe(item)}`);
    counter.add(text);
  }
  const { tokens, merges } = learnMerges(counter.counts, { maxTokens: o.vocabSize - o.specialTokens.length, minFrequency: o.minFrequency });
  return tokenizerJson(tokens, merges, o.specialTokens, o.pretokenizer);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return "an object without a string text";
  return typeof value;
}
