// The in-memory LSH index: per band, a map from a 64-bit band key to the first document that had
// it. A hash table alone would need 12 bytes a key (two key words and the document) divided by its
// load factor, 0.375-0.75 with doubling: 224-448 bytes a document at 14 bands, over the 200-byte
// budget; and a 32-bit fingerprint in place of the key cannot be rehashed when the table grows,
// nor give the exact answers the multi-stage files give (minhash-stages.test.ts). So keys go
// first into a small hash table, which is sorted into a run when full; runs of similar size are
// merged (a log-structured merge), and a lookup searches each run. Every key is stored exactly,
// 12 bytes with no empty slots, plus 0.5 for a run's directory: 175 bytes a document at 14 bands
// (measured at 200k documents, fixed buffers included).
// Merging two runs briefly holds both and the result, but bands merge one at a time.
import { radixOrder } from "../radix-sort.js";

const BUFFER_KEYS = 2048;
const BIAS = 0x80000000 | 0;

/**
 * A sorted run: (high word, low word, document) triples side by side (one cache line a probe), key
 * words XORed with 2^31 so that signed comparison orders them as unsigned. Band keys are hash
 * values, spread evenly, so a directory on the top `bits` bits of the high word (an entry per ~8
 * keys, 0.5 bytes a key) points at a stretch of about 8 triples, scanned in order. Measured at
 * 200k documents x 14 bands: 8-9.5 us a document, against 13-16 us for bisection and more for
 * interpolation search.
 */
interface Run {
  keys: Int32Array;
  bits: number;
  /** dir[k]: the first triple whose high word's top `bits` bits are >= k; dir[2^bits] = length. */
  dir: Int32Array;
}

export class BandIndex {
  private readonly tables: BandTable[] = [];

  constructor(bands: number) {
    for (let b = 0; b < bands; b++) this.tables.push(new BandTable());
  }

  /** The first document seen with this key in this band, or -1 after recording `doc` as that document. */
  firstOrAdd(band: number, hi: number, lo: number, doc: number): number {
    return this.tables[band]!.firstOrAdd(hi, lo, doc);
  }

  /** Bytes held by every band's buffer and runs. */
  get bytes(): number {
    let total = 0;
    for (const t of this.tables) total += t.bytes;
    return total;
  }
}

class BandTable {
  // The buffer: open addressing over BUFFER_KEYS * 2 slots, keyed by the low word (band keys are
  // hash values already, so the low bits are the slot); doc -1 marks an empty slot.
  private readonly bufHi = new Int32Array(BUFFER_KEYS * 2);
  private readonly bufLo = new Int32Array(BUFFER_KEYS * 2);
  private readonly bufDoc = new Int32Array(BUFFER_KEYS * 2).fill(-1);
  private buffered = 0;
  private readonly runs: Run[] = [];

  firstOrAdd(hi: number, lo: number, doc: number): number {
    const mask = BUFFER_KEYS * 2 - 1;
    let slot = lo & mask;
    for (;;) {
      const d = this.bufDoc[slot]!;
      if (d === -1) break;
      if (this.bufLo[slot] === lo && this.bufHi[slot] === hi) return d;
      slot = (slot + 1) & mask;
    }
    const bh = hi ^ BIAS;
    const bl = lo ^ BIAS;
    for (let r = this.runs.length - 1; r >= 0; r--) {
      const found = search(this.runs[r]!, hi >>> 0, bh, bl);
      if (found >= 0) return found;
    }
    this.bufHi[slot] = hi;
    this.bufLo[slot] = lo;
    this.bufDoc[slot] = doc;
    if (++this.buffered >= BUFFER_KEYS) this.flush();
    return -1;
  }

  get bytes(): number {
    let total = this.bufHi.byteLength + this.bufLo.byteLength + this.bufDoc.byteLength;
    for (const run of this.runs) total += run.keys.byteLength + run.dir.byteLength;
    return total;
  }

  private flush(): void {
    const n = this.buffered;
    const hi = new Int32Array(n);
    const lo = new Int32Array(n);
    const doc = new Int32Array(n);
    let i = 0;
    for (let slot = 0; slot < this.bufDoc.length; slot++) {
      if (this.bufDoc[slot] === -1) continue;
      hi[i] = this.bufHi[slot]!;
      lo[i] = this.bufLo[slot]!;
      doc[i] = this.bufDoc[slot]!;
      i++;
    }
    this.bufDoc.fill(-1);
    this.buffered = 0;
    const order = radixOrder(hi, lo, n);
    const keys = new Int32Array(3 * n);
    for (let j = 0; j < n; j++) {
      const o = order[j]!;
      keys[3 * j] = hi[o]! ^ BIAS;
      keys[3 * j + 1] = lo[o]! ^ BIAS;
      keys[3 * j + 2] = doc[o]!;
    }
    this.runs.push(withDirectory(keys));
    // keep run sizes roughly doubling from newest to oldest: O(log n) runs, each key merged O(log n) times
    while (this.runs.length >= 2 && this.runs[this.runs.length - 2]!.keys.length <= 2 * this.runs[this.runs.length - 1]!.keys.length) {
      const b = this.runs.pop()!;
      const a = this.runs.pop()!;
      this.runs.push(withDirectory(merge(a.keys, b.keys)));
    }
  }
}

/** The document stored for the key in a run, or -1; `top` is the unbiased high word. */
function search(run: Run, top: number, bh: number, bl: number): number {
  const { keys, bits, dir } = run;
  const k = bits === 0 ? 0 : top >>> (32 - bits);
  for (let i = 3 * dir[k]!, end = 3 * dir[k + 1]!; i < end; i += 3) {
    const h = keys[i]!;
    if (h > bh) return -1;
    if (h === bh) {
      const l = keys[i + 1]!;
      if (l === bl) return keys[i + 2]!;
      if (l > bl) return -1;
    }
  }
  return -1;
}
function withDirectory(keys: Int32Array): Run {
  const n = keys.length / 3;
  const bits = Math.max(0, Math.min(24, Math.floor(Math.log2(Math.max(1, n))) - 3));
  const dir = new Int32Array((1 << bits) + 1);
  let j = 0;
  for (let k = 0; k < 1 << bits; k++) {
    while (j < n && (bits === 0 ? 0 : ((keys[3 * j]! ^ BIAS) >>> 0) >>> (32 - bits)) < k) j++;
    dir[k] = j;
  }
  dir[1 << bits] = n;
  return { keys, bits, dir };
}
function merge(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k += 3) {
    const takeA = j >= b.length || (i < a.length && (a[i]! < b[j]! || (a[i] === b[j] && a[i + 1]! < b[j + 1]!)));
    const from = takeA ? a : b;
    const at = takeA ? i : j;
    if (takeA) i += 3;
    else j += 3;
    out[k] = from[at]!;
    out[k + 1] = from[at + 1]!;
    out[k + 2] = from[at + 2]!;
  }
  return out;
}
