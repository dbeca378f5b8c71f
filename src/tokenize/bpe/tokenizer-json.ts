// The trained tokenizer as Hugging Face's tokenizer.json (the format `tokenizers` and
// `@huggingface/tokenizers` load): a byte-level BPE model as GPT-2, RoBERTa and Llama 3 have it.
// - pre_tokenizer: Split on the GPT-2 or cl100k pattern (pretokenize.ts), then ByteLevel without
//   its own regex, which maps each word's UTF-8 bytes to GPT-2's characters (byte-level.ts);
// - model: vocab (the 256 bytes first, then the merged tokens in the order learned, then the
//   special tokens) and merges, written "left right": a byte-level token holds no space, and this
//   form is read by every version of the format (arrays of two strings need tokenizers >= 0.20);
// - decoder: ByteLevel, back from characters to bytes to text;
// - added_tokens: the special tokens, matched in the text before pre-tokenization.
import { rename, rm, writeFile } from "node:fs/promises";
import { OutputError } from "../../errors.js";
import { SPLIT_PATTERN, type PretokenizerName } from "./pretokenize.js";

export interface AddedTokenJson {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

export interface SplitPreTokenizerJson {
  type: "Split";
  pattern: { Regex: string };
  behavior: "Isolated";
  invert: false;
}

export interface ByteLevelJson {
  type: "ByteLevel";
  add_prefix_space: false;
  trim_offsets: boolean;
  use_regex: false;
}

export interface TokenizerJson {
  version: "1.0";
  truncation: null;
  padding: null;
  added_tokens: AddedTokenJson[];
  normalizer: null;
  pre_tokenizer: { type: "Sequence"; pretokenizers: [SplitPreTokenizerJson, ByteLevelJson] };
  post_processor: null;
  decoder: ByteLevelJson;
  model: {
    type: "BPE";
    dropout: null;
    unk_token: null;
    continuing_subword_prefix: null;
    end_of_word_suffix: null;
    fuse_unk: false;
    byte_fallback: false;
    ignore_merges: false;
    /** token -> id; byte-level strings, then the special tokens as they are. */
    vocab: Record<string, number>;
    /** "left right", in rank order. */
    merges: string[];
  };
}

/** Builds the tokenizer.json object from the learned tokens (ids 0..n-1) and merges. */
export function tokenizerJson(
  tokens: readonly string[],
  merges: readonly (readonly [number, number])[],
  specialTokens: readonly string[],
  pretokenizer: PretokenizerName,
): TokenizerJson {
  const ids = new Map(tokens.map((t, id) => [t, id]));
  const specials: { content: string; id: number }[] = [];
  let next = tokens.length;
  for (const content of specialTokens) {
    // A special token spelt like a learned token (possible only for printable ASCII or Latin-1 text,
    // which stands for itself in byte-level strings) keeps that token's id, as in Hugging Face's
    // trainer, where the special tokens come first and a merge with the same string reuses their id.
    const id = ids.get(content) ?? next++;
    ids.set(content, id);
    specials.push({ content, id });
  }
  // Object.fromEntries makes own properties even for a token such as "__proto__".
  const vocab: Record<string, number> = Object.fromEntries(ids);
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: specials.map(({ id, content }) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: SPLIT_PATTERN[pretokenizer] }, behavior: "Isolated", invert: false },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: merges.map(([left, right]) => `${tokens[left]} ${tokens[right]}`),
    },
  };
}

const VOCAB_MARK = "\u0000vocab\u0000";
const MERGES_MARK = "\u0000merges\u0000";

/**
 * The file's text: indented JSON as Hugging Face writes it, but one vocab entry and one merge per
 * line, and the vocab in id order (a JavaScript object would put keys such as "0" or "2019" first).
 * The same object gives the same bytes.
 */
export function tokenizerJsonText(json: TokenizerJson): string {
  const { vocab, merges, ...model } = json.model;
  const skeleton = JSON.stringify({ ...json, model: { ...model, vocab: VOCAB_MARK, merges: MERGES_MARK } }, null, 2);
  const entries = Object.entries(vocab).sort((a, b) => a[1] - b[1]);
  const vocabText = entries.length === 0 ? "{}" : `{\n${entries.map(([t, id]) => `      ${JSON.stringify(t)}: ${id}`).join(",\n")}\n    }`;
  const mergesText = merges.length === 0 ? "[]" : `[\n${merges.map((m) => `      ${JSON.stringify(m)}`).join(",\n")}\n    ]`;
  return `${skeleton.replace(JSON.stringify(VOCAB_MARK), () => vocabText).replace(JSON.stringify(MERGES_MARK), () => mergesText)}\n`;
}

/**
 * Writes tokenizer.json. The file appears under its name only when complete (written to a
 * temporary name, then renamed), so a failed run never leaves a truncated tokenizer that would load.
 */
export async function writeTokenizerJson(json: TokenizerJson, path: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, tokenizerJsonText(json));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new OutputError(path, `cannot write: ${(error as Error).message}`, { cause: error });
  }
}
