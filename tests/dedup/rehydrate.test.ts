// Rehydration: FineWeb-2's weight table as its README states it, and the step's copies and counts.
import { describe, expect, it } from "vitest";
import { FINEWEB2_REHYDRATION, rehydrate, rehydrationWeight } from "../../src/dedup/rehydrate.js";
import { minhashDedup } from "../../src/dedup/minhash/minhash-dedup.js";
import { ConfigError, pipe, read, type Doc } from "../../src/index.js";
import { collect } from "../support.js";

describe("rehydrationWeight", () => {
  it("gives FineWeb-2's copies for every cluster size up to 3000, as its README words them", () => {
    // huggingface/fineweb-2 README: no duplicates 1; N = 2 or 3: N; N = 4: 3; 5 <= N < 100: 5;
    // 100 <= N < 1000: 8; N >= 1000: 1
    const readme = (n: number) => (n === 1 ? 1 : n <= 3 ? n : n === 4 ? 3 : n < 100 ? 5 : n < 1000 ? 8 : 1);
    for (let n = 1; n <= 3000; n++) expect(rehydrationWeight(n, FINEWEB2_REHYDRATION), String(n)).toBe(readme(n));
  });

  it("reads any table by the largest key not above the size", () => {
    expect(rehydrationWeight(7, { "1": 1, "10": 4 })).toBe(1);
    expect(rehydrationWeight(10, { "10": 4, "1": 1 })).toBe(4);
    expect(rehydrationWeight(1, { "2": 3 })).toBe(1);
  });
});

describe("rehydrate", () => {
  it("repeats each document by its cluster size's weight, counts the copies and the documents without a size", async () => {
    const docs: Doc[] = [
      { id: "a", text: "a", meta: { minhash_cluster_size: 1 } },
      { id: "b", text: "b", meta: { minhash_cluster_size: 4 } },
      { id: "c", text: "c", meta: { minhash_cluster_size: 150 } },
      { id: "d", text: "d", meta: {} },
      { id: "e", text: "e", meta: { minhash_cluster_size: 5000 } },
    ];
    const pipeline = pipe(docs, rehydrate());
    const out = await collect(pipeline);
    expect(out.map((d) => d.id).join("")).toBe("abbbccccccccde");
    const stats = pipeline.stats.get("rehydrate")!;
    expect(stats.get("copies_added")).toBe(2 + 7);
    expect(stats.get("no_cluster_size")).toBe(1);
  });

  it("drops documents whose weight is 0, and refuses a table with a size that is not a whole number from 1", async () => {
    const docs: Doc[] = [{ id: "big", text: "x", meta: { minhash_cluster_size: 2000 } }];
    const pipeline = pipe(docs, rehydrate({ weights: { "1": 1, "1000": 0 } }));
    expect(await collect(pipeline)).toEqual([]);
    expect(pipeline.stats.get("rehydrate")!.get("dropped_rehydration_weight_zero")).toBe(1);
    expect(() => rehydrate({ weights: { "0": 1 } })).toThrow(ConfigError);
    expect(() => rehydrate({ weights: { "1": -1 } })).toThrow(ConfigError);
  });

  it("after minhashDedup({ clusterSizes: true }), gives as many documents as the weights of the kept ones add up to", async () => {
    const docs = await collect(read("examples/data/crawl.wet.gz"));
    const kept = await collect(pipe(docs, minhashDedup({ clusterSizes: true })));
    const expected = kept.reduce((n, d) => n + rehydrationWeight(d.meta.minhash_cluster_size as number, FINEWEB2_REHYDRATION), 0);
    const out = await collect(pipe(docs, minhashDedup({ clusterSizes: true }), rehydrate()));
    expect(out.length).toBe(expected);
    expect(out.length).toBeGreaterThan(kept.length);
  });
});
