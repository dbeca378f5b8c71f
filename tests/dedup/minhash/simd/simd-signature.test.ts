// The WebAssembly SIMD rows against the JavaScript reference, bit for bit: on the shingle keys of
// every sample-corpus and UDHR text (word and character shingles, one and two lanes) for k = 112,
// 1..9 (tails shorter than a vector), 128 and 256; on edge cases; on random keys; and the fallback
// when the runtime has no WebAssembly.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HashList } from "../../../../src/dedup/minhash/hash-list.js";
import { MinHasher } from "../../../../src/dedup/minhash/minhasher.js";
import { classicSignature, classicSignatureScalar, permutations } from "../../../../src/dedup/minhash/permutations.js";
import { shingleKeys } from "../../../../src/dedup/minhash/shingles.js";
import { simdAvailable, simdShingleSignature, simdSignature } from "../../../../src/dedup/minhash/simd/simd-signature.js";
import { tokenHashes } from "../../../../src/dedup/minhash/token-hashes.js";
import { read } from "../../../../src/io/read.js";
import { collect, FIXTURES } from "../../../support.js";

const KS = [112, 1, 2, 3, 4, 5, 6, 7, 8, 9, 128, 256];

async function realTexts(): Promise<string[]> {
  const sample = await collect(read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,wet.gz,txt}"));
  const udhr = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { text: string }).text);
  return [...sample.map((d) => d.text), ...udhr, readFileSync(`${FIXTURES}/udhr-zh-hant.utf8.txt`, "utf8")];
}

function keysOf(lo: number[], hi: number[]): HashList {
  const keys = new HashList();
  lo.forEach((x, i) => keys.push(x, hi[i]!));
  return keys;
}

/** Both versions' signatures of `keys`; the SIMD one must have run. */
function both(keys: HashList, k: number, lanes: 1 | 2, seed = 1): { simd: number[]; scalar: number[] } {
  const p = permutations(k, seed);
  const simd = new Int32Array(k);
  const scalar = new Int32Array(k);
  expect(simdSignature(keys, p, lanes, simd)).toBe(true);
  classicSignatureScalar(keys, p, lanes, scalar);
  return { simd: Array.from(simd), scalar: Array.from(scalar) };
}

describe("simdSignature", () => {
  it("runs on Node (so the comparisons below are not vacuous)", () => {
    expect(simdAvailable()).toBe(true);
  });

  it("equals the JS reference on every sample and UDHR text, k = 112, 1..9, 128, 256, one and two lanes", async () => {
    const texts = await realTexts();
    expect(texts.length).toBeGreaterThan(300);
    const units = new HashList();
    const keys = new HashList();
    const perms = new Map(KS.map((k) => [k, permutations(k, 1)]));
    let compared = 0;
    let longest = 0;
    for (const text of texts) {
      for (const lanes of [1, 2] as const) {
        for (const chars of [false, true]) {
          const unit = tokenHashes(text, { lanes, charsWhenUnspaced: chars }, units);
          if (chars && unit !== "chars") continue;
          shingleKeys(units, 5, lanes, keys);
          longest = Math.max(longest, keys.length);
          for (const k of KS) {
            const simd = new Int32Array(k);
            const scalar = new Int32Array(k);
            expect(simdSignature(keys, perms.get(k)!, lanes, simd)).toBe(true);
            classicSignatureScalar(keys, perms.get(k)!, lanes, scalar);
            if (simd.some((v, i) => v !== scalar[i]))
              expect({ text: text.slice(0, 60), lanes, k, simd: Array.from(simd) }).toEqual({ text: text.slice(0, 60), lanes, k, simd: Array.from(scalar) });
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(7000);
    // some documents outgrow the kernel's first 64 KiB page of memory
    expect(longest * 8).toBeGreaterThan(65536);
  });

  it("equals the JS reference on edge cases: no key, one key, extreme words, junk high words at one lane", () => {
    const edges = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffffffff | 0, 0x80000001 | 0];
    const cases: HashList[] = [
      keysOf([], []),
      keysOf([0], [0]),
      keysOf([-1], [-1]),
      keysOf([0xffffffff | 0], [0]),
      keysOf([0], [0xffffffff | 0]),
      keysOf(edges, [...edges].reverse()),
      keysOf(
        edges.flatMap((x) => edges.map(() => x)),
        edges.flatMap(() => edges),
      ),
      keysOf([7, 7, 7, 7, 7], [9, 9, 9, 9, 9]),
    ];
    for (const keys of cases) {
      for (const lanes of [1, 2] as const) {
        for (const k of KS) {
          const { simd, scalar } = both(keys, k, lanes);
          expect(simd).toEqual(scalar);
        }
      }
    }
    // no key: every row keeps its starting value, the largest unsigned 32-bit word
    expect(both(keysOf([], []), 9, 2).simd).toEqual(new Array(9).fill(-1));
  });

  it("equals the JS reference on random keys, k and seeds", () => {
    const word = fc.oneof(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.constantFrom(0, -1, 0x7fffffff, -0x80000000));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, word), { maxLength: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(1 as const, 2 as const),
        fc.integer(),
        (pairs, k, lanes, seed) => {
          const { simd, scalar } = both(
            keysOf(
              pairs.map((p) => p[0]),
              pairs.map((p) => p[1]),
            ),
            k,
            lanes,
            seed,
          );
          expect(simd).toEqual(scalar);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps each call's permutations apart when callers alternate, and survives memory growth", () => {
    const next = (() => {
      let s = 12345;
      return () => (s = (Math.imul(s, 1103515245) + 12345) | 0);
    })();
    const big = keysOf(Array.from({ length: 200_000 }, next), Array.from({ length: 200_000 }, next));
    const small = keysOf([1, 2, 3], [4, 5, 6]);
    for (const keys of [small, big, small]) {
      for (const [k, seed] of [
        [112, 1],
        [112, 2],
        [9, 1],
        [112, 1],
      ] as const) {
        const { simd, scalar } = both(keys, k, 2, seed);
        expect(simd).toEqual(scalar);
      }
    }
  });
});

describe("simdShingleSignature", () => {
  /** The JS route: shingleKeys at two lanes, then the reference rows; undefined without a shingle. */
  function reference(units: HashList, n: number, k: number, seed = 1): number[] | undefined {
    const keys = new HashList();
    shingleKeys(units, n, 2, keys);
    if (keys.length === 0) return undefined;
    const sig = new Int32Array(k);
    classicSignatureScalar(keys, permutations(k, seed), 2, sig);
    return Array.from(sig);
  }

  function simd(units: HashList, n: number, k: number, seed = 1): number[] | undefined {
    const sig = new Int32Array(k);
    const made = simdShingleSignature(units, n, permutations(k, seed), sig);
    expect(made).toBe(Math.max(0, units.length - n + 1));
    return made === 0 ? undefined : Array.from(sig);
  }

  it("equals shingleKeys and the JS rows on every sample and UDHR text, n = 1..7, word and character units", async () => {
    const texts = await realTexts();
    const units = new HashList();
    let compared = 0;
    for (const text of texts) {
      for (const chars of [false, true]) {
        const unit = tokenHashes(text, { lanes: 2, charsWhenUnspaced: chars }, units);
        if (chars && unit !== "chars") continue;
        for (const n of [1, 2, 3, 4, 5, 6, 7]) {
          const ours = simd(units, n, 112);
          const ref = reference(units, n, 112);
          if (JSON.stringify(ours) !== JSON.stringify(ref)) expect({ text: text.slice(0, 60), n, ours }).toEqual({ text: text.slice(0, 60), n, ours: ref });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it("equals the JS route on random unit hashes, lengths around the vector width, n, k and seeds", () => {
    const word = fc.oneof(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.constantFrom(0, -1, 0x7fffffff, -0x80000000));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, word), { maxLength: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 130 }),
        fc.integer(),
        (pairs, n, k, seed) => {
          const units = keysOf(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
          );
          expect(simd(units, n, k, seed)).toEqual(reference(units, n, k, seed));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("gives MinHasher (which takes it for classic signatures at 64 bits) the JS route's signatures", async () => {
    const texts = (await realTexts()).slice(0, 80);
    const hasher = new MinHasher();
    const units = new HashList();
    for (const text of texts) {
      tokenHashes(text, { lanes: 2 }, units);
      const ref = reference(units, 5, 112);
      expect(hasher.compute(text)).toBe(ref !== undefined);
      if (ref) expect(Array.from(hasher.sig)).toEqual(ref);
    }
  });
});

describe("classicSignature without WebAssembly", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it("falls back to the JS reference", async () => {
    vi.stubGlobal("WebAssembly", undefined);
    vi.resetModules();
    const simd = await import("../../../../src/dedup/minhash/simd/simd-signature.js");
    const perms = await import("../../../../src/dedup/minhash/permutations.js");
    expect(simd.simdAvailable()).toBe(false);
    const keys = keysOf([1, -1, 0x12345678], [0, 5, -7]);
    const p = perms.permutations(112, 1);
    const fallback = new Int32Array(112);
    perms.classicSignature(keys, p, 2, fallback);
    const reference = new Int32Array(112);
    classicSignatureScalar(keys, p, 2, reference);
    expect(Array.from(fallback)).toEqual(Array.from(reference));
    // MinHasher makes its shingle keys in JavaScript then, with the same signature
    const { MinHasher: Fallback } = await import("../../../../src/dedup/minhash/minhasher.js");
    const text = "The quick brown fox jumps over the lazy dog, and the dog sleeps on in the sun.";
    const without = new Fallback();
    expect(without.compute(text)).toBe(true);
    const withSimd = new MinHasher();
    expect(withSimd.compute(text)).toBe(true);
    expect(Array.from(without.sig)).toEqual(Array.from(withSimd.sig));
  });

  it("is the SIMD kernel here, equal to the reference", () => {
    const keys = keysOf([1, -1, 0x12345678], [0, 5, -7]);
    const p = permutations(112, 1);
    const out = new Int32Array(112);
    classicSignature(keys, p, 2, out);
    expect(Array.from(out)).toEqual(both(keys, 112, 2).scalar);
  });
});
