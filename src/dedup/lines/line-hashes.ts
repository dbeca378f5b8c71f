// The first stage of CCNet's line dedup with keep: 'none' (cc_net "hashes"): every line key of a
// group of documents, each marked seen once or seen twice or more. CCNet's FlatHashSet keeps the
// same one bit per key, and merging shard files ORs them, adding "seen in both" (contains | value).
// Exact keys live in a typed hash table (~24 bytes a key); with `bloom`, two Bloom filters (seen,
// seen twice) take a fixed size for any number of lines, at the price of a false-positive rate.
// Saved to a file, loaded back and merged (line-hash-file.ts), so each shard can be hashed by its own task.
import { z } from "zod";
import type { Doc } from "../../doc.js";
import { ConfigError } from "../../errors.js";
import { parseOptions } from "../../options.js";
import { BloomFilter } from "./bloom-filter.js";
import { KeyTable } from "../key-table.js";
import { classifyLine } from "./line-key.js";

export const BloomOptions = z
  .object({
    falsePositiveRate: z.number().gt(0).lt(1).default(1e-6).describe("chance that a line never seen before is taken for a repeat"),
    expectedLines: z.number().int().positive().describe("distinct lines expected; sizes the filter"),
  })
  .strict();

export const CollectLineHashesOptions = z
  .object({
    minLineLength: z.number().int().min(0).default(0).describe("lines with fewer characters (after CCNet's normalize_for_dedup) are never deduplicated"),
    bloom: BloomOptions.optional().describe("a Bloom filter of this false-positive rate instead of exact keys"),
  })
  .strict();
export type CollectLineHashesInput = z.input<typeof CollectLineHashesOptions>;

/** Line keys seen once, or twice or more. */
export interface LineHashSet {
  readonly kind: "exact" | "bloom";
  /** Lines shorter than this were not collected; lineDedup must use the same. */
  readonly minLineLength: number;
  /** Record one occurrence; returns whether the key had been seen before. */
  add(hi: number, lo: number): boolean;
  /** Whether the key was seen twice or more. */
  isRepeated(hi: number, lo: number): boolean;
  /** Add another set's occurrences (another shard of the same group). */
  merge(other: LineHashSet): void;
  /** Bytes held in memory. */
  readonly bytes: number;
}

/** Every line key of `docs`, ready for lineDedup({ keep: "none", seen }). */
export async function collectLineHashes(docs: AsyncIterable<Doc> | Iterable<Doc>, options: CollectLineHashesInput = {}): Promise<LineHashSet> {
  const o = parseOptions(CollectLineHashesOptions, options, "collectLineHashes");
  const set = createLineHashSet(o.minLineLength, o.bloom);
  const key = new Int32Array(2);
  for await (const doc of docs) {
    for (const line of doc.text.split("\n")) {
      if (classifyLine(line, o.minLineLength, key) === "key") set.add(key[1]!, key[0]!);
    }
  }
  return set;
}

export function createLineHashSet(minLineLength: number, bloom?: z.output<typeof BloomOptions>): LineHashSet {
  if (!bloom) return new ExactLineHashes(minLineLength);
  const seen = BloomFilter.forCapacity(bloom.expectedLines, bloom.falsePositiveRate);
  return new BloomLineHashes(minLineLength, seen, new BloomFilter(seen.bits, seen.hashes));
}

export const ONCE = 1;
export const REPEATED = 2;

export class ExactLineHashes implements LineHashSet {
  readonly kind = "exact";
  readonly table = new KeyTable(2);
  private readonly key = new Int32Array(2);

  constructor(readonly minLineLength: number) {}

  add(hi: number, lo: number): boolean {
    this.key[0] = lo;
    this.key[1] = hi;
    const before = this.table.getOrSet(this.key, 0, ONCE);
    if (before === ONCE) this.table.set(this.key, 0, REPEATED);
    return before !== -1;
  }

  isRepeated(hi: number, lo: number): boolean {
    this.key[0] = lo;
    this.key[1] = hi;
    return this.table.get(this.key, 0) === REPEATED;
  }

  merge(other: LineHashSet): void {
    if (!(other instanceof ExactLineHashes)) throw new ConfigError("LineHashSet.merge", "cannot merge a Bloom-filter line set into an exact one");
    other.table.forEach((keys, at, value) => {
      const before = this.table.getOrSet(keys, at, value);
      if (before !== -1 && before !== REPEATED) this.table.set(keys, at, REPEATED);
    });
  }

  get bytes(): number {
    return this.table.bytes;
  }
}

export class BloomLineHashes implements LineHashSet {
  readonly kind = "bloom";

  constructor(
    readonly minLineLength: number,
    readonly seen: BloomFilter,
    readonly repeated: BloomFilter,
  ) {}

  // A false positive of `seen` makes a new line count as a repeat: a unique line is removed with
  // probability about the filter's rate (twice it, counting `repeated`'s own false positives).
  add(hi: number, lo: number): boolean {
    if (this.seen.add(hi, lo)) {
      this.repeated.add(hi, lo);
      return true;
    }
    return false;
  }

  isRepeated(hi: number, lo: number): boolean {
    return this.repeated.has(hi, lo);
  }

  // The bitwise AND of two filters stands for "seen in both": it has a higher false-positive rate
  // than a filter built from the intersection, which is the cost of merging without the keys.
  merge(other: LineHashSet): void {
    if (!(other instanceof BloomLineHashes) || !other.seen.sameShape(this.seen)) {
      throw new ConfigError("LineHashSet.merge", "can only merge Bloom-filter line sets of the same size and hash count");
    }
    const s = this.seen.words;
    const r = this.repeated.words;
    const os = other.seen.words;
    const or = other.repeated.words;
    for (let i = 0; i < s.length; i++) {
      r[i] = r[i]! | or[i]! | (s[i]! & os[i]!);
      s[i] = s[i]! | os[i]!;
    }
  }

  get bytes(): number {
    return this.seen.words.byteLength + this.repeated.words.byteLength;
  }
}
