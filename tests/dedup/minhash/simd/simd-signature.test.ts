// The WebAssembly SIMD rows against the JavaScript reference, bit for bit: on the shingle keys of
// every sample-corpus and UDHR text (word and character shingles, one and two lanes) for k = 112,
// 1..9 (tails shorter than a vector), 128 and 256; on edge cases; on random keys; and the fallback
// when the runtime has no WebAssembly.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HashList } from "../../../../src/dedup/minhash/hash-list.js";
import { classicSignature, classicSignatureScalar, permutations } from "../../../../src/dedup/minhash/permutations.js";
import { shingleKeys } from "../../../../src/dedup/minhash/shingles.js";
import { simdAvailable, simdSignature } from "../../../../src/dedup/minhash/simd/simd-signature.js";
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
  });

  it("is the SIMD kernel here, equal to the reference", () => {
    const keys = keysOf([1, -1, 0x12345678], [0, 5, -7]);
    const p = permutations(112, 1);
    const out = new Int32Array(112);
    classicSignature(keys, p, 2, out);
    expect(Array.from(out)).toEqual(both(keys, 112, 2).scalar);
  });
});
