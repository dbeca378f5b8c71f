// 64-bit keys for n-grams, kept as two 32-bit halves because BigInt arithmetic is far slower than
// Math.imul. KenLM's probing model also stores only a 64-bit hash per n-gram, never its words
// (lm/search_hashed.hh): two n-grams of one order colliding is a 1 in 2^64 event per pair.
//
// A key is built from the newest word back to the oldest, as the scorer meets them: the key of
// "a b c" is extend(extend(start(c), b), a), so each longer context costs one more step.
import { fmix32, mixTail } from "../hash/murmur3.js";

/** The low and high halves of the last key computed (no object per key). */
export const key = { lo: 0, hi: 0 };

/** Starts a key from the n-gram's last word. */
export function startKey(word: number): void {
  key.lo = fmix32(Math.imul(word + 1, 0x9e3779b1) ^ 0x2545f491);
  key.hi = fmix32(Math.imul(word + 1, 0x85ebca77) + 0x165667b1);
}

/** Extends the key by the word before the words hashed so far. */
export function extendKey(word: number): void {
  const w = mixTail(0, word + 1);
  const lo = key.lo;
  const hi = key.hi;
  key.lo = fmix32((lo ^ w) + ((hi << 11) | (hi >>> 21)));
  key.hi = fmix32((hi + w) ^ Math.imul(lo, 0x27d4eb2d) ^ 0x7feb352d);
}
