import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PipelineStats, filter, pipe, pipeWith, read, readJsonl, sink, step, type Doc, type Pipeline } from "../../src/index.js";
import { collect, FIXTURES } from "../support.js";

const docs: Doc[] = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { id: string; text: string; lang: string })
  .map((r) => ({ id: r.id, text: r.text, meta: { lang: r.lang } }));
const bytes = (list: Doc[]) => list.reduce((n, d) => n + Buffer.byteLength(d.text), 0);

describe("pipe", () => {
  it("composes plain async generator functions in order", async () => {
    const upper = async function* (input: AsyncIterable<Doc>) {
      for await (const d of input) yield { ...d, text: d.text.toUpperCase() };
    };
    const firstLine = async function* (input: AsyncIterable<Doc>) {
      for await (const d of input) yield { ...d, text: d.text.split("\n")[0]! };
    };
    const out = await collect(pipe(docs, upper, firstLine));
    expect(out.map((d) => d.text)).toEqual(docs.map((d) => d.text.toUpperCase().split("\n")[0]));
    expect(out.map((d) => d.id)).toEqual(docs.map((d) => d.id));
  });

  it("counts docs and bytes in and out of every step with datatrove's names", async () => {
    const latinOnly = filter("latin_only", (d) => (/^[\p{Script=Latin}\p{P}\p{N}\s]+$/u.test(d.text) ? true : { keep: false, reason: "script" }));
    const pipeline = pipe(readJsonl(`${FIXTURES}/udhr.jsonl`), latinOnly);
    const out = await collect(pipeline);
    const kept = docs.filter((d) => ["en", "de-1996", "fr", "es"].includes(String(d.meta.lang)));
    expect(out.map((d) => d.id)).toEqual(kept.map((d) => d.id));
    const read = pipeline.stats.get("read_jsonl")!;
    expect(read.get("forwarded")).toBe(docs.length);
    expect(read.get("bytes_out")).toBe(bytes(docs));
    const f = pipeline.stats.get("latin_only")!;
    expect(f.get("total")).toBe(docs.length);
    expect(f.get("forwarded")).toBe(kept.length);
    expect(f.get("dropped")).toBe(docs.length - kept.length);
    expect(f.get("dropped_script")).toBe(docs.length - kept.length);
    expect(f.get("total")).toBe(f.get("forwarded") + f.get("dropped"));
    expect(f.get("bytes_in")).toBe(bytes(docs));
    expect(f.get("bytes_out")).toBe(bytes(kept));
  });

  it("resolves to the sink's result and the stats when the last argument is a sink", async () => {
    const countChars = sink("count_chars", async (input: AsyncIterable<Doc>) => {
      let n = 0;
      for await (const d of input) n += d.text.length;
      return n;
    });
    const { result, stats } = await pipe(docs, countChars);
    expect(result).toBe(docs.reduce((n, d) => n + d.text.length, 0));
    expect(stats.get("count_chars")!.get("total")).toBe(docs.length);
  });

  it("gives each step its own seconds, which add up to no more than the wall time", async () => {
    const busy = step("busy", async function* (input: AsyncIterable<Doc>) {
      for await (const d of input) {
        const until = performance.now() + 5;
        while (performance.now() < until);
        yield d;
      }
    });
    const pipeline = pipe(docs, busy);
    await collect(pipeline);
    const seconds = pipeline.stats.steps.map((s) => s.seconds);
    expect(pipeline.stats.get("busy")!.seconds).toBeGreaterThanOrEqual((5 * docs.length) / 1000 - 0.001);
    expect(seconds.every((s) => s >= 0)).toBe(true);
    expect(seconds.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(pipeline.stats.seconds + 1e-3);
  });

  it("stops pulling from the source when the consumer breaks, and aborts the signal", async () => {
    let pulled = 0;
    let signal: AbortSignal | undefined;
    const source = (async function* () {
      for (const d of docs) {
        pulled++;
        yield d;
      }
    })();
    const watch = step("watch", async function* (input: AsyncIterable<Doc>, ctx) {
      signal = ctx.signal;
      yield* input;
    });
    for await (const d of pipe(source, watch)) {
      if (d.id === docs[1]!.id) break;
    }
    expect(pulled).toBe(2);
    expect(signal?.aborted).toBe(true);
  });

  it("passes rank and world size to every step", async () => {
    const seen: [number, number][] = [];
    const probe = step("probe", async function* (input: AsyncIterable<Doc>, ctx) {
      seen.push([ctx.rank, ctx.worldSize]);
      yield* input;
    });
    await collect(pipeWith({ rank: 3, worldSize: 8 }, docs, probe) as AsyncIterable<Doc>);
    expect(seen).toEqual([[3, 8]]);
  });

  it("a reader opened by pipe reads only its rank's share of the files", async () => {
    const files = ["udhr.jsonl", "udhr.jsonl.gz", "udhr.jsonl.zst"].map((f) => `${FIXTURES}/${f}`);
    const ids = async (rank: number) =>
      (await collect(pipeWith({ rank, worldSize: 2 }, readJsonl(files, { addFilePath: true })) as AsyncIterable<Doc>)).map((d) => d.meta.file_path);
    expect(new Set(await ids(0))).toEqual(new Set([files[0], files[2]]));
    expect(new Set(await ids(1))).toEqual(new Set([files[1]]));
  });

  it("with contiguous sharding, reading the tasks one after the other reads the files in order", async () => {
    const files = ["udhr.jsonl", "udhr.jsonl.gz", "udhr.jsonl.zst", "udhr.csv", "udhr.wet.gz"].map((f) => `${FIXTURES}/${f}`);
    const sorted = [...files].sort();
    for (const worldSize of [1, 2, 3, 5, 7]) {
      const seen: unknown[] = [];
      for (let rank = 0; rank < worldSize; rank++) {
        const docs = await collect(pipeWith({ rank, worldSize }, read(files, { addFilePath: true, sharding: "contiguous" })) as AsyncIterable<Doc>);
        seen.push(...new Set(docs.map((d) => d.meta.file_path)));
      }
      expect(seen, `world size ${worldSize}`).toEqual(sorted);
    }
  });

  it("propagates a step's error to the consumer", async () => {
    const boom = step("boom", async function* (input: AsyncIterable<Doc>) {
      for await (const d of input) {
        if (d.id === docs[2]!.id) throw new Error("boom at doc 3");
        yield d;
      }
    });
    await expect(collect(pipe(docs, boom))).rejects.toThrow("boom at doc 3");
  });

  it("names repeated steps apart so their counters never mix", async () => {
    const keepAll = () => filter("keep", () => true);
    const pipeline = pipe(docs, keepAll(), keepAll());
    await collect(pipeline);
    expect(pipeline.stats.steps.map((s) => s.name)).toEqual(["source", "keep", "keep#2"]);
  });

  it("sums the stats of two tasks step by step, through their JSON", async () => {
    const half = (rank: number) =>
      pipeWith(
        { rank, worldSize: 2 },
        docs.filter((_, i) => i % 2 === rank),
        filter("keep_en", (d) => d.meta.lang === "en" || { keep: false, reason: "not_en" }),
      ) as Pipeline<Doc>;
    const a = half(0);
    const b = half(1);
    await collect(a);
    await collect(b);
    const merged = PipelineStats.fromJSON(JSON.parse(JSON.stringify(a.stats))).merge(PipelineStats.fromJSON(JSON.parse(JSON.stringify(b.stats))));
    const keep = merged.get("keep_en")!;
    expect(keep.get("total")).toBe(docs.length);
    expect(keep.get("forwarded")).toBe(1);
    expect(keep.get("dropped_not_en")).toBe(docs.length - 1);
  });
});
