// One-permutation hashing (Li, Owen and Zhang, NIPS 2012) with optimal densification (Shrivastava,
// ICML 2017): one hash per shingle instead of k. Its top bits pick one of k bins, and each bin keeps
// the smallest hash that fell in it. A bin no shingle reached copies the value of the first
// non-empty bin along a probe sequence that depends only on the bin and the attempt, so two
// documents probe the same way and an estimate stays unbiased. k times fewer hash evaluations than
// the classic scheme; short documents (fewer shingles than bins) lean on densification.
import type { HashList } from "./hash-list.js";
import { fmix32 } from "../../hash/murmur3.js";
import type { Permutations } from "./permutations.js";

const BIAS = 0x80000000 | 0;

/** The k = sig.length values of `keys` into `sig`; `filled` is scratch of the same length. */
export function ophSignature(keys: HashList, p: Permutations, sig: Int32Array, filled: Uint8Array): void {
  const k = sig.length;
  const a = p.a[0]!,
    b = p.b[0]!,
    c = p.c[0]!;
  const probeSeed = p.b[k > 1 ? 1 : 0]!;
  const { lo, hi } = keys;
  const n = keys.length;
  sig.fill(0x7fffffff);
  filled.fill(0);
  for (let s = 0; s < n; s++) {
    const u = fmix32(Math.imul(a, lo[s]!) + Math.imul(c, hi[s]!) + b);
    const bin = Math.floor((u >>> 0) * k * 2.3283064365386963e-10);
    const v = u ^ BIAS;
    if (v < sig[bin]! || filled[bin] === 0) {
      sig[bin] = v;
      filled[bin] = 1;
    }
  }
  if (n === 0) return;
  for (let j = 0; j < k; j++) {
    if (filled[j] === 1) continue;
    for (let t = 1; ; t++) {
      const r = Math.floor((fmix32(Math.imul(j + 1, 0x9e3779b1) ^ Math.imul(t, 0x85ebca6b) ^ probeSeed) >>> 0) * k * 2.3283064365386963e-10);
      if (filled[r] === 1) {
        sig[j] = sig[r]!;
        break;
      }
    }
  }
  for (let j = 0; j < k; j++) sig[j] = sig[j]! ^ BIAS;
}
