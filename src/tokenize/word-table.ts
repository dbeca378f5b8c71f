// Words (pre-tokens) to numbers, looked up by their place in the text they were cut from: no string
// is sliced for a lookup, so a document's words allocate nothing (a Map keyed by strings needs each
// word as its own string, hashed by V8, and under load the collector's helper threads wait for a
// core). Open addressing over parallel Int32Arrays, the words' UTF-16 units in one pool, FNV-1a.
export class WordTable {
  /** What get() returns for a word that is not in the table (no stored value is this). */
  static readonly ABSENT = -0x80000000;
  size = 0;
  private mask: number;
  private at: Int32Array; // per slot: the word's place in `units`, or -1
  private length: Int32Array;
  private hash: Int32Array;
  private value: Int32Array;
  private units = new Uint16Array(1 << 16);
  private unitsEnd = 0;

  /** `capacity`: the most words it will hold (it grows past that, at a cost). */
  constructor(private capacity: number) {
    let slots = 1 << 10;
    while (slots < capacity * 2) slots *= 2;
    this.mask = slots - 1;
    this.at = new Int32Array(slots).fill(-1);
    this.length = new Int32Array(slots);
    this.hash = new Int32Array(slots);
    this.value = new Int32Array(slots);
  }

  /** The hash of text[start, end), for get() and set(). */
  static hash(text: string, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h;
  }

  /** The value of the word text[start, end) (its hash `h`), or ABSENT. */
  get(text: string, start: number, end: number, h: number): number {
    const n = end - start;
    const { at, length, hash, units, mask } = this;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const p = at[slot]!;
      if (p === -1) return WordTable.ABSENT;
      if (hash[slot] !== h || length[slot] !== n) continue;
      let k = 0;
      while (k < n && units[p + k] === text.charCodeAt(start + k)) k++;
      if (k === n) return this.value[slot]!;
    }
  }

  /** Adds the word text[start, end) (not in the table) with `value`. */
  set(text: string, start: number, end: number, h: number, value: number): void {
    if (this.size * 2 >= this.mask) this.grow();
    const n = end - start;
    if (this.unitsEnd + n > this.units.length) {
      const bigger = new Uint16Array(Math.max(this.units.length * 2, this.unitsEnd + n));
      bigger.set(this.units.subarray(0, this.unitsEnd));
      this.units = bigger;
    }
    const p = this.unitsEnd;
    for (let k = 0; k < n; k++) this.units[p + k] = text.charCodeAt(start + k);
    this.unitsEnd += n;
    this.put(h, p, n, value);
    this.size++;
  }

  clear(): void {
    this.at.fill(-1);
    this.size = 0;
    this.unitsEnd = 0;
  }

  private put(h: number, p: number, n: number, value: number): void {
    let slot = h & this.mask;
    while (this.at[slot] !== -1) slot = (slot + 1) & this.mask;
    this.at[slot] = p;
    this.length[slot] = n;
    this.hash[slot] = h;
    this.value[slot] = value;
  }

  private grow(): void {
    const { at, length, hash, value } = this;
    this.capacity *= 2;
    const slots = at.length * 2;
    this.mask = slots - 1;
    this.at = new Int32Array(slots).fill(-1);
    this.length = new Int32Array(slots);
    this.hash = new Int32Array(slots);
    this.value = new Int32Array(slots);
    for (let s = 0; s < at.length; s++) if (at[s] !== -1) this.put(hash[s]!, at[s]!, length[s]!, value[s]!);
  }
}
