// A whole run from s3:// input to s3:// output on a real S3 server (s3rver on 127.0.0.1): the same
// bytes as the same run on local disk, with the four MinHash stages exchanging their files through
// the bucket, markers beside complete objects only, and a rerun after SIGKILL.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/run/run-pipeline.js";
import type { PipelineConfigInput } from "../../src/run/config.js";
import { envFor, startS3, useEnv, type LocalS3 } from "../io/s3/s3-server.js";

const BUCKET = "corpus";
const FILES = ["web.jsonl.gz", "books.jsonl.zst", "crawl.wet.gz"];

let s3: LocalS3;
let raw: S3Client;
let restore: () => void;

beforeAll(async () => {
  s3 = await startS3([BUCKET]);
  restore = useEnv(envFor(s3.endpoint));
  raw = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  for (const name of FILES) await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: `in/${name}`, Body: await readFile(`examples/data/${name}`) }));
});
afterAll(async () => {
  raw.destroy();
  restore();
  await s3.close();
});

/** The FineWeb example's steps with MinHash dedup in the middle: four stages. */
function config(input: string | string[], out: string, extra: Partial<PipelineConfigInput> = {}): PipelineConfigInput {
  return {
    input: { paths: input },
    steps: [
      { step: "normalize" },
      { step: "language", languages: ["en"], threshold: 0.65 },
      { step: "gopher_repetition" },
      { step: "minhash_dedup" },
      { step: "gopher_quality" },
      { step: "c4_quality", filterNoTerminalPunct: false },
      { step: "fineweb_quality" },
    ],
    output: { dir: out, compression: "gzip" },
    rejected: `${out}/rejected`,
    workers: 0,
    ...extra,
  };
}

async function keys(prefix: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    out.push(...(page.Contents ?? []).map((c) => c.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out.sort();
}

async function object(key: string): Promise<Buffer> {
  const response = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray());
}

/** Output shards (and rejected shards) by relative name -> bytes, from S3 and from a local folder. */
async function s3Shards(prefix: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const key of await keys(`${prefix}/`)) {
    const name = key.slice(prefix.length + 1);
    // documents only: stats.json holds timings, which differ between runs
    if (name.startsWith(".") || !/\.jsonl(\.gz)?$/.test(name)) continue;
    out.set(name, await object(key));
  }
  return out;
}

async function localShards(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const name of (await readdir(dir, { recursive: true })).map(String).sort()) {
    if (name.startsWith(".") || !/\.jsonl(\.gz)?$/.test(name)) continue;
    out.set(name, await readFile(join(dir, name)));
  }
  return out;
}

function docsIn(shards: Map<string, Buffer>): number {
  let n = 0;
  for (const [name, bytes] of shards) if (!name.startsWith("rejected/")) n += gunzipSync(bytes).toString("utf8").split("\n").length - 1;
  return n;
}

describe("a run on S3", () => {
  it("runs exact and line dedup across tasks through the bucket: the bytes of a local run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpuskit-s3dedup-"));
    const steps: PipelineConfigInput["steps"] = [{ step: "normalize" }, { step: "exact_dedup" }, { step: "line_dedup", keep: "none" }];
    const local = join(dir, "local");
    await runPipeline(
      config(
        FILES.map((f) => `examples/data/${f}`),
        local,
        { tasks: 2, steps, rejected: `${local}/rejected` },
      ),
    );
    const summary = await runPipeline(
      config(`s3://${BUCKET}/in/*.{jsonl.gz,jsonl.zst,wet.gz}`, `s3://${BUCKET}/dedup`, { tasks: 2, steps, rejected: `s3://${BUCKET}/dedup/rejected` }),
    );
    expect(summary.result.complete).toBe(true);
    expect(summary.plan.stages.map((s) => s.name)).toEqual(["process", "exact_merge", "after_exact_dedup", "line_merge", "finish"]);
    const remote = await s3Shards("dedup");
    const here = await localShards(local);
    expect([...remote.keys()]).toEqual([...here.keys()]);
    for (const [name, bytes] of here) expect(remote.get(name)!.equals(bytes), name).toBe(true);
    expect(summary.stats.get("exact_dedup")!.get("dropped")).toBeGreaterThan(0);
    const work = await keys("dedup/.work/");
    expect(work.some((k) => k.startsWith("dedup/.work/exact/"))).toBe(true);
    expect(work.some((k) => k.startsWith("dedup/.work/lines/"))).toBe(true);
  });

  it("writes the same shards as a local run, MinHash stages through the bucket, a marker per task", async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpuskit-s3run-"));
    const local = join(dir, "local");
    await runPipeline(
      config(
        FILES.map((f) => `examples/data/${f}`),
        local,
        { tasks: 2 },
      ),
    );
    const summary = await runPipeline(config(`s3://${BUCKET}/in/*.{jsonl.gz,jsonl.zst,wet.gz}`, `s3://${BUCKET}/out`, { tasks: 2 }));
    expect(summary.result.complete).toBe(true);
    const remote = await s3Shards("out");
    const here = await localShards(local);
    expect([...remote.keys()]).toEqual([...here.keys()]);
    for (const [name, bytes] of here) expect(remote.get(name)!.equals(bytes), name).toBe(true);
    expect(docsIn(remote)).toBe(summary.result.documents);
    expect(summary.result.documents).toBeGreaterThan(0);
    // the four stages' markers and stats, and the MinHash work folders, all in the bucket
    const logs = await keys("out/.logs/");
    expect(summary.plan.stages.map((s) => s.name)).toEqual(["process", "minhash_buckets", "minhash_clusters", "finish"]);
    for (const stage of summary.plan.stages)
      for (const rank of Array.from({ length: stage.tasks }, (_, i) => String(i).padStart(5, "0"))) {
        expect(logs).toContain(`out/.logs/completions/${stage.name}/${rank}`);
        expect(logs).toContain(`out/.logs/stats/${stage.name}/${rank}.json`);
      }
    expect(await keys("out/")).toContain("out/stats.json");
    const work = await keys("out/.work/minhash/");
    expect(work.some((k) => k.startsWith("out/.work/minhash/signatures/bucket_000/"))).toBe(true);
    expect(work.some((k) => k.startsWith("out/.work/minhash/buckets/"))).toBe(true);
    expect(work.some((k) => k.endsWith(".remove"))).toBe(true);
    // every output a marker vouches for exists
    const record = JSON.parse((await object("out/.logs/stats/finish/00000.json")).toString()) as { outputs: string[] };
    for (const name of record.outputs) expect(remote.has(name), name).toBe(true);
    // a rerun has nothing to do
    const again = await runPipeline(config(`s3://${BUCKET}/in/*.{jsonl.gz,jsonl.zst,wet.gz}`, `s3://${BUCKET}/out`, { tasks: 2 }));
    expect(again.result.tasks.every((t) => t.status === "skipped")).toBe(true);
  });

  it("a rerun after SIGKILL gives the same output as an uninterrupted run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpuskit-s3kill-"));
    const input = `s3://${BUCKET}/in/*.{jsonl.gz,jsonl.zst,wet.gz}`;
    const cfg = (out: string) => config(input, out, { tasks: 3, output: { dir: out, compression: "gzip", maxDocsPerShard: 20 } });
    await runPipeline(cfg(`s3://${BUCKET}/reference`));
    const file = join(dir, "killed.json");
    await writeFile(file, JSON.stringify(cfg(`s3://${BUCKET}/killed`)));
    const env = { ...process.env, ...envFor(s3.endpoint), NO_COLOR: "1" };
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "run", file, "--quiet"], { stdio: "ignore", env });
    // kill it once the first task has its marker: it is then inside a later task
    const until = Date.now() + 120_000;
    while ((await keys("killed/.logs/completions/")).length === 0) {
      if (Date.now() > until) throw new Error("no marker in time");
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect((await keys("killed/.logs/completions/")).length).toBeLessThan(12);
    const rerun = await runPipeline(cfg(`s3://${BUCKET}/killed`));
    expect(rerun.result.tasks.some((t) => t.status === "skipped")).toBe(true);
    const killed = await s3Shards("killed");
    const reference = await s3Shards("reference");
    expect([...killed.keys()]).toEqual([...reference.keys()]);
    for (const [name, bytes] of reference) expect(killed.get(name)!.equals(bytes), name).toBe(true);
  });
});
