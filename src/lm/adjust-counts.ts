// Adjusted counts (Kneser-Ney's continuation counts) for every order, in one pass over the counted
// highest-order n-grams in suffix order, as lmplz does it (kpu/kenlm lm/builder/adjust_counts.cc):
// - the highest order keeps its counts;
// - a lower-order n-gram's adjusted count is the number of distinct words seen before it,
//   <s> included ("a" after "<s> a" and "x a" counts 2);
// - an n-gram that starts with <s> keeps its count: nothing can come before <s>.
// Padded windows (<s> <s> a) are not n-grams of the highest order; they only give the shorter
// n-gram from their last <s> (<s> a). lmplz's statistics for the discounts, the number of n-grams
// with adjusted count 1, 2, 3 and 4 per order, are gathered here, and so are the raw counts that
// --prune compares with its thresholds.
import type { CountedNGrams } from "./ngram-counter.js";
import { BOS } from "./vocabulary.js";

export interface AdjustedLevel {
  /** The n of these n-grams. */
  readonly n: number;
  readonly size: number;
  /** For n >= 2, the counted n-gram whose last n words this n-gram is; for n = 1, entry e is word e. */
  readonly source: Uint32Array;
  readonly adjusted: Float64Array;
  /** Occurrences in the text, which --prune compares with its threshold. */
  readonly raw: Float64Array;
  /** For n >= 2, the entry at level n-1 of this n-gram without its first word. */
  readonly suffix: Int32Array;
  /** 1 when --prune drops it. */
  readonly pruned: Uint8Array;
}

export interface AdjustedCounts {
  /** levels[n - 1] holds the n-grams, each level in suffix order (the ARPA file's order). */
  readonly levels: AdjustedLevel[];
  /** countsOfCounts[n - 1][k] for k = 1..4: n-grams with adjusted count k, pruned ones included. */
  readonly countsOfCounts: number[][];
}

/**
 * @param sorted the counted entries in suffix order (suffixOrder)
 * @param prune lmplz's --prune thresholds, one per order: a count at or below is dropped
 */
export function adjustCounts(counted: CountedNGrams, sorted: Uint32Array, prune: readonly number[]): AdjustedCounts {
  const N = counted.order;
  const { grams, counts } = counted;
  const vocabularySize = counted.vocabulary.size;
  const sizes = levelSizes(counted, sorted);
  const levels: AdjustedLevel[] = [];
  for (let n = 1; n <= N; n++) {
    const size = n === 1 ? vocabularySize : sizes[n]!;
    levels.push({
      n,
      size,
      source: new Uint32Array(n === 1 ? 0 : size),
      adjusted: new Float64Array(size),
      raw: new Float64Array(size),
      suffix: new Int32Array(n === 1 ? 0 : size),
      pruned: new Uint8Array(size),
    });
  }

  if (N === 1) {
    // Unigrams only: the counts are the counts (adjust_counts.cc's early return).
    const level = levels[0]!;
    for (let g = 0; g < counted.size; g++) {
      level.raw[grams[g]!] = counts[g]!;
      level.adjusted[grams[g]!] = counts[g]!;
    }
  } else {
    const current = new Int32Array(N).fill(-1);
    const next = new Int32Array(N + 1);
    for (let i = 0; i < sorted.length; i++) {
      const g = sorted[i]!;
      const base = g * N;
      const c = counts[g]!;
      const same = i === 0 ? 0 : sharedSuffix(grams, base, sorted[i - 1]! * N, N);
      const b = lastPadding(grams, base, N);
      const top = b > 0 ? N - b : N - 1;
      for (let n = 1; n <= same; n++) levels[n - 1]!.raw[current[n]!]! += c;
      // The (same+1)-word suffix is new: one more distinct word before the same-word suffix.
      if (same >= 1) levels[same - 1]!.adjusted[current[same]!]!++;
      for (let n = same + 1; n <= top; n++) {
        const level = levels[n - 1]!;
        const e = n === 1 ? grams[base + N - 1]! : next[n]!++;
        current[n] = e;
        level.raw[e] = c;
        // the n-gram from the last <s> of a padded window keeps its count
        level.adjusted[e] = b > 0 && n === top ? c : 1;
        if (n > 1) {
          level.source[e] = g;
          level.suffix[e] = current[n - 1]!;
        }
      }
      if (b === 0) {
        const level = levels[N - 1]!;
        const e = next[N]!++;
        level.source[e] = g;
        level.raw[e] = c;
        level.adjusted[e] = c;
        level.suffix[e] = current[N - 1]!;
      }
    }
  }

  // lmplz's last flush (the loop after "This outputs the last n-grams") passes each order's
  // statistics the raw count of the n-gram still open there instead of its adjusted count; the
  // discounts follow it, so the statistics here do the same.
  const lastOpen = new Int32Array(N + 1).fill(-1);
  if (N > 1 && sorted.length > 0) {
    const base = sorted[sorted.length - 1]! * N;
    const b = lastPadding(grams, base, N);
    const top = b > 0 ? N - b : N - 1;
    lastOpen[1] = grams[base + N - 1]!;
    for (let n = 2; n <= top; n++) lastOpen[n] = levels[n - 1]!.size - 1;
  }
  const countsOfCounts: number[][] = [];
  for (const level of levels) {
    const threshold = prune[level.n - 1] ?? 0;
    const k = [0, 0, 0, 0, 0];
    for (let e = 0; e < level.size; e++) {
      const a = e === lastOpen[level.n] ? level.raw[e]! : level.adjusted[e]!;
      if (a < 5) k[a]!++;
      // unigrams are never pruned (lmplz keeps <unk>, <s> and </s>, and asks a threshold of 0)
      if (level.n > 1 && level.raw[e]! <= threshold) level.pruned[e] = 1;
    }
    countsOfCounts.push(k);
  }
  return { levels, countsOfCounts };
}

/** How many n-grams each order has (sizes[n]), counted with the same walk as adjustCounts. */
function levelSizes(counted: CountedNGrams, sorted: Uint32Array): number[] {
  const N = counted.order;
  const sizes = new Array<number>(N + 1).fill(0);
  if (N === 1) return sizes;
  const grams = counted.grams;
  for (let i = 0; i < sorted.length; i++) {
    const base = sorted[i]! * N;
    const same = i === 0 ? 0 : sharedSuffix(grams, base, sorted[i - 1]! * N, N);
    const b = lastPadding(grams, base, N);
    const top = b > 0 ? N - b : N - 1;
    for (let n = same + 1; n <= top; n++) sizes[n]!++;
    if (b === 0) sizes[N]!++;
  }
  return sizes;
}

/** How many last words the two n-grams share. */
function sharedSuffix(grams: Uint32Array, a: number, b: number, n: number): number {
  let k = 0;
  while (k < n && grams[a + n - 1 - k] === grams[b + n - 1 - k]) k++;
  return k;
}

/** For a window padded with several <s> (<s> <s> a), the position of its last <s>; else 0. */
function lastPadding(grams: Uint32Array, base: number, n: number): number {
  if (n < 2 || grams[base + 1] !== BOS) return 0;
  let b = 1;
  while (b + 1 < n && grams[base + b + 1] === BOS) b++;
  return b;
}
