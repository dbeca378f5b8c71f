// Classic MinHash signatures through the WebAssembly SIMD kernel in minhash-rows.wat: four rows per
// instruction where JavaScript has one Math.imul per row and key (see the .wat for the measured
// speeds). Written by hand because the work is one small loop no library offers: the `minhash`
// package and its kin hash strings with their own families, and these rows must stay bit-identical
// to classicSignatureScalar (../permutations.ts), which remains the reference and the fallback.
//
// One instance per thread (module state: each worker thread loads its own), made on first use;
// new WebAssembly.Module on ~1 KB compiles synchronously in well under a millisecond. Keys are
// copied into the instance's memory on each call: HashList's arrays are plain JS memory, and the
// copy (8 bytes per key) costs little beside the 112 rows computed per key.
import type { HashList } from "../hash-list.js";
import type { Permutations } from "../permutations.js";
import { MINHASH_ROWS_WASM } from "./minhash-rows-wasm.js";

type Rows = (lo: number, hi: number, n: number, params: number, k: number, out: number) => void;
type Shingles = (lo: number, hi: number, count: number, n: number, outLo: number, outHi: number) => void;

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

// TypeScript's ES2023 lib and @types/node 20 declare no WebAssembly: the members used here
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

interface Kernel {
  memory: Memory;
  signature1: Rows;
  signature2: Rows;
  shingles2: Shingles;
  words: Int32Array;
  /** The permutations whose first `k` rows sit at offset 0 (drawn once, never changed: see permutations()). */
  perms: Permutations | undefined;
  k: number;
}

/** undefined: not tried yet; null: no WebAssembly SIMD here (or the module failed to load). */
let kernel: Kernel | null | undefined;

function load(): Kernel | null {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined) return null;
  try {
    const bytes = Uint8Array.from(atob(MINHASH_ROWS_WASM), (ch) => ch.charCodeAt(0));
    // validating the kernel itself is the feature test: it fails exactly where a v128 op it uses is missing
    if (!wasm.validate(bytes)) return null;
    const exports = new wasm.Instance(new wasm.Module(bytes)).exports as unknown as { memory: Memory; signature1: Rows; signature2: Rows; shingles2: Shingles };
    return {
      memory: exports.memory,
      signature1: exports.signature1,
      signature2: exports.signature2,
      shingles2: exports.shingles2,
      words: new Int32Array(exports.memory.buffer),
      perms: undefined,
      k: -1,
    };
  } catch {
    // e.g. a browser page whose Content-Security-Policy forbids compiling WebAssembly
    return null;
  }
}

/** Whether this thread runs classic signatures in WebAssembly SIMD. */
export function simdAvailable(): boolean {
  if (kernel === undefined) kernel = load();
  return kernel !== null;
}

/**
 * The k row minimums of `keys` into `sig` (k = sig.length), as classicSignatureScalar computes them.
 * False, with `sig` untouched, when WebAssembly SIMD is unavailable or its memory cannot grow to
 * the document: the caller then runs the JS version.
 */
export function simdSignature(keys: HashList, p: Permutations, lanes: 1 | 2, sig: Int32Array): boolean {
  const kn = prepared(p, sig.length, 2 * keys.length);
  if (kn === null) return false;
  const k = sig.length;
  const n = keys.length;
  const kPad = (k + 3) & ~3;
  // word offsets: params a, b, c (3 kPad), out (kPad), then the keys' low and high words
  const out = 3 * kPad;
  const lo = 4 * kPad;
  const hi = lo + n;
  const words = kn.words;
  words.set(keys.lo.subarray(0, n), lo);
  if (lanes === 2) {
    words.set(keys.hi.subarray(0, n), hi);
    kn.signature2(4 * lo, 4 * hi, n, 0, kPad, 4 * out);
  } else {
    kn.signature1(4 * lo, 4 * hi, n, 0, kPad, 4 * out);
  }
  sig.set(words.subarray(out, out + k));
  return true;
}

/**
 * Shingle keys (shingleKeys at two lanes, ../shingles.ts) and their signature in one visit to the
 * kernel: the units' hashes go in, the keys are made four at a time and stay in its memory for the
 * rows. Returns the number of shingles (0: fewer units than one shingle, `sig` untouched), or -1,
 * with `sig` untouched, where simdSignature would return false.
 */
export function simdShingleSignature(units: HashList, n: number, p: Permutations, sig: Int32Array): number {
  const count = units.length - n + 1;
  if (count <= 0) return 0;
  // keys in whole vectors (count4), and the units with room for the three the last vector reads past them
  const count4 = (count + 3) & ~3;
  const u = units.length + 3;
  const kn = prepared(p, sig.length, 2 * count4 + 2 * u);
  if (kn === null) return -1;
  const k = sig.length;
  const kPad = (k + 3) & ~3;
  const out = 3 * kPad;
  const lo = 4 * kPad;
  const hi = lo + count4;
  const unitsLo = hi + count4;
  const unitsHi = unitsLo + u;
  const words = kn.words;
  words.set(units.lo.subarray(0, units.length), unitsLo);
  words.set(units.hi.subarray(0, units.length), unitsHi);
  kn.shingles2(4 * unitsLo, 4 * unitsHi, count, n, 4 * lo, 4 * hi);
  kn.signature2(4 * lo, 4 * hi, count, 0, kPad, 4 * out);
  sig.set(words.subarray(out, out + k));
  return count;
}

/**
 * The kernel with room for `extra` words after the params and out rows, and the first k rows of `p`
 * in place; null where there is no WebAssembly SIMD or the memory cannot grow.
 */
function prepared(p: Permutations, k: number, extra: number): Kernel | null {
  if (kernel === undefined) kernel = load();
  if (kernel === null) return null;
  const kn = kernel;
  // rows padded to whole vectors: the padding rows are computed and dropped
  const kPad = (k + 3) & ~3;
  const bytes = 4 * (4 * kPad + extra);
  if (bytes > kn.memory.buffer.byteLength) {
    // memory grows to the longest document and stays there, as HashList's arrays do
    try {
      kn.memory.grow(Math.ceil((bytes - kn.memory.buffer.byteLength) / 65536));
    } catch {
      return null;
    }
    kn.words = new Int32Array(kn.memory.buffer);
  }
  if (kn.perms !== p || kn.k !== k) {
    const words = kn.words;
    words.fill(0, 0, 3 * kPad);
    words.set(p.a.subarray(0, k), 0);
    words.set(p.b.subarray(0, k), kPad);
    words.set(p.c.subarray(0, k), 2 * kPad);
    kn.perms = p;
    kn.k = k;
  }
  return kn;
}
