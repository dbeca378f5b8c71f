// From adjusted counts to ARPA probabilities and backoffs, as lmplz does it, in single precision
// (kpu/kenlm lm/builder/initial_probabilities.cc and interpolate.cc):
//   u(w | c)  = (a(c w) - D(a(c w))) / sum_x a(c x)                          uninterpolated
//   gamma(c)  = (D1 N1(c) + D2 N2(c) + D3+ N3+(c) + pruned mass(c)) / sum_x a(c x)
//   p(w | c)  = u(w | c) + gamma(c) p(w | c without its first word)          interpolated
// where N_k(c) counts the kept n-grams after c with adjusted count k, and a pruned n-gram's whole
// adjusted count goes to the backoff mass. Unigrams interpolate with the uniform distribution over
// the vocabulary without <s> (<unk> included), so <unk> gets gamma/|V|; <s> gets probability 1
// (log10 0: it is never predicted) and </s> is a word like any other. The ARPA backoff of an n-gram
// is log10 gamma of it as a context, and 0 when it is no context (it ends in </s> or <unk>, or is
// of the highest order).
import type { AdjustedCounts, AdjustedLevel } from "./adjust-counts.js";
import type { ArpaData, ArpaOrder } from "./arpa-data.js";
import type { Discount } from "./discounts.js";
import { f32, log10f } from "./float32.js";
import type { CountedNGrams } from "./ngram-counter.js";
import { tupleHash } from "./ngram-counter.js";
import { BOS, EOS, UNK } from "./vocabulary.js";

export interface EstimateOptions {
  /** lmplz --interpolate_unigrams (default true); false gives <unk> all the unigram backoff mass, as SRILM. */
  interpolateUnigrams: boolean;
  /** lmplz --vocab_pad: the uniform distribution is over at least this many words. */
  vocabPad: number;
}

export function estimate(counted: CountedNGrams, adjusted: AdjustedCounts, discounts: readonly Discount[], options: EstimateOptions): ArpaData {
  const N = counted.order;
  const { levels } = adjusted;
  const probs: Float32Array[] = [];
  // gammas[n - 1][e]: gamma of n-gram e as a context, NaN when nothing follows it
  const gammas: Float32Array[] = [];
  for (let n = 1; n <= N; n++) {
    const level = levels[n - 1]!;
    const discount = discounts[n - 1]!;
    const contexts = n === 1 ? new Int32Array(level.size) : contextsOf(counted, levels[n - 2]!, level);
    const gamma = contextGammas(level, contexts, n === 1 ? 1 : levels[n - 2]!.size, discount);
    if (n > 1) gammas.push(gamma.gamma);
    const p = new Float32Array(level.size);
    const { adjusted: a, pruned } = level;
    if (n === 1) {
      const vocabularySize = Math.max(options.vocabPad, level.size - 1);
      const uniform = f32(1 / vocabularySize);
      const g = gamma.gamma[0]!;
      const assign = options.interpolateUnigrams ? g : 0;
      for (let w = 0; w < level.size; w++) {
        if (w === BOS) p[w] = 1;
        else {
          const u = w === UNK ? (options.interpolateUnigrams ? 0 : g) : uninterpolated(a[w]!, discount, gamma.denominators[0]!);
          p[w] = f32(u + f32(assign * uniform));
        }
      }
    } else {
      const lower = probs[n - 2]!;
      const { suffix } = level;
      for (let e = 0; e < level.size; e++) {
        if (pruned[e]) continue;
        const c = contexts[e]!;
        p[e] = f32(uninterpolated(a[e]!, discount, gamma.denominators[c]!) + f32(gamma.gamma[c]! * lower[suffix[e]!]!));
      }
    }
    probs.push(p);
  }
  const orders: ArpaOrder[] = [];
  for (let n = 1; n <= N; n++) orders.push(arpaOrder(counted, levels[n - 1]!, probs[n - 1]!, n < N ? gammas[n - 1] : undefined));
  return { vocab: counted.vocabulary.words.slice(), orders };
}

/** lmplz's Discount::Apply divided by the context's total, in float. */
function uninterpolated(a: number, discount: Discount, denominator: number): number {
  return f32(f32(f32(a) - discount[Math.min(a, 3)]!) / f32(denominator));
}

/**
 * Per context (an entry one order down; the empty context for unigrams): the sum of its
 * extensions' adjusted counts, and gamma, summed as lmplz's AddRight does (integers first, then
 * one float operation at a time).
 */
function contextGammas(
  level: AdjustedLevel,
  contexts: Int32Array,
  contextCount: number,
  discount: Discount,
): { gamma: Float32Array; denominators: Float64Array } {
  const denominators = new Float64Array(contextCount);
  const byCount = [new Float64Array(contextCount), new Float64Array(contextCount), new Float64Array(contextCount)];
  const prunedMass = new Float64Array(contextCount);
  const followed = new Uint8Array(contextCount);
  const { adjusted, pruned } = level;
  for (let e = 0; e < level.size; e++) {
    const c = contexts[e]!;
    const a = adjusted[e]!;
    followed[c] = 1;
    denominators[c]! += a;
    if (pruned[e]) prunedMass[c]! += a;
    else if (a > 0) byCount[Math.min(a, 3) - 1]![c]!++;
  }
  const gamma = new Float32Array(contextCount);
  for (let c = 0; c < contextCount; c++) {
    if (!followed[c]) {
      gamma[c] = NaN;
      continue;
    }
    let g = 0;
    for (let k = 1; k <= 3; k++) g = f32(g + f32(discount[k]! * f32(byCount[k - 1]![c]!)));
    g = f32(g + f32(prunedMass[c]!));
    gamma[c] = f32(g / f32(denominators[c]!));
  }
  return { gamma, denominators };
}

/** For each n-gram of `level`, the entry of `lower` (order n-1) holding its first n-1 words. */
function contextsOf(counted: CountedNGrams, lower: AdjustedLevel, level: AdjustedLevel): Int32Array {
  const N = counted.order;
  const n = level.n;
  const grams = counted.grams;
  const contexts = new Int32Array(level.size);
  if (n === 2) {
    for (let e = 0; e < level.size; e++) contexts[e] = grams[level.source[e]! * N + N - 2]!;
    return contexts;
  }
  // An open-addressing table of the (n-1)-grams by their words, at most half full.
  const m = n - 1;
  let capacity = 16;
  while (capacity < lower.size * 2) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  for (let e = 0; e < lower.size; e++) {
    let slot = tupleHash(grams, lower.source[e]! * N + N - m, m) & mask;
    while (slots[slot] !== -1) slot = (slot + 1) & mask;
    slots[slot] = e;
  }
  for (let e = 0; e < level.size; e++) {
    const start = level.source[e]! * N + N - n;
    let slot = tupleHash(grams, start, m) & mask;
    for (;;) {
      const candidate = slots[slot]!;
      if (candidate === -1) throw new Error(`internal error: the context of a ${n}-gram is not among the ${m}-grams`);
      if (sameWords(grams, lower.source[candidate]! * N + N - m, start, m)) {
        contexts[e] = candidate;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return contexts;
}

function sameWords(grams: Uint32Array, a: number, b: number, m: number): boolean {
  for (let k = 0; k < m; k++) if (grams[a + k] !== grams[b + k]) return false;
  return true;
}

/** The kept n-grams of one order with their log10 probability and backoff, in suffix order. */
function arpaOrder(counted: CountedNGrams, level: AdjustedLevel, p: Float32Array, gamma: Float32Array | undefined): ArpaOrder {
  const N = counted.order;
  const n = level.n;
  let kept = 0;
  for (let e = 0; e < level.size; e++) if (!level.pruned[e]) kept++;
  const ids = new Uint32Array(kept * n);
  const log10Probs = new Float32Array(kept);
  const backoffs = gamma ? new Float32Array(kept) : undefined;
  let i = 0;
  for (let e = 0; e < level.size; e++) {
    if (level.pruned[e]) continue;
    if (n === 1) ids[i] = e;
    else ids.set(counted.grams.subarray(level.source[e]! * N + N - n, level.source[e]! * N + N), i * n);
    const lp = log10f(p[e]!);
    log10Probs[i] = lp < 0 ? lp : 0;
    if (backoffs) {
      const last = ids[i * n + n - 1]!;
      const g = gamma![e]!;
      backoffs[i] = last === UNK || last === EOS || Number.isNaN(g) ? 0 : log10f(g);
    }
    i++;
  }
  return { ids, log10Probs, backoffs };
}
