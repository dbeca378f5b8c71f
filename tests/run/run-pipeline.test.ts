import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ConfigError, read, runPipeline, type PipelineConfigInput } from "../../src/index.js";
import { planRun } from "../../src/run/run-plan.js";
import { resolveTask, taskFromEnvironment } from "../../src/run/task-rank.js";
import { runCli, tempDir } from "../support.js";

const INPUT = resolve("examples/data/*.{jsonl.gz,jsonl.zst,wet.gz,warc.gz,parquet}");

/** A FineWeb-like pipeline with MinHash dedup in the middle: four stages. */
function config(out: string, extra: Partial<PipelineConfigInput> = {}): PipelineConfigInput {
  return {
    input: INPUT,
    steps: [
      { step: "normalize" },
      { step: "language", languages: ["en"] },
      { step: "gopher_repetition" },
      { step: "minhash_dedup" },
      { step: "gopher_quality" },
    ],
    output: { dir: out, compression: "none" },
    rejected: join(out, "rejected"),
    workers: 0,
    ...extra,
  };
}

/** The output files' bytes, in name order: what "the merged output" of a run is. */
function outputBytes(dir: string): Buffer {
  const names = readdirSync(dir)
    .filter((f) => /^\d{5}_\d{5}\.jsonl(\.gz)?$/.test(f))
    .sort();
  return Buffer.concat(names.map((f) => (f.endsWith(".gz") ? gunzipSync(readFileSync(join(dir, f))) : readFileSync(join(dir, f)))));
}

function rejectedBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const step of readdirSync(dir).sort()) out[step] = outputBytes(join(dir, step)).toString("utf8");
  return out;
}

/** The steps' counters, but for the shard counts and the stage bookkeeping, which follow the task count. */
const counters = (stats: { steps: { name: string; counters: Record<string, number> }[] }) =>
  Object.fromEntries(
    stats.steps
      .filter((s) => !["minhash_signatures", "minhash_buckets", "minhash_clusters"].includes(s.name))
      .map((s) => [s.name, Object.fromEntries(Object.entries(s.counters).filter(([k]) => k !== "shards"))]),
  );

describe("runPipeline: stages, tasks, resume", () => {
  it("writes the same output bytes with 1 task and with 3 tasks, on the main thread or on 2 workers", async () => {
    const dir = await tempDir();
    const one = await runPipeline(config(join(dir, "one")));
    const three = await runPipeline(config(join(dir, "three"), { tasks: 3, workers: 2 }));
    expect(one.plan.stages.map((s) => s.name)).toEqual(["process", "minhash_buckets", "minhash_clusters", "finish"]);
    expect(three.result.tasks.map((t) => `${t.stage}/${t.rank}`)).toEqual([
      "process/0",
      "process/1",
      "process/2",
      "minhash_buckets/0",
      "minhash_buckets/1",
      "minhash_buckets/2",
      "minhash_clusters/0",
      "finish/0",
      "finish/1",
      "finish/2",
    ]);
    const bytes = outputBytes(join(dir, "one"));
    expect(bytes.length).toBeGreaterThan(1000);
    expect(outputBytes(join(dir, "three")).equals(bytes)).toBe(true);
    expect(one.result.documents).toBe(bytes.toString("utf8").trim().split("\n").length);
    expect(three.result.documents).toBe(one.result.documents);
    // what each step dropped is the same too, and MinHash did remove near-duplicates
    expect(rejectedBytes(join(dir, "three", "rejected"))).toEqual(rejectedBytes(join(dir, "one", "rejected")));
    expect(readdirSync(join(dir, "one", "rejected"))).toContain("minhash_dedup");
    expect(one.stats.get("minhash_filter")!.get("dropped_minhash_duplicate")).toBeGreaterThan(0);
    // the tasks' stats sum to the one task's
    expect(counters(three.stats.toJSON())).toEqual(counters(one.stats.toJSON()));
    // and the merged stats are where every command leaves them; read back, the folder gives its documents only
    expect(JSON.parse(readFileSync(join(dir, "three", "stats.json"), "utf8"))).toEqual(three.stats.toJSON());
    expect(await countRead(join(dir, "three"))).toBe(three.result.documents);
  });

  it("runs one task of one stage, as a scheduler's worker, and a later run skips it", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    const first = await runPipeline(config(out, { tasks: 2 }), { stage: "process", rank: 1 });
    expect(first.result.tasks).toEqual([{ stage: "process", rank: 1, status: "done" }]);
    expect(first.result.complete).toBe(false);
    expect(existsSync(join(out, ".logs", "completions", "process", "00001"))).toBe(true);
    expect(existsSync(join(out, ".logs", "stats.json"))).toBe(false);
    const rest = await runPipeline(config(out, { tasks: 2 }));
    expect(rest.result.tasks.filter((t) => t.status === "skipped")).toEqual([{ stage: "process", rank: 1, status: "skipped" }]);
    expect(rest.result.complete).toBe(true);
    const whole = await runPipeline(config(join(dir, "whole")));
    expect(outputBytes(out).equals(outputBytes(join(dir, "whole")))).toBe(true);
    // a rank past a stage's tasks (the clusters stage has one) has nothing to do there
    const idle = await runPipeline(config(out, { tasks: 2 }), { stage: "minhash_clusters", rank: 1 });
    expect(idle.result.tasks).toEqual([]);
  });

  it("redoes a task that died half way: its partial shards and temporary files go, nothing is doubled", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    const cfg = config(out, { tasks: 2, output: { dir: out, compression: "none", maxDocsPerShard: 3 } });
    await runPipeline(cfg);
    const reference = outputBytes(out);
    const names = readdirSync(out).filter((f) => f.startsWith("00001_"));
    expect(names.length).toBeGreaterThan(1);
    // what a SIGKILL in finish/00001 leaves: no marker, a partial shard under a final name and a temporary file
    await rm(join(out, ".logs", "completions", "finish", "00001"));
    await writeFile(join(out, names[0]!), '{"id":"partial","text":"half a shard"}\n');
    await writeFile(join(out, `.00001_00009.jsonl.tmp-12345`), "junk");
    await rm(join(out, names[names.length - 1]!));
    const rerun = await runPipeline(cfg);
    expect(rerun.result.tasks.filter((t) => t.status === "done")).toEqual([{ stage: "finish", rank: 1, status: "done" }]);
    expect(outputBytes(out).equals(reference)).toBe(true);
    expect(readdirSync(out).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("refuses to mix two configs in one output folder", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    await runPipeline({ input: INPUT, steps: [{ step: "normalize" }], output: out, workers: 0 });
    await expect(runPipeline({ input: INPUT, steps: [{ step: "normalize" }], output: out, workers: 0, tasks: 2 })).rejects.toThrow(ConfigError);
    await expect(runPipeline({ input: INPUT, steps: [{ step: "gopher_quality" }], output: out, workers: 0 })).rejects.toThrow(
      /holds the output of an earlier `corpuskit run` .* with other inputs or options: write to another folder, or add --overwrite/,
    );
    // the worker count does not change the output, so it is not part of the run's identity
    const again = await runPipeline({ input: INPUT, steps: [{ step: "normalize" }], output: out, workers: 2 });
    expect(again.result.tasks).toEqual([{ stage: "process", rank: 0, status: "skipped" }]);
    // overwrite: the other config runs from scratch, its logs and stats replacing the first run's
    const other = await runPipeline({ input: INPUT, steps: [{ step: "gopher_quality" }], output: out, workers: 0 }, { overwrite: true });
    expect(other.result.tasks).toEqual([{ stage: "process", rank: 0, status: "done" }]);
    expect(JSON.parse(readFileSync(join(out, "stats.json"), "utf8")).steps.map((s: { name: string }) => s.name)).toContain("gopher_quality");
  });

  it("asks for the stage when given a rank of a multi-stage run, and names the stages", async () => {
    const dir = await tempDir();
    await expect(runPipeline(config(join(dir, "a")), { rank: 0 })).rejects.toThrow(/give the stage/);
    await expect(runPipeline(config(join(dir, "b")), { stage: "filter" })).rejects.toThrow(/process, minhash_buckets, minhash_clusters, finish/);
    await expect(runPipeline(config(join(dir, "c"), { steps: [{ step: "minhash_dedup", mode: "annotate" }] }))).rejects.toThrow(/steps\.0\.mode/);
  });

  it("writes token files beside the documents, one set per task", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    const { result } = await runPipeline({
      input: INPUT,
      steps: [
        { step: "language", languages: ["en"] },
        { step: "tokenize", tokenizer: "gpt2" },
      ],
      output: { dir: out, tokens: { format: "megatron", vocabSize: 50257 } },
      // tokenize drops nothing: the rejected folder only gets the language step's
      rejected: join(dir, "rejected"),
      tasks: 2,
      workers: 2,
    });
    expect(readdirSync(join(out, "tokens")).sort()).toEqual(["00000.bin", "00000.idx", "00001.bin", "00001.idx"]);
    expect(readdirSync(join(dir, "rejected"))).toEqual(["language"]);
    expect(result.outputs).toEqual(expect.arrayContaining(["00000_00000.jsonl.gz", "tokens/00000.bin", "tokens/00001.idx"]));
    // Megatron's index: document count at byte 18 (after magic, version, dtype) equals the documents written
    let documents = 0;
    for (const r of ["00000", "00001"]) documents += Number(readFileSync(join(out, "tokens", `${r}.idx`)).readBigUInt64LE(18));
    expect(documents).toBe(result.documents);
  });
});

describe("corpuskit run and merge-stats", () => {
  it("runs a task from SLURM_ARRAY_TASK_ID, and merge-stats sums the tasks when all are done", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    const file = join(dir, "p.json");
    await writeFile(
      file,
      JSON.stringify({
        input: INPUT,
        steps: [{ step: "normalize" }, { step: "gopher_quality" }],
        output: { dir: out, compression: "none" },
        tasks: 2,
        workers: 0,
      }),
    );
    const env = { ...process.env, SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "2" };
    const one = await runChild(["run", file, "--quiet", "--json"], env);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).output.tasks).toEqual([{ stage: "process", rank: 1, status: "done" }]);
    const early = runCli("merge-stats", out);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/1 task\(s\) have no completion marker: process\/00000/);
    expect(runCli("run", file, "--quiet", "--rank", "0").code).toBe(0);
    const merged = runCli("merge-stats", out, "--json");
    expect(merged.code).toBe(0);
    const report = JSON.parse(merged.stdout);
    expect(report.missing).toEqual([]);
    expect(report.stats.steps.find((s: { name: string }) => s.name === "read").counters.files).toBe(6);
    expect(report.documents).toBe(outputBytes(out).toString("utf8").trim().split("\n").length);
  });

  it("a rerun after SIGKILL gives the same output as an uninterrupted run", async () => {
    const dir = await tempDir();
    const write = async (name: string) => {
      const file = join(dir, `${name}.json`);
      await writeFile(file, JSON.stringify(config(join(dir, name), { tasks: 4, output: { dir: join(dir, name), compression: "none", maxDocsPerShard: 2 } })));
      return file;
    };
    const reference = await write("reference");
    expect((await runChild(["run", reference, "--quiet"])).code).toBe(0);
    const killed = await write("killed");
    // kill the run once the first task has its marker: it is then inside a later task
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "run", killed, "--quiet"], { stdio: "ignore" });
    const marker = join(dir, "killed", ".logs", "completions", "process", "00000");
    await waitFor(() => existsSync(marker), 60_000);
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const done = readdirSync(join(dir, "killed", ".logs", "completions"), { recursive: true }).length;
    expect(done).toBeLessThan(4 + 4 + 1 + 4 + 4); // stage folders + markers of a complete run
    const rerun = await runChild(["run", killed, "--quiet", "--json"]);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout).output.tasks.some((t: { status: string }) => t.status === "skipped")).toBe(true);
    expect(outputBytes(join(dir, "killed")).equals(outputBytes(join(dir, "reference")))).toBe(true);
    expect(rejectedBytes(join(dir, "killed", "rejected"))).toEqual(rejectedBytes(join(dir, "reference", "rejected")));
  });
});

describe("the plan's notes", () => {
  it("name line_dedup's bloom option when the step runs across tasks, and only then", async () => {
    const dir = await tempDir();
    const steps = [
      { step: "exact_dedup" },
      { step: "line_dedup", bloom: { expectedLines: 1000 } },
      { step: "line_dedup", keep: "none", seenFile: join(dir, "seen.bin") },
      { step: "minhash_dedup" },
    ];
    const plan = async (tasks: number) => (await planRun({ input: INPUT, steps, output: join(dir, "out"), tasks })).notes;
    expect(await plan(1)).toEqual([]);
    const notes = await plan(3);
    // exact_dedup and line_dedup run across tasks now: only the unused Bloom filter is worth a note
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^steps\.1 \(line_dedup\) runs across the 3 tasks with exact line keys sorted on disk, without the Bloom filter/);
  });

  it("are said before a run starts: as a process warning from runPipeline, as a note line from the CLI", async () => {
    const dir = await tempDir();
    const steps = [{ step: "normalize" }, { step: "line_dedup", bloom: { expectedLines: 100000 } }];
    const warnings: Error[] = [];
    const listen = (w: Error) => warnings.push(w);
    process.on("warning", listen);
    try {
      await runPipeline({ input: INPUT, steps, output: { dir: join(dir, "lib"), compression: "none" }, tasks: 2, workers: 0 });
      await new Promise((done) => setImmediate(done)); // warnings are emitted on the next tick
    } finally {
      process.off("warning", listen);
    }
    expect(warnings.map((w) => [(w as Error & { code?: string }).code, w.message.slice(0, 30)])).toEqual([
      ["CORPUSKIT_TASK_LOCAL_DEDUP", "steps.1 (line_dedup) runs acro"],
    ]);
    const file = join(dir, "p.json");
    await writeFile(file, JSON.stringify({ input: INPUT, steps, output: { dir: join(dir, "cli"), compression: "none" }, tasks: 2, workers: 0 }));
    const cli = runCli("run", file, "--quiet");
    expect(cli.code).toBe(0);
    expect(cli.stderr).toMatch(/^note: steps\.1 \(line_dedup\) runs across the 2 tasks/);
  });
});

describe("task identity", () => {
  it("reads Slurm's and Kubernetes' variables; flags win", () => {
    expect(taskFromEnvironment({ SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "8" })).toEqual({ rank: 3, worldSize: 8, from: "slurm" });
    // an array split at MaxArraySize: the offset moves the rank, the part's count is not the world size
    expect(taskFromEnvironment({ SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "8", CORPUSKIT_RANK_OFFSET: "1001" })).toEqual({
      rank: 1004,
      from: "slurm",
    });
    expect(taskFromEnvironment({ JOB_COMPLETION_INDEX: "5" })).toEqual({ rank: 5, from: "kubernetes" });
    expect(taskFromEnvironment({})).toEqual({});
    expect(resolveTask({ rank: 1, worldSize: 4 }, { SLURM_ARRAY_TASK_ID: "3" })).toEqual({ rank: 1, worldSize: 4, from: "flag" });
    expect(resolveTask({ worldSize: 16 }, { JOB_COMPLETION_INDEX: "5" })).toEqual({ rank: 5, worldSize: 16, from: "kubernetes" });
    expect(() => resolveTask({ worldSize: 4 }, { JOB_COMPLETION_INDEX: "5" })).toThrow(/rank 5 is not below the world size 4/);
    expect(() => taskFromEnvironment({ SLURM_ARRAY_TASK_ID: "x" })).toThrow(/SLURM_ARRAY_TASK_ID: expected a whole number/);
  });
});

// --- helpers ---

function runChild(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], { env: { ...env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function countRead(dir: string): Promise<number> {
  let n = 0;
  for await (const _ of read(dir)) n++;
  return n;
}
