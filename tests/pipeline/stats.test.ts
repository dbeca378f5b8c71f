import { describe, expect, it } from "vitest";
import { PipelineStats, read, Stats, type Doc } from "../../src/index.js";
import { SAMPLES_PER_KEY } from "../../src/pipeline/stats.js";
import { collect } from "../support.js";

const EDGES = [10, 100, 1000];

describe("Stats histograms and samples", () => {
  it("counts values into fixed bins, edges belonging to the bin above", () => {
    const s = new Stats("x");
    for (const v of [1, 10, 50, 99.9, 100, 5000, 1000]) s.observe("h", v, EDGES);
    expect(s.histograms.h).toEqual({ edges: EDGES, counts: [1, 3, 1, 2] });
    s.mark("h", "head", 42, EDGES);
    expect(s.toJSON().histograms!.h!.marks).toEqual({ head: 42 });
  });

  it("keeps the same samples whether the documents went through one Stats or were split over tasks and merged", async () => {
    const docs: Doc[] = await collect(read("examples/data/*.{jsonl.gz,wet.gz}"));
    expect(docs.length).toBeGreaterThan(100);
    const one = new Stats("step");
    for (const d of docs) one.sample("reason", d);
    const tasks = [new Stats("step"), new Stats("step"), new Stats("step")];
    docs.forEach((d, i) => tasks[(i * 7) % 3]!.sample("reason", d));
    const merged = new Stats("step");
    for (const t of [tasks[2]!, tasks[0]!, tasks[1]!]) merged.merge(t);
    expect(one.samples.reason).toHaveLength(SAMPLES_PER_KEY);
    expect(merged.samples.reason).toEqual(one.samples.reason);
    // bounded: long texts are cut, and a document offered twice is kept once
    expect(one.samples.reason!.every((s) => s.text.length <= 600 && s.chars >= s.text.length)).toBe(true);
    for (const d of docs) one.sample("reason", d);
    expect(one.samples.reason).toEqual(merged.samples.reason);
  });

  it("survives JSON and sums histograms across tasks", () => {
    const a = new PipelineStats();
    const b = new PipelineStats();
    a.create("perplexity").observe("perplexity_en", 50, EDGES);
    b.create("perplexity").observe("perplexity_en", 500, EDGES);
    b.get("perplexity")!.sample("bucket_tail", { id: "d1", text: "some text" });
    const merged = PipelineStats.fromJSON(JSON.parse(JSON.stringify(a.toJSON()))).merge(PipelineStats.fromJSON(JSON.parse(JSON.stringify(b.toJSON()))));
    expect(merged.get("perplexity")!.histograms.perplexity_en!.counts).toEqual([0, 1, 1, 0]);
    expect(merged.get("perplexity")!.samples.bucket_tail!.map((s) => s.id)).toEqual(["d1"]);
    const other = new Stats("perplexity");
    other.observe("perplexity_en", 5, [1, 2]);
    expect(() => new Stats("perplexity").merge(a.get("perplexity")!).merge(other)).toThrow(/other bins/);
  });
});
