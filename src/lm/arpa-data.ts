// What an ARPA file holds, in typed arrays: the trainer produces it, the ARPA reader and writer
// convert it from and to text, and NGramModel indexes it for scoring. Words are ids (their place
// in the unigram section); values are log10, stored as the floats KenLM keeps.

export interface ArpaOrder {
  /** n word ids per n-gram, one n-gram after the other, in the file's order. */
  readonly ids: Uint32Array;
  readonly log10Probs: Float32Array;
  /** log10 backoff weights; absent for the highest order, which has none. */
  readonly backoffs?: Float32Array;
}

export interface ArpaData {
  /** id -> word, in the order of the unigram section. */
  readonly vocab: readonly string[];
  /** orders[n - 1] holds the n-grams. */
  readonly orders: readonly ArpaOrder[];
  /** Lines before \data\ (KenLM allows "#" comments there, as `lmplz --verbose_header` writes). */
  readonly preamble?: readonly string[];
}

/** How many n-grams of order n (1-based) the model has. */
export function ngramCount(arpa: ArpaData, n: number): number {
  return arpa.orders[n - 1]!.log10Probs.length;
}
