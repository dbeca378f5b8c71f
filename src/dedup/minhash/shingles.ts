// Shingle keys from unit hashes: the key of the n-gram starting at unit i is MurmurHash3_x86_32 of
// the n unit hashes, per lane (seed 0 for the low word, 1 for the high one). datatrove joins the
// n words with spaces and hashes the string; hashing the word hashes gives the same set semantics
// (equal n-grams, equal keys) without building a string per shingle. Fewer than n units give no
// shingle, as in datatrove: such a document has no signature and is never a duplicate.
import type { HashList } from "./hash-list.js";
import { fmix32, mixBlock, murmurWords } from "../../hash/murmur3.js";
import { SEED_HI, SEED_LO } from "./token-hashes.js";

export function shingleKeys(units: HashList, n: number, lanes: 1 | 2, out: HashList): void {
  out.clear();
  const count = units.length - n + 1;
  if (count <= 0) return;
  out.reserve(count);
  const { lo, hi } = units;
  const outLo = out.lo;
  const outHi = out.hi;
  if (lanes === 2) {
    // both lanes in one pass: their two hash chains are independent, so the CPU overlaps them
    const tail = n * 4;
    for (let i = 0; i < count; i++) {
      let h1 = SEED_LO;
      let h2 = SEED_HI;
      for (let j = i; j < i + n; j++) {
        h1 = mixBlock(h1, lo[j]!);
        h2 = mixBlock(h2, hi[j]!);
      }
      outLo[i] = fmix32(h1 ^ tail);
      outHi[i] = fmix32(h2 ^ tail);
    }
  } else {
    for (let i = 0; i < count; i++) {
      outLo[i] = murmurWords(lo, i, n, SEED_LO);
      outHi[i] = 0;
    }
  }
  out.length = count;
}
