// The second pass of BPE training (Sennrich et al. 2016, byte-level as in GPT-2): starting from the
// 256 bytes, repeatedly merge the most frequent adjacent pair of tokens in the counted words into a
// new token. Done as Hugging Face's BpeTrainer does it (tokenizers/src/models/bpe/trainer.rs,
// do_train), so that the same words give the same merges:
// - pair counts are kept up to date by the changes each merge makes around the merged pair, with
//   the words each pair occurs in, instead of being recounted after every merge;
// - a priority queue ordered by count, then by the pair's ids (pair-heap.ts) gives the next merge;
//   an entry whose count has gone stale is pushed back with the current count (lazy invalidation);
// - a word is merged left to right without overlaps ("a a a" -> "aa a");
// - a merge whose string is already a token (ab+c and a+bc) reuses that token's id and does not
//   grow the vocabulary; training stops when the vocabulary is full or the best pair is seen fewer
//   than minFrequency times.
// One difference: when the pair of an earlier merge forms again (through such a reused id), it is
// merged again without writing its merge twice (Hugging Face writes the line again).
import { BYTE_CHAR, BYTE_ID, ID_BYTE } from "./byte-level.js";
import { PairHeap } from "./pair-heap.js";

/** Token ids stay below this, so a pair fits one number key (left * MAX_TOKENS + right). */
export const MAX_TOKENS = 2 ** 22;

export interface LearnMergesOptions {
  /** Stop when the vocabulary (the 256 bytes included) has this many tokens. */
  maxTokens: number;
  /** Stop when the most frequent pair occurs fewer times than this. */
  minFrequency: number;
}

export interface LearnedMerges {
  /** token id -> its byte-level string; 0..255 are the bytes (byte-level.ts). */
  tokens: string[];
  /** The merges in the order learned, as [left id, right id]. */
  merges: [number, number][];
}

interface PairState {
  count: number;
  /** Words the pair was seen in (some may no longer hold it), each once. */
  where: number[];
  /** The last merge step that added to it, to queue it once per step. */
  step: number;
}

export function learnMerges(wordCounts: ReadonlyMap<string, number>, options: LearnMergesOptions): LearnedMerges {
  const words = WordTable.from(wordCounts);
  const tokens = Array.from(ID_BYTE, (byte) => BYTE_CHAR[byte]!);
  const ids = new Map(tokens.map((t, id) => [t, id]));
  const merges: [number, number][] = [];
  const merged = new Set<number>();
  const pairs = new Map<number, PairState>();
  const heap = new PairHeap();
  let step = 0;
  const touched: number[] = [];

  const change = (left: number, right: number, delta: number, word: number): void => {
    const key = left * MAX_TOKENS + right;
    let pair = pairs.get(key);
    if (pair === undefined) {
      pair = { count: 0, where: [], step: -1 };
      pairs.set(key, pair);
    }
    pair.count += delta;
    if (delta > 0) {
      if (pair.where[pair.where.length - 1] !== word) pair.where.push(word);
      if (pair.step !== step) {
        pair.step = step;
        touched.push(key);
      }
    }
  };

  for (let w = 0; w < words.size; w++) {
    const { pool } = words;
    const start = words.start[w]!;
    const end = start + words.length[w]!;
    for (let i = start; i + 1 < end; i++) change(pool[i]!, pool[i + 1]!, words.count[w]!, w);
  }
  const queueTouched = () => {
    for (const key of touched) {
      const count = pairs.get(key)!.count;
      if (count > 0) heap.push(count, Math.floor(key / MAX_TOKENS), key % MAX_TOKENS);
    }
    touched.length = 0;
  };
  queueTouched();

  while (tokens.length < options.maxTokens) {
    const top = heap.pop();
    if (top === undefined) break;
    const [count, left, right] = top;
    const key = left * MAX_TOKENS + right;
    const pair = pairs.get(key)!;
    if (count !== pair.count) {
      if (pair.count > 0) heap.push(pair.count, left, right);
      continue;
    }
    if (count < options.minFrequency) break;

    const text = tokens[left]! + tokens[right]!;
    let id = ids.get(text);
    if (id === undefined) {
      id = tokens.length;
      tokens.push(text);
      ids.set(text, id);
    }
    if (!merged.has(key)) {
      merged.add(key);
      merges.push([left, right]);
    }
    step++;
    const where = pair.where;
    pair.where = [];
    for (const w of where) words.merge(w, left, right, id, change);
    pair.count = 0;
    queueTouched();
  }
  return { tokens, merges };
}

/** Every distinct word of two or more bytes as token ids, in one pool, shrinking as merges apply. */
class WordTable {
  pool = new Int32Array(1 << 16);
  start: Int32Array;
  length: Int32Array;
  count: Float64Array;
  size = 0;

  private constructor(capacity: number) {
    this.start = new Int32Array(capacity);
    this.length = new Int32Array(capacity);
    this.count = new Float64Array(capacity);
  }

  static from(wordCounts: ReadonlyMap<string, number>): WordTable {
    const table = new WordTable(wordCounts.size);
    const encoder = new TextEncoder();
    let bytes = new Uint8Array(256);
    let used = 0;
    for (const [word, count] of wordCounts) {
      if (bytes.length < word.length * 3) bytes = new Uint8Array(word.length * 3);
      const n = encoder.encodeInto(word, bytes).written;
      if (n < 2) continue; // a single byte has no pair
      if (used + n > table.pool.length) {
        const pool = new Int32Array(Math.max(table.pool.length * 2, used + n));
        pool.set(table.pool.subarray(0, used));
        table.pool = pool;
      }
      for (let i = 0; i < n; i++) table.pool[used + i] = BYTE_ID[bytes[i]!]!;
      table.start[table.size] = used;
      table.length[table.size] = n;
      table.count[table.size] = count;
      table.size++;
      used += n;
    }
    return table;
  }

  /**
   * Replaces each (a, b) in word w by c, left to right, and reports the pairs that lose or gain an
   * occurrence around each replacement, weighted by the word's count (trainer.rs calls Word::merge).
   */
  merge(w: number, a: number, b: number, c: number, change: (left: number, right: number, delta: number, word: number) => void): void {
    const pool = this.pool;
    const start = this.start[w]!;
    const end = start + this.length[w]!;
    const count = this.count[w]!;
    let out = start;
    for (let r = start; r < end;) {
      const symbol = pool[r]!;
      if (symbol === a && r + 1 < end && pool[r + 1] === b) {
        if (out > start) {
          const previous = pool[out - 1]!;
          change(previous, a, -count, w);
          change(previous, c, count, w);
        }
        if (r + 2 < end) {
          const next = pool[r + 2]!;
          change(b, next, -count, w);
          change(c, next, count, w);
        }
        pool[out++] = c;
        r += 2;
      } else {
        pool[out++] = symbol;
        r++;
      }
    }
    this.length[w] = out - start;
  }
}
