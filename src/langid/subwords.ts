// fastText's tokens and character n-grams, computed on a JS string without building a byte copy of
// the document. Facts from facebookresearch/fastText src/dictionary.cc:
// - Dictionary::readWord splits on the bytes ' ' '\n' '\r' '\t' '\v' '\f' '\0' (nothing else: no
//   NBSP, no U+3000); a newline ends the line with the token `</s>`.
// - Dictionary::hash is FNV-1a over the UTF-8 bytes, each byte sign-extended first (the released
//   models were trained where `char` is signed).
// - Dictionary::computeSubwords takes the n-grams of `<word>` counted in characters (UTF-8 sequences,
//   continuation bytes never start one), minn <= n <= maxn, leaving out the lone `<` and `>`; an
//   n-gram's row is nwords + (hash % bucket), or, in a pruned model, nwords + pruneidx[hash % bucket]
//   and no row when the bucket was pruned away.

/** fastText's whitespace bytes; all ASCII, so they are the same UTF-16 code units. */
export function isFastTextSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 11 || code === 12 || code === 0;
}

/**
 * Writes `<` + UTF-8(token) + `>` into `out` (grown when short) and returns the byte length. A lone
 * surrogate becomes U+FFFD, as TextEncoder writes it.
 */
export function boundedUtf8(token: string, out: { bytes: Uint8Array }): number {
  if (out.bytes.length < token.length * 3 + 2) out.bytes = new Uint8Array(token.length * 3 + 64);
  const b = out.bytes;
  let n = 0;
  b[n++] = 60; // <
  for (let i = 0; i < token.length; i++) {
    let c = token.charCodeAt(i);
    if (c < 0x80) {
      b[n++] = c;
      continue;
    }
    if (c < 0x800) {
      b[n++] = 0xc0 | (c >> 6);
      b[n++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < token.length ? token.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        b[n++] = 0xf0 | (c >> 18);
        b[n++] = 0x80 | ((c >> 12) & 63);
        b[n++] = 0x80 | ((c >> 6) & 63);
        b[n++] = 0x80 | (c & 63);
        continue;
      }
      c = 0xfffd;
    }
    b[n++] = 0xe0 | (c >> 12);
    b[n++] = 0x80 | ((c >> 6) & 63);
    b[n++] = 0x80 | (c & 63);
  }
  b[n++] = 62; // >
  return n;
}

const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;

/** fastText's Dictionary::hash of bytes[start, end): FNV-1a, bytes sign-extended. Unsigned 32-bit. */
export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ ((bytes[i]! << 24) >> 24), FNV_PRIME);
  return h >>> 0;
}

/**
 * Bucket -> row offset of a pruned model (fastText's pruneidx_). One bit per bucket says whether it
 * kept a row (most n-grams of a pruned model have none); a kept bucket's rank among the kept ones
 * (the set bits before it: a count per 32 buckets stored beside each bitmap word, plus a popcount)
 * indexes its row offset. Bitmap, counts and offsets are ~0.7 MB for lid.176.ftz's 2M buckets and
 * 42,765 kept ones, against a hash table whose probes missed the cache.
 */
export class PruneMap {
  /** [bitmap word, kept buckets before it] per 32 buckets, interleaved: one cache line serves both. */
  readonly bits: Int32Array;
  /** Row offsets in bucket order. */
  readonly offsets: Int32Array;
  constructor(keys: Int32Array, values: Int32Array, bucket: number) {
    const words = (Math.max(0, bucket) >>> 5) + 1;
    const bits = new Int32Array(2 * words);
    const value = new Map<number, number>();
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k < 0 || k >= bucket) continue;
      bits[2 * (k >>> 5)]! |= 1 << (k & 31);
      value.set(k, values[i]!);
    }
    let before = 0;
    for (let w = 0; w < words; w++) {
      bits[2 * w + 1] = before;
      before += popcount(bits[2 * w]!);
    }
    this.bits = bits;
    this.offsets = new Int32Array(before);
    for (const [k, v] of value) this.offsets[this.rank(k)] = v;
  }
  private rank(key: number): number {
    const at = 2 * (key >>> 5);
    return this.bits[at + 1]! + popcount(this.bits[at]! & ((1 << (key & 31)) - 1));
  }
  /** The row offset of bucket `key`, or -1 when it was pruned. */
  get(key: number): number {
    const at = 2 * (key >>> 5);
    const word = this.bits[at]!;
    const bit = 1 << (key & 31);
    if ((word & bit) === 0) return -1;
    return this.offsets[this.bits[at + 1]! + popcount(word & (bit - 1))]!;
  }
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export interface SubwordRows {
  nwords: number;
  minn: number;
  maxn: number;
  bucket: number;
  /** undefined: not pruned; otherwise the pruned map (an empty one drops every n-gram). */
  prune: PruneMap | undefined;
}

/**
 * Writes the character n-gram rows of the bounded word in bytes[0, length) into `rows` from
 * `start`, in fastText's order (by start, then by length); returns the new end. `rows` must hold
 * length * maxn more entries.
 */
export function subwordRows(bytes: Uint8Array, length: number, s: SubwordRows, rows: Int32Array, start: number): number {
  const { minn, maxn, bucket, prune, nwords } = s;
  let out = start;
  for (let i = 0; i < length; i++) {
    if ((bytes[i]! & 0xc0) === 0x80) continue;
    let h = FNV_OFFSET | 0;
    let j = i;
    for (let n = 1; j < length && n <= maxn; n++) {
      h = Math.imul(h ^ ((bytes[j++]! << 24) >> 24), FNV_PRIME);
      while (j < length && (bytes[j]! & 0xc0) === 0x80) h = Math.imul(h ^ ((bytes[j++]! << 24) >> 24), FNV_PRIME);
      if (n >= minn && !(n === 1 && (i === 0 || j === length))) {
        // h % bucket on the unsigned hash; floor of the float quotient is exact below 2^53, and
        // avoids a float remainder
        const u = h >>> 0;
        const b = u - Math.floor(u / bucket) * bucket;
        if (prune === undefined) rows[out++] = nwords + b;
        else {
          const r = prune.get(b);
          if (r >= 0) rows[out++] = nwords + r;
        }
      }
    }
  }
  return out;
}
