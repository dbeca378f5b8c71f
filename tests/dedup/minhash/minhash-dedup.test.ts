// minhashDedup on real text: the planted mirror pages of the sample crawl, Chinese near-copies
// (words from Intl.Segmenter, not whitespace), the annotate mode and the step's bookkeeping.
import { describe, expect, it } from "vitest";
import { HashList } from "../../../src/dedup/minhash/hash-list.js";
import { MinHasher, estimateJaccard } from "../../../src/dedup/minhash/minhasher.js";
import { minhashDedup } from "../../../src/dedup/minhash/minhash-dedup.js";
import { mulberry32 } from "../../../src/dedup/minhash/permutations.js";
import { shingleKeys } from "../../../src/dedup/minhash/shingles.js";
import { tokenHashes } from "../../../src/dedup/minhash/token-hashes.js";
import { makeDoc, type Doc } from "../../../src/doc.js";
import { read } from "../../../src/io/read.js";
import { pipe } from "../../../src/pipeline/pipe.js";
import { collect, collector } from "../../support.js";

/** The exact Jaccard of two texts' word 5-gram key sets. */
function trueJaccard(a: string, b: string, language: string): number {
  const set = (text: string) => {
    const units = new HashList();
    const keys = new HashList();
    tokenHashes(text, { lanes: 2, language }, units);
    shingleKeys(units, 5, 2, keys);
    return new Set(Array.from({ length: keys.length }, (_, i) => `${keys.lo[i]},${keys.hi[i]}`));
  };
  const x = set(a);
  const y = set(b);
  let both = 0;
  for (const k of x) if (y.has(k)) both++;
  return both / (x.size + y.size - both);
}

const crawl = () => collect(read("examples/data/crawl.wet.gz"));

describe("minhashDedup", () => {
  it("drops the planted mirror pages of the crawl, and the exact utm copy, pointing at the originals", async () => {
    const docs = await crawl();
    const urlOf = new Map(docs.map((d) => [d.id, d.meta.url as string]));
    const planted = {
      "https://mirror.example.net/en/network-setup-1.html": "https://docs.example.org/en/network-setup-1.html",
      "https://mirror.example.net/de/network-setup-3.html": "https://docs.example.org/de/network-setup-3.html",
      "https://mirror.example.net/ru/faq-software-5.html": "https://docs.example.org/ru/faq-software-5.html",
      "https://docs.example.org/en/network-setup-4.html?utm_source=newsletter&utm_medium=email": "https://docs.example.org/en/network-setup-4.html",
    };
    for (const scheme of ["classic", "oph"] as const) {
      const rejected = collector();
      const pipeline = pipe(docs, minhashDedup({ scheme, rejected: rejected.sink }));
      const kept = await collect(pipeline);
      const dropped = Object.fromEntries(rejected.docs.map((d) => [d.meta.url as string, urlOf.get(d.meta.duplicate_of as string)]));
      expect(rejected.docs.every((d) => d.meta.filter_reason === "minhash_duplicate")).toBe(true);
      expect(kept.length + rejected.docs.length).toBe(docs.length);
      const stats = pipeline.stats.get("minhash_dedup")!;
      expect(stats.get("dropped_minhash_duplicate")).toBe(rejected.docs.length);
      expect(stats.get("index_bytes")).toBeGreaterThan(0);
      if (scheme === "classic") expect(dropped).toEqual(planted);
      // OPH also pairs ru/faq-software-13 with -12 (true Jaccard 0.53, boilerplate-heavy short pages;
      // a candidate with probability 1 - (1 - 0.53^8)^14 = 8%): an LSH false positive, not a bug
      else expect(dropped).toMatchObject(planted);
    }
  });

  it("annotates instead: every document kept, clusters numbered by their first document", async () => {
    const docs = await crawl();
    const out = await collect(pipe(docs, minhashDedup({ mode: "annotate" })));
    expect(out.map((d) => d.id)).toEqual(docs.map((d) => d.id));
    const mirror = out.findIndex((d) => d.meta.url === "https://mirror.example.net/de/network-setup-3.html");
    const original = out.findIndex((d) => d.meta.url === "https://docs.example.org/de/network-setup-3.html");
    expect(out[mirror]!.meta.minhash_cluster).toBe(original);
    expect(out[mirror]!.meta.duplicate_of).toBe(out[original]!.id);
    expect(out[original]!.meta.minhash_cluster).toBe(original);
    expect(out[original]!.meta.duplicate_of).toBeUndefined();
    expect(out.filter((d, i) => d.meta.minhash_cluster !== i).length).toBe(4);
  });

  it("finds Chinese near-copies through Intl.Segmenter words, and no false pairs among the originals", async () => {
    const originals = (await collect(read("examples/data/web.jsonl.gz"))).filter((d) => d.meta.lang === "zh" && !d.id.endsWith("-copy"));
    const long = originals.filter((d) => d.text.split(/(?<=。)/).length >= 19);
    expect(long.length).toBe(6);
    const next = mulberry32(5);
    const pick = (n: number) => (next() >>> 0) % n;
    // near-copies with controlled edits: one sentence deleted, one from another document inserted
    const copies = long.map((doc, i) => {
      const sentences = doc.text.split(/(?<=。)/);
      sentences.splice(pick(sentences.length), 1);
      const other = long[(i + 1) % long.length]!.text.split(/(?<=。)/);
      sentences.splice(pick(sentences.length), 0, other[pick(other.length)]!);
      return makeDoc(`${doc.id}-near`, sentences.join(""), { language: "zh" });
    });
    for (const [i, copy] of copies.entries()) expect(trueJaccard(long[i]!.text, copy.text, "zh")).toBeGreaterThan(0.8);
    const rejected = collector();
    const input = [...originals.map((d) => makeDoc(d.id, d.text, { language: "zh" })), ...copies];
    const kept = await collect(pipe(input, minhashDedup({ rejected: rejected.sink })));
    expect(kept.map((d) => d.id)).toEqual(originals.map((d) => d.id));
    expect(Object.fromEntries(rejected.docs.map((d) => [d.id, d.meta.duplicate_of]))).toEqual(Object.fromEntries(copies.map((c, i) => [c.id, long[i]!.id])));
  });

  it("keeps documents too short for one shingle, and counts them", async () => {
    const docs = [makeDoc("a", "four words only here"), makeDoc("b", "four words only here"), makeDoc("c", "")];
    const pipeline = pipe(docs, minhashDedup());
    expect((await collect(pipeline)).length).toBe(3);
    expect(pipeline.stats.get("minhash_dedup")!.get("no_signature")).toBe(3);
  });

  it("starts each run empty and refuses unknown settings", async () => {
    const docs = await crawl();
    const step = minhashDedup();
    expect((await collect(pipe(docs, step))).length).toBe(docs.length - 4);
    expect((await collect(pipe(docs, step))).length).toBe(docs.length - 4);
    expect(() => minhashDedup({ bands: 0 })).toThrow(/minhashDedup.*bands/);
    expect(() => minhashDedup({ hashBits: 16 } as never)).toThrow(/minhashDedup.*hashBits/);
  });

  it("gives the same signatures for the same text and settings, other ones for another seed", () => {
    const text = "All human beings are born free and equal in dignity and rights. They are endowed with reason and conscience.";
    const a = new MinHasher().signature(text)!;
    expect(Array.from(new MinHasher().signature(text)!)).toEqual(Array.from(a));
    expect(a.length).toBe(112);
    expect(estimateJaccard(a, new MinHasher({ seed: 2 }).signature(text)!)).toBeLessThan(0.1);
    expect(new MinHasher({ bands: 20, rows: 5 }).signature(text)!.length).toBe(100);
  });
});

describe("minhashDedup clusterSizes", () => {
  it("puts each cluster's size on its kept document: the annotate mode's cluster counts, the same documents in the same order", async () => {
    const docs = await crawl();
    const plain = await collect(pipe(docs, minhashDedup()));
    const sized = await collect(pipe(docs, minhashDedup({ clusterSizes: true })));
    expect(sized.map((d) => d.id)).toEqual(plain.map((d) => d.id));
    const annotated = await collect(pipe(docs, minhashDedup({ mode: "annotate" })));
    const members = new Map<unknown, number>();
    for (const d of annotated) members.set(d.meta.minhash_cluster, (members.get(d.meta.minhash_cluster) ?? 0) + 1);
    const firsts = annotated.filter((d) => d.meta.duplicate_of === undefined);
    expect(firsts.map((d) => d.id)).toEqual(sized.map((d) => d.id));
    expect(sized.map((d) => d.meta.minhash_cluster_size)).toEqual(firsts.map((d) => members.get(d.meta.minhash_cluster)));
    expect(sized.reduce((n, d) => n + (d.meta.minhash_cluster_size as number), 0)).toBe(docs.length);
    expect(sized.some((d) => (d.meta.minhash_cluster_size as number) > 1)).toBe(true);
  });

  it("is an error with mode annotate", () => {
    expect(() => minhashDedup({ mode: "annotate", clusterSizes: true })).toThrow(/clusterSizes needs mode "drop"/);
  });
});

describe("minhashDedup perLanguage", () => {
  it("finds a near-duplicate only within its meta.language, and the same ones as without it when every document has one language", async () => {
    const docs = (await crawl()).map((d) => ({ ...d, meta: { ...d.meta, language: "xx" } }));
    const plain = await collect(pipe(docs, minhashDedup()));
    expect(plain.length).toBeLessThan(docs.length);
    const split = await collect(pipe(docs, minhashDedup({ perLanguage: true })));
    expect(split.map((d) => d.id)).toEqual(plain.map((d) => d.id));
    // the dropped documents relabelled as another language no longer have a near-duplicate in theirs
    const keptIds = new Set(plain.map((d) => d.id));
    const relabelled = docs.map((d) => (keptIds.has(d.id) ? d : { ...d, meta: { ...d.meta, language: "yy" } }));
    const byLanguage = collect(pipe(relabelled, minhashDedup({ perLanguage: true })));
    const dropped = docs.length - plain.length;
    // among "yy" documents some may still be duplicates of each other (the exact copies of one page)
    const kept = await byLanguage;
    expect(kept.length).toBeGreaterThan(plain.length);
    expect(kept.length).toBeLessThanOrEqual(docs.length);
    expect(kept.filter((d) => d.meta.language === "xx").map((d) => d.id)).toEqual(plain.map((d) => d.id));
    expect(dropped).toBeGreaterThan(0);
    // without perLanguage, the label changes nothing
    expect((await collect(pipe(relabelled, minhashDedup()))).map((d) => d.id)).toEqual(plain.map((d) => d.id));
  });
});
