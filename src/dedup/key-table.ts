// An open-addressing hash table from fixed-width keys (a few 32-bit words: 64-bit line hashes,
// 128-bit document digests) to a non-negative integer, in typed arrays: no object per key, and
// the whole table is a handful of allocations (a Map of string keys costs ~80 bytes per entry).
// Linear probing; the table doubles at 3/4 full.
import { fmix32 } from "../hash/murmur3.js";

export class KeyTable {
  readonly words: number;
  private keys: Int32Array;
  private values: Int32Array;
  private mask: number;
  /** Number of keys stored. */
  size = 0;

  constructor(words: number, slots = 1024) {
    let n = 16;
    while (n < slots) n *= 2;
    this.words = words;
    this.keys = new Int32Array(n * words);
    this.values = new Int32Array(n).fill(-1);
    this.mask = n - 1;
  }

  /** The value stored for the key `key[at .. at + words)`, or -1. */
  get(key: ArrayLike<number>, at = 0): number {
    const slot = this.find(key, at);
    return slot >= 0 ? this.values[slot]! : -1;
  }

  /** Store `value` (>= 0) for the key. */
  set(key: ArrayLike<number>, at: number, value: number): void {
    const slot = this.find(key, at);
    if (slot >= 0) this.values[slot] = value;
    else this.insert(~slot, key, at, value);
  }

  /** The value already stored for the key, or -1 after storing `value` for it. */
  getOrSet(key: ArrayLike<number>, at: number, value: number): number {
    const slot = this.find(key, at);
    if (slot >= 0) return this.values[slot]!;
    this.insert(~slot, key, at, value);
    return -1;
  }

  /** Every key and value: `fn(keys, offset, value)` with the key at keys[offset .. offset + words). */
  forEach(fn: (keys: Int32Array, offset: number, value: number) => void): void {
    for (let slot = 0; slot <= this.mask; slot++) {
      const v = this.values[slot]!;
      if (v !== -1) fn(this.keys, slot * this.words, v);
    }
  }

  clear(): void {
    this.values.fill(-1);
    this.size = 0;
  }

  /** Bytes held by the table's arrays. */
  get bytes(): number {
    return this.keys.byteLength + this.values.byteLength;
  }

  /** The slot holding the key, or ~slot of the empty slot where it belongs. */
  private find(key: ArrayLike<number>, at: number): number {
    const w = this.words;
    let h = key[at]!;
    for (let i = 1; i < w; i++) h = Math.imul(h ^ key[at + i]!, 0x9e3779b1) ^ (h >>> 15);
    let slot = fmix32(h) & this.mask;
    const keys = this.keys;
    const values = this.values;
    for (;;) {
      if (values[slot] === -1) return ~slot;
      let same = true;
      for (let i = 0; i < w; i++) {
        if (keys[slot * w + i] !== (key[at + i]! | 0)) {
          same = false;
          break;
        }
      }
      if (same) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private insert(slot: number, key: ArrayLike<number>, at: number, value: number): void {
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) {
      this.grow();
      slot = ~this.find(key, at);
    }
    const w = this.words;
    for (let i = 0; i < w; i++) this.keys[slot * w + i] = key[at + i]!;
    this.values[slot] = value;
    this.size++;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const w = this.words;
    const n = (this.mask + 1) * 2;
    this.keys = new Int32Array(n * w);
    this.values = new Int32Array(n).fill(-1);
    this.mask = n - 1;
    for (let slot = 0; slot < oldValues.length; slot++) {
      const v = oldValues[slot]!;
      if (v === -1) continue;
      const free = ~this.find(oldKeys, slot * w);
      for (let i = 0; i < w; i++) this.keys[free * w + i] = oldKeys[slot * w + i]!;
      this.values[free] = v;
    }
  }
}
