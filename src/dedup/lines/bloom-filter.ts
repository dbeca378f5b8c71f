// A Bloom filter (Bloom 1970) over 64-bit keys that are already uniform hashes (SHA-1 prefixes),
// for line sets that do not fit in memory as exact keys, as Dolma's dedupe does. Sizing uses the
// standard formulas for n expected keys and false-positive rate p (e.g. Broder and Mitzenmacher,
// "Network Applications of Bloom Filters: A Survey", 2004, section 2.1):
//     m = ceil(-n ln p / (ln 2)^2) bits,   k = round((m / n) ln 2) hash functions,
// and the k bit positions come from the key's two 32-bit halves by double hashing,
// g_i = (h1 + i h2) mod m (Kirsch and Mitzenmacher, "Less Hashing, Same Performance", 2006), which
// keeps the same asymptotic false-positive rate. m is rarely a power of two, and h2 is made odd.

export class BloomFilter {
  /** Number of bits, m. */
  readonly bits: number;
  /** Number of bit positions per key, k. */
  readonly hashes: number;
  readonly words: Int32Array;

  constructor(bits: number, hashes: number, words?: Int32Array) {
    if (!(bits >= 1 && hashes >= 1)) throw new RangeError(`a Bloom filter needs at least one bit and one hash, got ${bits} and ${hashes}`);
    this.bits = bits;
    this.hashes = hashes;
    this.words = words ?? new Int32Array(Math.ceil(bits / 32));
  }

  /** Sized for `expected` keys at `falsePositiveRate`. */
  static forCapacity(expected: number, falsePositiveRate: number): BloomFilter {
    const n = Math.max(1, expected);
    const bits = Math.max(64, Math.ceil((-n * Math.log(falsePositiveRate)) / (Math.LN2 * Math.LN2)));
    const hashes = Math.max(1, Math.round((bits / n) * Math.LN2));
    return new BloomFilter(bits, hashes);
  }

  /** Set the key's bits; returns whether they were all set already (the key was probably present). */
  add(hi: number, lo: number): boolean {
    const m = this.bits;
    const h1 = lo >>> 0;
    const h2 = (hi | 1) >>> 0;
    let present = true;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + i * h2) % m;
      const w = Math.floor(bit / 32);
      const mask = 1 << (bit % 32);
      const word = this.words[w]!;
      if ((word & mask) === 0) {
        present = false;
        this.words[w] = word | mask;
      }
    }
    return present;
  }

  has(hi: number, lo: number): boolean {
    const m = this.bits;
    const h1 = lo >>> 0;
    const h2 = (hi | 1) >>> 0;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + i * h2) % m;
      if ((this.words[Math.floor(bit / 32)]! & (1 << (bit % 32))) === 0) return false;
    }
    return true;
  }

  /** Whether `other` has the same size and hash count, so the two can be combined bit by bit. */
  sameShape(other: BloomFilter): boolean {
    return this.bits === other.bits && this.hashes === other.hashes;
  }
}
