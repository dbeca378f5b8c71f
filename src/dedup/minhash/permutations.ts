// Classic MinHash (Broder 1997): k hash functions over the shingle keys, the minimum of each.
//
// datatrove uses h_i(x) = (a_i x + b_i) mod (2^61 - 1) on 64-bit shingle hashes. JavaScript has no
// 64-bit multiply: the exact product of two 61-bit numbers with 21-bit float limbs measured 9.1 ns
// per evaluation here, against 1.15 ns for the scheme below, and a document of S shingles costs
// 112 S evaluations, so the Mersenne version caps signatures near 6 MB/s per core (the goal is 20;
// `npm run bench -- dedup` measures today's).
// (BigInt: 79 ns.) So each permutation here is
//
//     h_i(x) = (a_i * x_lo + c_i * x_hi + b_i) mod 2^32        (a_i, c_i odd; Math.imul)
//
// over the two 32-bit halves of the shingle key (x_hi = 0 at hashBits 32). Why this is enough:
// - the keys are MurmurHash3 outputs, already uniform, so the family only has to turn one set of
//   keys into k nearly independent orders, not to randomise structured input;
// - both halves enter every h_i, so two different 64-bit keys agree on a row only by a ~2^-31
//   chance, row by row (a shared 32-bit half does not make all k rows collide); at hashBits 32,
//   h_i is a bijection (a_i odd): distinct keys never share a row value;
// - like datatrove's, the family is linear; the estimates are checked, not assumed:
//   tests/dedup/minhash-estimates.test.ts asserts Jaccard estimates within the binomial error of
//   the true Jaccard on real text pairs, which fails for a family with correlated rows.
// The rows are 32-bit; the 64-bit part of hashBits 64 is the shingle keys and band keys, which is
// where false collisions at a billion documents would come from (see minhash-config.ts).
import type { HashList } from "./hash-list.js";
import { simdSignature } from "./simd/simd-signature.js";

export interface Permutations {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly c: Int32Array;
}

/** k permutations drawn from `seed` with mulberry32 (Tommy Ettinger, public domain). */
export function permutations(k: number, seed: number): Permutations {
  const next = mulberry32(seed);
  const a = new Int32Array(k);
  const b = new Int32Array(k);
  const c = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    a[i] = next() | 1;
    c[i] = next() | 1;
    b[i] = next();
  }
  return { a, b, c };
}

export function mulberry32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) | 0;
  };
}

// Minimums are taken on values XORed with 2^31, so that signed comparison orders them as unsigned;
// the signature holds the plain 32-bit values.
const BIAS = 0x80000000 | 0;

/**
 * The k row minimums of `keys` into `sig` (k = sig.length): in WebAssembly SIMD where the runtime
 * has it (simd/minhash-rows.wat, about 8x faster), else in JavaScript; the two are bit-identical.
 */
export function classicSignature(keys: HashList, p: Permutations, lanes: 1 | 2, sig: Int32Array): void {
  if (!simdSignature(keys, p, lanes, sig)) classicSignatureScalar(keys, p, lanes, sig);
}

/**
 * classicSignature in plain JavaScript: the reference the SIMD kernel is tested against, and the
 * fallback without WebAssembly SIMD. Permutation-major, four rows at a time:
 * the four running minimums stay in registers while the keys stream past (measured 0.78 ns per row
 * and key at one lane, against 1.04 ns shingle-major).
 */
export function classicSignatureScalar(keys: HashList, p: Permutations, lanes: 1 | 2, sig: Int32Array): void {
  const { a, b, c } = p;
  const n = keys.length;
  const lo = keys.lo;
  const hi = keys.hi;
  const k = sig.length;
  const k4 = k - (k % 4);
  const two = lanes === 2;
  for (let i = 0; i < k4; i += 4) {
    const a0 = a[i]!,
      a1 = a[i + 1]!,
      a2 = a[i + 2]!,
      a3 = a[i + 3]!;
    const b0 = b[i]!,
      b1 = b[i + 1]!,
      b2 = b[i + 2]!,
      b3 = b[i + 3]!;
    let m0 = 0x7fffffff,
      m1 = 0x7fffffff,
      m2 = 0x7fffffff,
      m3 = 0x7fffffff;
    if (two) {
      const c0 = c[i]!,
        c1 = c[i + 1]!,
        c2 = c[i + 2]!,
        c3 = c[i + 3]!;
      for (let s = 0; s < n; s++) {
        const x = lo[s]!;
        const y = hi[s]!;
        const h0 = (Math.imul(a0, x) + Math.imul(c0, y) + b0) ^ BIAS;
        if (h0 < m0) m0 = h0;
        const h1 = (Math.imul(a1, x) + Math.imul(c1, y) + b1) ^ BIAS;
        if (h1 < m1) m1 = h1;
        const h2 = (Math.imul(a2, x) + Math.imul(c2, y) + b2) ^ BIAS;
        if (h2 < m2) m2 = h2;
        const h3 = (Math.imul(a3, x) + Math.imul(c3, y) + b3) ^ BIAS;
        if (h3 < m3) m3 = h3;
      }
    } else {
      for (let s = 0; s < n; s++) {
        const x = lo[s]!;
        const h0 = (Math.imul(a0, x) + b0) ^ BIAS;
        if (h0 < m0) m0 = h0;
        const h1 = (Math.imul(a1, x) + b1) ^ BIAS;
        if (h1 < m1) m1 = h1;
        const h2 = (Math.imul(a2, x) + b2) ^ BIAS;
        if (h2 < m2) m2 = h2;
        const h3 = (Math.imul(a3, x) + b3) ^ BIAS;
        if (h3 < m3) m3 = h3;
      }
    }
    sig[i] = m0 ^ BIAS;
    sig[i + 1] = m1 ^ BIAS;
    sig[i + 2] = m2 ^ BIAS;
    sig[i + 3] = m3 ^ BIAS;
  }
  for (let i = k4; i < k; i++) {
    const ai = a[i]!,
      bi = b[i]!,
      ci = two ? c[i]! : 0;
    let m = 0x7fffffff;
    for (let s = 0; s < n; s++) {
      const h = (Math.imul(ai, lo[s]!) + Math.imul(ci, hi[s]!) + bi) ^ BIAS;
      if (h < m) m = h;
    }
    sig[i] = m ^ BIAS;
  }
}
