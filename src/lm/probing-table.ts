// One order's n-grams for lookup: an open-addressing (linear probing) table of 64-bit keys with
// the log10 probability and backoff beside each key, 16 bytes a slot in one typed array so a lookup
// touches one cache line. 1.5 slots per n-gram, KenLM's default probing multiplier
// (lm/config.cc probing_multiplier).

export class ProbingTable {
  readonly capacity: number;
  /** Per slot: key low half, key high half, then prob and backoff as float bits. */
  private readonly slots: Int32Array;
  private readonly values: Float32Array;

  constructor(count: number) {
    this.capacity = Math.max(Math.ceil(count * 1.5), count + 1);
    this.slots = new Int32Array(this.capacity * 4);
    this.values = new Float32Array(this.slots.buffer);
  }

  /** Stores an n-gram's values under its key; false if the key is already there. */
  insert(lo: number, hi: number, prob: number, backoff: number): boolean {
    // (0, 0) marks an empty slot, so that one key moves aside
    if ((lo | hi) === 0) hi = 1;
    const { slots, capacity } = this;
    let slot = (lo >>> 0) % capacity;
    for (;;) {
      const at = slot * 4;
      if ((slots[at]! | slots[at + 1]!) === 0) {
        slots[at] = lo;
        slots[at + 1] = hi;
        this.values[at + 2] = prob;
        this.values[at + 3] = backoff;
        return true;
      }
      if (slots[at] === lo && slots[at + 1] === hi) return false;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
  }

  /** The index of the key's probability in `values` (its backoff is the next), or -1. */
  find(lo: number, hi: number): number {
    if ((lo | hi) === 0) hi = 1;
    const { slots, capacity } = this;
    let slot = (lo >>> 0) % capacity;
    for (;;) {
      const at = slot * 4;
      const l = slots[at]!;
      const h = slots[at + 1]!;
      if (l === lo && h === hi) return at + 2;
      if ((l | h) === 0) return -1;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
  }

  /** The log10 probability (at) or backoff (at + 1) for an index from find(). */
  value(at: number): number {
    return this.values[at]!;
  }
}
