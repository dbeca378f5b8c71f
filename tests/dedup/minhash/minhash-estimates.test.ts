// MinHash's promise, checked statistically: with k independent rows, the share of equal rows of two
// signatures is Binomial(k, J) / k around the true Jaccard J of the two shingle sets. Real documents
// from the sample corpus are paired with copies in which a seeded share of words is replaced, the
// true J is computed from the exact shingle key sets, and the z-scores (estimate - J) / sd must
// look standard normal: mean near 0 (no bias), variance near 1 (rows not correlated), no extreme
// outlier. A family with correlated rows fails the variance check, as the control case shows.
import { describe, expect, it } from "vitest";
import { HashList } from "../../../src/dedup/minhash/hash-list.js";
import { estimateJaccard, MinHasher } from "../../../src/dedup/minhash/minhasher.js";
import { classicSignature, mulberry32, permutations } from "../../../src/dedup/minhash/permutations.js";
import { shingleKeys } from "../../../src/dedup/minhash/shingles.js";
import { tokenHashes } from "../../../src/dedup/minhash/token-hashes.js";
import { read } from "../../../src/io/read.js";
import { collect } from "../../support.js";

const SPACED = new Set(["en", "de", "fr", "es", "it", "pt", "ru", "nl"]);

interface Pair {
  a: string;
  b: string;
}

async function editedPairs(): Promise<Pair[]> {
  const docs = (await collect(read("examples/data/web.jsonl.gz"))).filter((d) => SPACED.has(d.meta.lang as string) && d.text.split(/\s+/).length >= 300);
  const vocabulary = docs.flatMap((d) => d.text.split(/\s+/).slice(0, 200));
  const next = mulberry32(2024);
  const uniform = () => (next() >>> 0) / 0x100000000;
  const pairs: Pair[] = [];
  for (const doc of docs) {
    for (const rate of [0.005 + 0.03 * uniform(), 0.03 + 0.07 * uniform(), 0.1 + 0.15 * uniform()]) {
      const words = doc.text.split(/\s+/).map((w) => (uniform() < rate ? vocabulary[(next() >>> 0) % vocabulary.length]! : w));
      pairs.push({ a: doc.text, b: words.join(" ") });
    }
  }
  return pairs;
}

function shingleSet(text: string, lanes: 1 | 2): Set<string> {
  const units = new HashList();
  const keys = new HashList();
  tokenHashes(text, { lanes }, units);
  shingleKeys(units, 5, lanes, keys);
  const set = new Set<string>();
  for (let i = 0; i < keys.length; i++) set.add(`${keys.lo[i]},${keys.hi[i]}`);
  return set;
}

function trueJaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

function zScores(pairs: Pair[], lanes: 1 | 2, signature: (text: string) => ArrayLike<number>, k: number): number[] {
  const z: number[] = [];
  for (const { a, b } of pairs) {
    const j = trueJaccard(shingleSet(a, lanes), shingleSet(b, lanes));
    if (j < 0.1 || j > 0.9) continue;
    z.push((estimateJaccard(signature(a), signature(b)) - j) / Math.sqrt((j * (1 - j)) / k));
  }
  return z;
}

function moments(z: number[]): { mean: number; variance: number; max: number } {
  const mean = z.reduce((s, x) => s + x, 0) / z.length;
  const variance = z.reduce((s, x) => s + (x - mean) ** 2, 0) / (z.length - 1);
  return { mean, variance, max: Math.max(...z.map(Math.abs)) };
}

describe("MinHash Jaccard estimates", async () => {
  const pairs = await editedPairs();

  for (const settings of [{ hashBits: 64 as const }, { hashBits: 32 as const }, { scheme: "oph" as const }]) {
    it(`are within the binomial error of the true Jaccard (${JSON.stringify(settings)})`, () => {
      const hasher = new MinHasher(settings);
      const z = zScores(pairs, hasher.lanes, (t) => hasher.signature(t)!, 112);
      expect(z.length).toBeGreaterThan(250);
      const m = moments(z);
      // for n z-scores, the mean has standard error 1/sqrt(n) (~0.06 here) and the variance ~sqrt(2/n) (~0.09)
      expect(Math.abs(m.mean)).toBeLessThan(0.3);
      expect(m.variance).toBeGreaterThan(0.65);
      expect(m.variance).toBeLessThan(1.4);
      expect(m.max).toBeLessThan(4.5);
    });
  }

  it("would fail for a family whose rows are correlated (control)", () => {
    const good = permutations(112, 1);
    // every fourth row repeats: 28 distinct rows counted as 112
    const broken = {
      a: good.a.map((_, i) => good.a[i - (i % 4)]!),
      b: good.b.map((_, i) => good.b[i - (i % 4)]!),
      c: good.c.map((_, i) => good.c[i - (i % 4)]!),
    };
    const units = new HashList();
    const keys = new HashList();
    const sig = (text: string) => {
      tokenHashes(text, { lanes: 2 }, units);
      shingleKeys(units, 5, 2, keys);
      const out = new Int32Array(112);
      classicSignature(keys, broken, 2, out);
      return out;
    };
    const m = moments(zScores(pairs, 2, sig, 112));
    expect(m.variance).toBeGreaterThan(2.5);
  });
});

describe("MinHash Jaccard estimates against the minhash npm package", async () => {
  const pairs = await editedPairs();
  const { createRequire } = await import("node:module");
  const { Minhash } = createRequire(import.meta.url)("minhash") as {
    Minhash: new (o: { numPerm: number }) => { update(s: string): void; jaccard(o: unknown): number };
  };
  const { simplifyText } = await import("../../../src/text/normalize.js");
  const { splitWords } = await import("../../../src/text/words.js");
  const shingles = (text: string) => {
    const words = splitWords(simplifyText(text));
    const set = new Set<string>();
    for (let i = 0; i + 5 <= words.length; i++) set.add(words.slice(i, i + 5).join(" "));
    return set;
  };

  it("are at least as close to the true Jaccard as the package's, with the same 112 permutations", () => {
    const hasher = new MinHasher({});
    let ours = 0;
    let theirs = 0;
    let n = 0;
    for (const { a, b } of pairs) {
      const [sa, sb] = [shingles(a), shingles(b)];
      const j = trueJaccard(sa, sb);
      ours += Math.abs(estimateJaccard(hasher.signature(a)!, hasher.signature(b)!) - j);
      const [ma, mb] = [new Minhash({ numPerm: 112 }), new Minhash({ numPerm: 112 })];
      for (const s of sa) ma.update(s);
      for (const s of sb) mb.update(s);
      theirs += Math.abs(ma.jaccard(mb) - j);
      n++;
    }
    expect(n).toBeGreaterThan(250);
    // both are unbiased estimators with sd sqrt(J(1-J)/112) <= 0.047: mean errors near 0.03
    expect(ours / n).toBeLessThan(0.045);
    expect(ours / n).toBeLessThanOrEqual((theirs / n) * 1.15);
  });
});
