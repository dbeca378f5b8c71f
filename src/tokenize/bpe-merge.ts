// Byte-pair merging of one pre-token, as tiktoken's byte_pair_encode: start from single bytes and
// repeatedly merge the adjacent pair of lowest rank (leftmost on a tie; tiktoken's rank is the merged
// token's id, a tokenizer.json's is the merge's place in its list, Hugging Face's Word::merge_all),
// until no adjacent pair is a token. Parts live in a linked list over the byte positions and the
// candidate merges in a binary heap ordered by (rank, position), so a long pre-token (a run of
// Chinese characters is one) costs O(n log n), not tiktoken's O(n^2) rescan.
import type { BpeTables } from "./bpe-tables.js";

export class BpeMerger {
  private capacity = 0;
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private part = new Int32Array(0);
  private heapRank = new Int32Array(0);
  private heapPos = new Int32Array(0);
  private heapEnd = new Int32Array(0);
  private heapSize = 0;

  constructor(private readonly tables: BpeTables) {}

  /** Appends the ids of `bytes[0..n)` to `out`. */
  merge(bytes: Uint8Array, n: number, out: number[]): void {
    this.reserve(n);
    const { next, prev, part, tables } = this;
    const slots = tables.slots;
    for (let i = 0; i < n; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      part[i] = tables.byteId[bytes[i]!]!;
    }
    this.heapSize = 0;
    for (let i = 0; i + 1 < n; i++) {
      const slot = tables.find(part[i]!, part[i + 1]!);
      if (slot >= 0) this.push(slots[slot + 3]!, i, i + 2);
    }
    while (this.heapSize > 0) {
      const pos = this.heapPos[0]!;
      const end = this.heapEnd[0]!;
      this.pop();
      // a stale candidate: its left part was merged away, or its right part is no longer [mid, end)
      const mid = next[pos]!;
      if (prev[pos] === -2 || mid >= n || prev[mid] !== pos || next[mid] !== end) continue;
      const found = tables.find(part[pos]!, part[mid]!);
      if (found < 0) continue;
      const id = slots[found + 2]!;
      part[pos] = id;
      next[pos] = end;
      if (end < n) prev[end] = pos;
      prev[mid] = -2;
      const before = prev[pos]!;
      if (before >= 0) {
        const left = tables.find(part[before]!, id);
        if (left >= 0) this.push(slots[left + 3]!, before, end);
      }
      if (end < n) {
        const right = tables.find(id, part[end]!);
        if (right >= 0) this.push(slots[right + 3]!, pos, next[end]!);
      }
    }
    for (let i = 0; i < n; i = next[i]!) out.push(part[i]!);
  }

  private reserve(n: number): void {
    if (n <= this.capacity) return;
    this.capacity = Math.max(n, this.capacity * 2, 256);
    this.next = new Int32Array(this.capacity);
    this.prev = new Int32Array(this.capacity);
    this.part = new Int32Array(this.capacity);
    // n - 1 first candidates, then at most two more per merge, and at most n - 1 merges
    this.heapRank = new Int32Array(this.capacity * 3);
    this.heapPos = new Int32Array(this.capacity * 3);
    this.heapEnd = new Int32Array(this.capacity * 3);
  }

  private before(i: number, rank: number, pos: number): boolean {
    return this.heapRank[i]! < rank || (this.heapRank[i] === rank && this.heapPos[i]! < pos);
  }

  private push(rank: number, pos: number, end: number): void {
    const { heapRank, heapPos, heapEnd } = this;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.before(p, rank, pos)) break;
      heapRank[i] = heapRank[p]!;
      heapPos[i] = heapPos[p]!;
      heapEnd[i] = heapEnd[p]!;
      i = p;
    }
    heapRank[i] = rank;
    heapPos[i] = pos;
    heapEnd[i] = end;
  }

  private pop(): void {
    const { heapRank, heapPos, heapEnd } = this;
    const last = --this.heapSize;
    const rank = heapRank[last]!;
    const pos = heapPos[last]!;
    const end = heapEnd[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && (heapRank[c + 1]! < heapRank[c]! || (heapRank[c + 1] === heapRank[c] && heapPos[c + 1]! < heapPos[c]!))) c++;
      if (!this.before(c, rank, pos)) break;
      heapRank[i] = heapRank[c]!;
      heapPos[i] = heapPos[c]!;
      heapEnd[i] = heapEnd[c]!;
      i = c;
    }
    heapRank[i] = rank;
    heapPos[i] = pos;
    heapEnd[i] = end;
  }
}
