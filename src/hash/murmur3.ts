// MurmurHash3_x86_32 (Austin Appleby, public domain), in pieces that the dedup and n-gram model hot
// loops inline (V8 inlines these small functions).
// Written here rather than taken from npm: the packages hash UTF-8 bytes and either call
// TextEncoder on every string (`murmurhash`: 1.7 M strings/s) or cross into WASM per call, while
// hashing the UTF-16 code units in place needs no encoding and runs inside our own loops
// (several times faster on the short strings dedup hashes). The definitions stay standard so another
// language can reproduce every key: a string's hash is MurmurHash3_x86_32 of its UTF-16LE bytes,
// and a hash of hashes is MurmurHash3_x86_32 of their little-endian 32-bit words.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** One 4-byte block `k` into the state `h`. */
export function mixBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The last 1-3 bytes (`k` holds them little-endian); the tail takes no rotate of `h`. */
export function mixTail(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return h ^ Math.imul(k, C2);
}

/** Murmur3's finalizer (fmix32): every input bit reaches every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** MurmurHash3_x86_32 of the UTF-16LE bytes of `text[start, end)`, as a signed 32-bit integer. */
export function murmurUnits(text: string, start: number, end: number, seed: number): number {
  let h = seed | 0;
  let i = start;
  for (; i + 1 < end; i += 2) h = mixBlock(h, text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16));
  if (i < end) h = mixTail(h, text.charCodeAt(i));
  return fmix32(h ^ ((end - start) * 2));
}

/** MurmurHash3_x86_32 of `count` 32-bit words of `values` from `start`, little-endian. */
export function murmurWords(values: Int32Array, start: number, count: number, seed: number): number {
  let h = seed | 0;
  for (let i = start; i < start + count; i++) h = mixBlock(h, values[i]!);
  return fmix32(h ^ (count * 4));
}
