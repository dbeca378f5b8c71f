// lmplz sorts n-grams in "suffix order" (kpu/kenlm lm/common/compare.hh SuffixOrder): by the last
// word's id, then the one before it, back to the first. n-grams sharing a suffix are then
// adjacent, which is what lets one pass find every lower-order n-gram and its adjusted count,
// and it is the order in which lmplz writes each section of the ARPA file.

/**
 * Entry numbers 0..size-1 of `grams` (n ids per entry) in suffix order: a stable counting sort
 * on each word position, the first word first and the last word last (a least-significant-digit
 * radix sort with one digit per word; ids are below vocabularySize).
 */
export function suffixOrder(grams: Uint32Array, n: number, size: number, vocabularySize: number): Uint32Array {
  let order = new Uint32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  let next = new Uint32Array(size);
  const starts = new Uint32Array(vocabularySize + 1);
  for (let position = 0; position < n; position++) {
    starts.fill(0);
    for (let i = 0; i < size; i++) starts[grams[i * n + position]! + 1]!++;
    for (let w = 0; w < vocabularySize; w++) starts[w + 1]! += starts[w]!;
    for (let i = 0; i < size; i++) {
      const entry = order[i]!;
      next[starts[grams[entry * n + position]!]!++] = entry;
    }
    [order, next] = [next, order];
  }
  return order;
}
