// The ARPA reader's word -> id table, keyed by the word's UTF-8 bytes: an n-gram line's words are
// looked up where they lie in the file's buffer, so reading a 5-gram makes no strings (making and
// hashing one string per word was most of the reading time, measured). The unigram section fills
// it, with each word's bytes copied into one pool.
import { fmix32, mixBlock, mixTail } from "../hash/murmur3.js";

export class ByteVocabulary {
  private pool = new Uint8Array(1 << 16);
  private used = 0;
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  size = 0;

  /** @param capacity how many words will be added (the unigram count of the header) */
  constructor(capacity: number) {
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.slots = new Int32Array(slots).fill(-1);
    this.mask = slots - 1;
  }

  /** Adds the word in bytes[start, end) with the next id; returns false if it is already there. */
  add(bytes: Uint8Array, start: number, end: number): boolean {
    let slot = hashBytes(bytes, start, end) & this.mask;
    for (let id = this.slots[slot]!; id !== -1; id = this.slots[slot]!) {
      if (this.equals(id, bytes, start, end)) return false;
      slot = (slot + 1) & this.mask;
    }
    const length = end - start;
    if (this.used + length > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.used + length));
      pool.set(this.pool.subarray(0, this.used));
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(start, end), this.used);
    const id = this.size++;
    this.starts[id] = this.used;
    this.lengths[id] = length;
    this.used += length;
    this.slots[slot] = id;
    return true;
  }

  /** The id of the word in bytes[start, end), or -1. */
  find(bytes: Uint8Array, start: number, end: number): number {
    let slot = hashBytes(bytes, start, end) & this.mask;
    for (let id = this.slots[slot]!; id !== -1; id = this.slots[slot]!) {
      if (this.equals(id, bytes, start, end)) return id;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  private equals(id: number, bytes: Uint8Array, start: number, end: number): boolean {
    if (this.lengths[id] !== end - start) return false;
    const pool = this.pool;
    for (let k = 0, at = this.starts[id]!; k < end - start; k++) if (pool[at + k] !== bytes[start + k]) return false;
    return true;
  }
}

/**
 * murmur3-style hash of the bytes, four at a time (one multiply per four bytes instead of one
 * per byte: the per-byte chain was most of a lookup, measured), with murmur3's finalizer.
 */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = end - start;
  let i = start;
  for (; i + 4 <= end; i += 4) h = mixBlock(h, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  let k = 0;
  for (let shift = 0; i < end; i++, shift += 8) k |= bytes[i]! << shift;
  return fmix32(mixTail(h, k));
}
