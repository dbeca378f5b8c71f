// Shingle keys from unit hashes: the key of the n-gram starting at unit i is MurmurHash3_x86_32 of
// the n unit hashes, per lane (seed 0 for the low word, 1 for the high one). datatrove joins the
// n words with spaces and hashes the string; hashing the word hashes gives the same set semantics
// (equal n-grams, equal keys) without building a string per shingle. Fewer than n units give no
// shingle, as in datatrove: such a document has no signature and is never a duplicate.
import type { HashList } from "./hash-list.js";
import { murmurWords } from "../../hash/murmur3.js";
import { SEED_HI, SEED_LO } from "./token-hashes.js";

export function shingleKeys(units: HashList, n: number, lanes: 1 | 2, out: HashList): void {
  out.clear();
  const count = units.length - n + 1;
  if (count <= 0) return;
  out.reserve(count);
  const { lo, hi } = units;
  for (let i = 0; i < count; i++) {
    out.lo[i] = murmurWords(lo, i, n, SEED_LO);
    out.hi[i] = lanes === 2 ? murmurWords(hi, i, n, SEED_HI) : 0;
  }
  out.length = count;
}
