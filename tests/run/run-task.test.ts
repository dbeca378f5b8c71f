// exact_dedup and line_dedup across tasks: the stages a run adds for them give the output of one
// task running the steps over the whole input (the one-process steps), for 1, 2 and 3 tasks.
// Input: the sample corpus's planted copies (examples/data/README.md): the licence texts in both
// books.jsonl.zst and licenses.csv, read by different tasks, and the copies inside web.jsonl.gz.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { collectLineHashes, ConfigError, exactDedup, lineDedup, pipe, read, runPipeline, type Doc, type PipelineConfigInput } from "../../src/index.js";
import { planRun } from "../../src/run/run-plan.js";
import { collect, tempDir } from "../support.js";

// books first and licenses.csv last: with 2 or 3 tasks they are always read by different tasks
const FILES = ["books.jsonl.zst", "web.jsonl.gz", "crawl.wet.gz", "licenses.csv"].map((f) => resolve("examples/data", f));

function config(out: string, tasks: number, steps: PipelineConfigInput["steps"]): PipelineConfigInput {
  return { input: FILES, steps, output: { dir: out, compression: "none" }, rejected: join(out, "rejected"), tasks, workers: 0 };
}

function outputBytes(dir: string): Buffer {
  const names = readdirSync(dir)
    .filter((f) => /^\d{5}_\d{5}\.jsonl$/.test(f))
    .sort();
  return Buffer.concat(names.map((f) => readFileSync(join(dir, f))));
}

const docsOf = (bytes: Buffer): Doc[] =>
  bytes
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      // the writer's field for meta is datatrove's name, metadata
      const { metadata, ...rest } = JSON.parse(l) as Doc & { metadata: Doc["meta"] };
      return { ...rest, meta: metadata } as Doc;
    });

function rejectedDocs(dir: string): Record<string, Doc[]> {
  const out: Record<string, Doc[]> = {};
  for (const step of readdirSync(dir).sort()) {
    const names = readdirSync(join(dir, step))
      .filter((f) => f.endsWith(".jsonl.gz") || f.endsWith(".jsonl"))
      .sort();
    out[step] = [];
    for (const f of names) {
      const data = readFileSync(join(dir, step, f));
      out[step].push(...docsOf(f.endsWith(".gz") ? gunzipSync(data) : data));
    }
  }
  return out;
}

describe("exact_dedup across tasks", () => {
  it("drops the same documents with 1, 2 and 3 tasks, copies read by different tasks included, keeping the first in input order", async () => {
    const dir = await tempDir();
    const steps = [{ step: "exact_dedup" }, { step: "gopher_repetition" }];
    const runs = [];
    for (const tasks of [1, 2, 3]) runs.push(await runPipeline(config(join(dir, `t${tasks}`), tasks, steps)));
    expect(runs.map((r) => r.plan.stages.map((s) => s.name))).toEqual([
      ["process"],
      ["process", "exact_merge", "finish"],
      ["process", "exact_merge", "finish"],
    ]);
    const one = outputBytes(join(dir, "t1"));
    expect(one.length).toBeGreaterThan(1000);
    for (const t of [2, 3]) expect(outputBytes(join(dir, `t${t}`)).equals(one)).toBe(true);
    // no step before exact_dedup: finish reads the input again, no copy of it goes to the work folder
    expect(existsSync(join(dir, "t3", ".work", "documents"))).toBe(false);
    // the one-process step over the whole input, read as one stream
    const reference = await collect(pipe(read(FILES), exactDedup()));
    const kept = new Set(reference.map((d) => d.id));
    const ids3 = docsOf(outputBytes(join(dir, "t3"))).map((d) => d.id);
    expect(ids3.every((id) => kept.has(id))).toBe(true);
    // the README's planted copies: 15 in web.jsonl.gz, 7 licences in books and licenses.csv, 1 in the crawl
    const dropped = runs.map((r) => r.stats.get("exact_dedup")!.get("dropped_exact_duplicate"));
    expect(dropped).toEqual([23, 23, 23]);
    // the licence copies are licenses.csv's rows (read last), each pointing at its books copy, read by task 0
    const rejected3 = rejectedDocs(join(dir, "t3", "rejected"))["exact_dedup"]!;
    const rejected1 = rejectedDocs(join(dir, "t1", "rejected"))["exact_dedup"]!;
    expect(rejected3.map((d) => [d.id, d.meta.duplicate_of]).sort()).toEqual(rejected1.map((d) => [d.id, d.meta.duplicate_of]).sort());
    const books = new Set((await collect(read(FILES[0]!))).map((d) => d.id));
    const csv = new Set((await collect(read(FILES[3]!))).map((d) => d.id));
    const licences = rejected3.filter((d) => csv.has(d.id));
    expect(licences).toHaveLength(7);
    expect(licences.every((d) => books.has(d.meta.duplicate_of as string))).toBe(true);
  });

  it("resumes per stage: a merge task and a finish task without their markers are redone, and only they", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    const cfg = config(out, 3, [{ step: "normalize" }, { step: "exact_dedup" }]);
    await runPipeline(cfg);
    const reference = outputBytes(out);
    expect(readdirSync(join(out, ".work", "exact", "keys")).sort()).toEqual(["00000.keys", "00001.keys", "00002.keys"]);
    // a step before it: the documents that reach exact_dedup wait in the work folder
    expect(readdirSync(join(out, ".work", "documents"))).toEqual(["01_exact_dedup"]);
    await rm(join(out, ".logs", "completions", "exact_merge", "00001"));
    await rm(join(out, ".logs", "completions", "finish", "00001"));
    // what a killed merge task leaves: its removal lists half written
    await rm(join(out, ".work", "exact", "removals", "00001"), { recursive: true });
    const rerun = await runPipeline(cfg);
    expect(rerun.result.tasks.filter((t) => t.status === "done")).toEqual([
      { stage: "exact_merge", rank: 1, status: "done" },
      { stage: "finish", rank: 1, status: "done" },
    ]);
    expect(outputBytes(out).equals(reference)).toBe(true);
  });
});

describe("line_dedup across tasks", () => {
  it("keep: first removes the same lines with 1, 2 and 3 tasks", async () => {
    const dir = await tempDir();
    const steps = [{ step: "line_dedup", minLineLength: 10 }];
    const runs = [];
    for (const tasks of [1, 2, 3]) runs.push(await runPipeline(config(join(dir, `t${tasks}`), tasks, steps)));
    expect(runs[2]!.plan.stages.map((s) => s.name)).toEqual(["process", "line_merge", "finish"]);
    const one = outputBytes(join(dir, "t1"));
    for (const t of [2, 3]) expect(outputBytes(join(dir, `t${t}`)).equals(one)).toBe(true);
    const removed = runs.map((r) => r.stats.get("line_dedup")!.get("lines_removed"));
    expect(removed[0]).toBeGreaterThan(100);
    expect(removed).toEqual([removed[0], removed[0], removed[0]]);
  });

  it("keep: none without a seenFile runs as stages, with any task count, as collectLineHashes then lineDedup over the whole input", async () => {
    const dir = await tempDir();
    const steps = [{ step: "line_dedup", keep: "none" }];
    const one = await runPipeline(config(join(dir, "t1"), 1, steps));
    await runPipeline(config(join(dir, "t2"), 2, steps));
    const three = await runPipeline(config(join(dir, "t3"), 3, steps));
    expect(one.plan.stages.map((s) => s.name)).toEqual(["process", "line_merge", "finish"]);
    for (const t of [2, 3]) expect(outputBytes(join(dir, `t${t}`)).equals(outputBytes(join(dir, "t1")))).toBe(true);
    const seen = await collectLineHashes(read(FILES));
    const reference = await collect(pipe(read(FILES), lineDedup({ keep: "none", seen })));
    const pick = (docs: Doc[]) => docs.map((d) => [d.id, d.text, d.meta.nlines]);
    expect(pick(docsOf(outputBytes(join(dir, "t3"))))).toEqual(pick(reference));
    expect(three.stats.get("line_dedup")!.get("lines_removed")).toBeGreaterThan(0);
  });
});

describe("line_dedup stages resume", () => {
  it("redo a line_merge task whose marker is missing and the finish task after it, with the same bytes", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    const cfg = config(out, 2, [{ step: "normalize" }, { step: "line_dedup", minLineLength: 10 }]);
    await runPipeline(cfg);
    const reference = outputBytes(out);
    await rm(join(out, ".logs", "completions", "line_merge", "00000"));
    await rm(join(out, ".logs", "completions", "finish", "00000"));
    await rm(join(out, ".work", "lines", "removals", "00000"), { recursive: true });
    const rerun = await runPipeline(cfg);
    expect(rerun.result.tasks.filter((t) => t.status === "done")).toEqual([
      { stage: "line_merge", rank: 0, status: "done" },
      { stage: "finish", rank: 0, status: "done" },
    ]);
    expect(outputBytes(out).equals(reference)).toBe(true);
  });
});

describe("several cross-task dedup steps in one run", () => {
  it("cut the steps at each one: exact, line and MinHash stages in order, the same bytes as one task", async () => {
    const dir = await tempDir();
    const steps = [{ step: "exact_dedup" }, { step: "line_dedup", minLineLength: 10 }, { step: "gopher_repetition" }, { step: "minhash_dedup" }];
    const one = await runPipeline(config(join(dir, "t1"), 1, steps));
    const three = await runPipeline(config(join(dir, "t3"), 3, steps));
    expect(one.plan.stages.map((s) => s.name)).toEqual(["process", "minhash_buckets", "minhash_clusters", "finish"]);
    expect(three.plan.stages.map((s) => s.name)).toEqual([
      "process",
      "exact_merge",
      "after_exact_dedup",
      "line_merge",
      "after_line_dedup",
      "minhash_buckets",
      "minhash_clusters",
      "finish",
    ]);
    expect(outputBytes(join(dir, "t3")).equals(outputBytes(join(dir, "t1")))).toBe(true);
    expect(rejectedDocs(join(dir, "t3", "rejected"))).toEqual(rejectedDocs(join(dir, "t1", "rejected")));
  });

  it("refuses two exact_dedup steps across tasks, and has no note left to give about task-local dedup", async () => {
    const dir = await tempDir();
    await expect(planRun(config(join(dir, "a"), 2, [{ step: "exact_dedup" }, { step: "exact_dedup" }]))).rejects.toThrow(ConfigError);
    const plan = await planRun(config(join(dir, "b"), 2, [{ step: "exact_dedup" }, { step: "line_dedup" }]));
    expect(plan.notes).toEqual([]);
    await expect(planRun(config(join(dir, "d"), 2, [{ step: "line_dedup", seenFile: join(dir, "seen.bin") }]))).rejects.toThrow(/steps\.0\.seenFile/);
    await expect(planRun(config(join(dir, "e"), 1, [{ step: "line_dedup", keep: "none", bloom: { expectedLines: 10 } }]))).rejects.toThrow(/steps\.0\.bloom/);
    // with one task, two exact_dedup steps are two steps in one process
    expect((await planRun(config(join(dir, "c"), 1, [{ step: "exact_dedup" }, { step: "exact_dedup" }]))).stages).toHaveLength(1);
  });
});
