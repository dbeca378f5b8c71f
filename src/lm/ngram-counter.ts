// The counting pass of lmplz (kpu/kenlm lm/builder/corpus_count.cc): each sentence gets order-1
// <s> in front and </s> at the end, and every window of `order` words ending at a word or at </s>
// is counted, the padded ones (<s> <s> a) included: the estimator turns those into the counts of
// the shorter n-grams that start with <s>. Only the highest order is counted; lower orders come
// from these counts (adjust-counts.ts).
//
// Memory: one entry per distinct n-gram, its word ids packed in a Uint32Array, its count in a
// Float64Array, found through an open-addressing table of entry numbers; no object per n-gram.
import { fmix32, mixBlock } from "../hash/murmur3.js";
import { BOS, EOS, isSpecialWord, Vocabulary } from "./vocabulary.js";

export interface CountedNGrams {
  readonly order: number;
  readonly vocabulary: Vocabulary;
  /** Distinct n-grams counted. */
  readonly size: number;
  /** Entry i's words are grams[i * order .. (i + 1) * order). */
  readonly grams: Uint32Array;
  readonly counts: Float64Array;
  /** Words read, </s> not included (lmplz's "Unigram tokens"). */
  readonly tokens: number;
  /** Sentences read. */
  readonly sentences: number;
}

export class NGramCounter {
  readonly order: number;
  readonly vocabulary = new Vocabulary();
  private readonly skipSymbols: boolean;
  private size = 0;
  private grams: Uint32Array;
  private counts: Float64Array;
  private hashes: Int32Array;
  private slots: Int32Array;
  private mask: number;
  private readonly window: Uint32Array;
  private tokens = 0;
  private sentences = 0;

  constructor(order: number, options: { skipSymbols?: boolean } = {}) {
    this.order = order;
    this.skipSymbols = options.skipSymbols ?? false;
    const capacity = 1 << 12;
    this.grams = new Uint32Array(capacity * order);
    this.counts = new Float64Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.slots = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity * 2 - 1;
    this.window = new Uint32Array(order);
  }

  /**
   * Counts one sentence. <s>, </s> and <unk> in the text are refused, as lmplz does; with
   * `skipSymbols` they are dropped instead (lmplz --skip_symbols treats them as whitespace).
   * Returns false for a refused sentence, which is then not counted.
   */
  add(tokens: readonly string[]): boolean {
    const n = this.order;
    const ids = new Uint32Array(tokens.length + 1);
    let length = 0;
    for (const token of tokens) {
      if (token === "") continue;
      if (isSpecialWord(token)) {
        if (this.skipSymbols) continue;
        return false;
      }
      ids[length++] = this.vocabulary.intern(token);
    }
    ids[length++] = EOS;
    const window = this.window;
    window.fill(BOS);
    for (let i = 0; i < length; i++) {
      window.copyWithin(0, 1);
      window[n - 1] = ids[i]!;
      this.increment(window);
    }
    this.tokens += length - 1;
    this.sentences++;
    return true;
  }

  result(): CountedNGrams {
    return {
      order: this.order,
      vocabulary: this.vocabulary,
      size: this.size,
      grams: this.grams.subarray(0, this.size * this.order),
      counts: this.counts.subarray(0, this.size),
      tokens: this.tokens,
      sentences: this.sentences,
    };
  }

  private increment(window: Uint32Array): void {
    const n = this.order;
    const hash = tupleHash(window, 0, n);
    const grams = this.grams;
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === -1) break;
      if (this.hashes[entry] === hash && sameTuple(grams, entry * n, window, n)) {
        this.counts[entry]!++;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.size === this.counts.length) {
      this.grow();
      this.increment(window);
      return;
    }
    const entry = this.size++;
    this.slots[slot] = entry;
    this.hashes[entry] = hash;
    this.counts[entry] = 1;
    this.grams.set(window, entry * n);
  }

  /** Doubles the entries and the table (kept at most half full). */
  private grow(): void {
    const capacity = this.counts.length * 2;
    const grams = new Uint32Array(capacity * this.order);
    grams.set(this.grams);
    this.grams = grams;
    const counts = new Float64Array(capacity);
    counts.set(this.counts);
    this.counts = counts;
    const hashes = new Int32Array(capacity);
    hashes.set(this.hashes);
    this.hashes = hashes;
    this.slots = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity * 2 - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = hashes[entry]! & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry;
    }
  }
}

/** A 32-bit hash of ids[start .. start + n) (murmur3's mixing per word and its finalizer). */
export function tupleHash(ids: ArrayLike<number>, start: number, n: number): number {
  let h = 0x9747b28c ^ n;
  for (let k = start; k < start + n; k++) h = mixBlock(h, ids[k]!);
  return fmix32(h);
}

function sameTuple(grams: Uint32Array, at: number, window: Uint32Array, n: number): boolean {
  for (let k = 0; k < n; k++) if (grams[at + k] !== window[k]) return false;
  return true;
}
