// The typed-array structures under the dedup steps, against the plain JavaScript they replace:
// Map for the hash tables and the LSH index, Array.sort for the radix sort. Keys come from a
// seeded generator, so every run checks the same cases.
import { describe, expect, it } from "vitest";
import { BandIndex } from "../../src/dedup/minhash/band-index.js";
import { BloomFilter } from "../../src/dedup/lines/bloom-filter.js";
import { IdStore } from "../../src/dedup/id-store.js";
import { KeyTable } from "../../src/dedup/key-table.js";
import { mulberry32 } from "../../src/dedup/minhash/permutations.js";
import { radixOrder } from "../../src/dedup/radix-sort.js";
import { UnionFind } from "../../src/dedup/minhash/union-find.js";

describe("KeyTable", () => {
  it("stores and finds 2- and 4-word keys as a Map does, through growth", () => {
    for (const words of [2, 4]) {
      const next = mulberry32(words);
      const table = new KeyTable(words, 16);
      const map = new Map<string, number>();
      const key = new Int32Array(words);
      for (let i = 0; i < 20000; i++) {
        // few distinct values so that keys repeat
        for (let w = 0; w < words; w++) key[w] = next() % 97;
        const name = key.join(",");
        const before = table.getOrSet(key, 0, i);
        expect(before).toBe(map.get(name) ?? -1);
        if (!map.has(name)) map.set(name, i);
      }
      expect(table.size).toBe(map.size);
      let seen = 0;
      table.forEach((keys, at, value) => {
        expect(map.get(Array.from(keys.subarray(at, at + words)).join(","))).toBe(value);
        seen++;
      });
      expect(seen).toBe(map.size);
    }
  });
});

describe("BandIndex", () => {
  it("answers as a Map of first documents, across buffer flushes and run merges, in under 200 bytes a document", () => {
    const bands = 14;
    const docs = 60000;
    const next = mulberry32(7);
    const index = new BandIndex(bands);
    const first = Array.from({ length: bands }, () => new Map<string, number>());
    const stored = Array.from({ length: bands }, () => [] as [number, number][]);
    let wrong = 0;
    let repeats = 0;
    for (let doc = 0; doc < docs; doc++) {
      for (let band = 0; band < bands; band++) {
        // one key in 50 repeats a key stored earlier in this band
        const old = stored[band]!;
        const repeat = old.length > 0 && (next() >>> 0) % 50 === 0;
        const [hi, lo] = repeat ? old[(next() >>> 0) % old.length]! : [next(), next()];
        const name = `${hi},${lo}`;
        const want = first[band]!.get(name) ?? -1;
        if (index.firstOrAdd(band, hi, lo, doc) !== want) wrong++;
        if (want === -1) {
          first[band]!.set(name, doc);
          old.push([hi, lo]);
        } else repeats++;
      }
    }
    expect(wrong).toBe(0);
    expect(repeats).toBeGreaterThan(10000);
    expect(index.bytes / docs).toBeLessThan(200);
  });
});

describe("radixOrder", () => {
  it("orders by (hi, lo) as unsigned and keeps ties in input order, with 8- and 16-bit digits", () => {
    const next = mulberry32(3);
    for (const n of [0, 1, 5000, 70000]) {
      const hi = new Int32Array(n);
      const lo = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        hi[i] = next() % 4; // many ties, negative values included
        lo[i] = next() % 3 === 0 ? -1 : next();
      }
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => (hi[a]! >>> 0) - (hi[b]! >>> 0) || (lo[a]! >>> 0) - (lo[b]! >>> 0) || a - b);
      expect(Array.from(radixOrder(hi, lo, n))).toEqual(expected);
    }
  });
});

describe("UnionFind and IdStore", () => {
  it("roots every set at its smallest element", () => {
    const uf = new UnionFind();
    for (let i = 0; i < 3000; i++) uf.add();
    uf.union(10, 20);
    uf.union(30, 20);
    uf.union(2999, 30);
    expect([uf.find(10), uf.find(20), uf.find(30), uf.find(2999)]).toEqual([10, 10, 10, 10]);
    uf.union(2999, 5);
    expect(uf.find(20)).toBe(5);
    expect(uf.find(6)).toBe(6);
  });

  it("gives back every id, including empty and non-ASCII ones", () => {
    const ids = new IdStore();
    const all = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? "" : `doc-${i}-文书-😀`));
    for (const id of all) ids.push(id);
    all.forEach((id, i) => expect(ids.get(i)).toBe(id));
  });
});

describe("BloomFilter", () => {
  it("sizes by the standard formulas and measures a false-positive rate near the configured one", () => {
    const n = 100000;
    for (const p of [0.01, 0.001]) {
      const filter = BloomFilter.forCapacity(n, p);
      expect(filter.bits).toBe(Math.ceil((-n * Math.log(p)) / Math.LN2 ** 2));
      expect(filter.hashes).toBe(Math.round((filter.bits / n) * Math.LN2));
      const next = mulberry32(11);
      for (let i = 0; i < n; i++) filter.add(next(), next());
      const again = mulberry32(11);
      for (let i = 0; i < n; i++) expect(filter.has(again(), again())).toBe(true);
      let false_ = 0;
      const trials = 200000;
      for (let i = 0; i < trials; i++) if (filter.has(again(), again())) false_++;
      const rate = false_ / trials;
      // within 30% of the target (the binomial error alone is ~3% at p = 0.01, ~10% at 0.001)
      expect(rate).toBeGreaterThan(p * 0.7);
      expect(rate).toBeLessThan(p * 1.3);
    }
  });
});
