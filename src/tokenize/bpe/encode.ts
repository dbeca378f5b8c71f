// A small encoder for the tokenizer.json files trainBpe writes: special tokens, then the
// pre-tokenizer's words, then BPE on each word's bytes, applying the merge of lowest rank first and
// the leftmost of equal rank (as Hugging Face's BPE model does with its rank-ordered queue, and
// GPT-2's encoder.py). It exists to check trained tokenizers independently of the libraries that
// load them; for encoding a corpus, use the tokenize step.
import { ConfigError } from "../../errors.js";
import { BYTE_CHAR, CHAR_BYTE } from "./byte-level.js";
import { MAX_TOKENS } from "./learn-merges.js";
import { PRETOKENIZERS, SPLIT_PATTERN, pretokenizer, specialSplitter, type Segment } from "./pretokenize.js";
import type { TokenizerJson } from "./tokenizer-json.js";
import { decodeTokenBytes } from "../decode-bytes.js";

/** Words longer than this are not cached (they are rare and would crowd out the common ones). */
const CACHED_WORD_LENGTH = 64;
const CACHE_SIZE = 100_000;

export class BpeEncoder {
  private readonly byteIds: Int32Array;
  private readonly ranks = new Map<number, { rank: number; id: number }>();
  private readonly tokenBytes: Uint8Array[] = [];
  private readonly specialIds = new Map<string, number>();
  private readonly split: (text: string) => string[];
  private readonly segments: (text: string) => Segment[];
  private readonly cache = new Map<string, readonly number[]>();
  private readonly utf8 = new TextEncoder();

  private constructor(json: TokenizerJson) {
    const where = "BpeEncoder";
    const model = json.model;
    const split = json.pre_tokenizer?.pretokenizers?.[0];
    const name = PRETOKENIZERS.find((n) => SPLIT_PATTERN[n] === split?.pattern?.Regex);
    if (model?.type !== "BPE" || json.pre_tokenizer?.type !== "Sequence" || json.pre_tokenizer.pretokenizers[1]?.type !== "ByteLevel" || name === undefined) {
      throw new ConfigError(
        where,
        "reads only byte-level BPE tokenizer.json files as trainBpe writes them (Split on the gpt2 or cl100k pattern, then ByteLevel)",
      );
    }
    const vocab = new Map(Object.entries(model.vocab));
    const specials = new Set(json.added_tokens.map((t) => t.content));
    for (const [token, id] of vocab) {
      this.tokenBytes[id] = specials.has(token) ? this.utf8.encode(token) : Uint8Array.from(token, (c) => byteOf(c, token));
    }
    for (const t of json.added_tokens) this.specialIds.set(t.content, t.id);
    this.byteIds = Int32Array.from(BYTE_CHAR, (c) => vocab.get(c) ?? fail(`the byte token ${JSON.stringify(c)} is missing from the vocab`));
    model.merges.forEach((merge, rank) => {
      const [left, right] = merge.split(" ");
      const l = vocab.get(left!);
      const r = vocab.get(right!);
      const id = vocab.get(left! + right!);
      if (l === undefined || r === undefined || id === undefined) fail(`merge ${rank} "${merge}" names a token that is not in the vocab`);
      const key = l * MAX_TOKENS + r;
      if (!this.ranks.has(key)) this.ranks.set(key, { rank, id });
    });
    this.split = pretokenizer(name);
    this.segments = specialSplitter([...this.specialIds.keys()]);

    function fail(what: string): never {
      throw new ConfigError(where, what);
    }
  }

  static fromTokenizerJson(json: TokenizerJson): BpeEncoder {
    return new BpeEncoder(json);
  }

  /** The token ids of a text; special tokens in it become their ids. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const segment of this.segments(text)) {
      if (segment.special) {
        ids.push(this.specialIds.get(segment.text)!);
        continue;
      }
      for (const word of this.split(segment.text)) for (const id of this.encodeWord(word)) ids.push(id);
    }
    return ids;
  }

  /** The text of token ids; bytes that are not valid UTF-8 become U+FFFD, as in Hugging Face's decoder. */
  decode(ids: Iterable<number>): string {
    return decodeTokenBytes(
      ids,
      (id) => this.tokenBytes[id],
      (id) => new ConfigError("BpeEncoder", `unknown token id ${id}`),
    );
  }

  private encodeWord(word: string): readonly number[] {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const symbols = Array.from(this.utf8.encode(word), (b) => this.byteIds[b]!);
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      let bestId = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const merge = this.ranks.get(symbols[i]! * MAX_TOKENS + symbols[i + 1]!);
        if (merge !== undefined && merge.rank < bestRank) {
          best = i;
          bestRank = merge.rank;
          bestId = merge.id;
        }
      }
      if (best < 0) break;
      symbols.splice(best, 2, bestId);
    }
    if (word.length <= CACHED_WORD_LENGTH) {
      if (this.cache.size >= CACHE_SIZE) this.cache.clear();
      this.cache.set(word, symbols);
    }
    return symbols;
  }
}

function byteOf(char: string, token: string): number {
  const byte = CHAR_BYTE.get(char);
  if (byte === undefined)
    throw new ConfigError("BpeEncoder", `the token ${JSON.stringify(token)} holds ${JSON.stringify(char)}, which is not a byte-level character`);
  return byte;
}
