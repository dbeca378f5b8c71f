// One task of one stage of a planned run (run-plan.ts): what a local run, a Slurm array task and a
// Kubernetes pod each execute. The task first removes anything a killed attempt of the same rank
// left, then writes its shards (temporary names, renamed when whole), its stats and, last, its
// completion marker (task-log.ts).
import { joinLocation as join, relativeLocation as relative } from "../locations.js";
import { downloadFolder, isS3, listNames, uploadFolder } from "../io/storage.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as pathJoin, relative as relativePath, sep } from "node:path";
import { openDataset } from "../catalog/open.js";
import type { Doc } from "../doc.js";
import { minhashBuckets } from "../dedup/minhash/minhash-buckets.js";
import { minhashClusters } from "../dedup/minhash/minhash-clusters.js";
import { minhashFilter } from "../dedup/minhash/minhash-filter.js";
import { minhashSignatures } from "../dedup/minhash/minhash-signatures.js";
import { read } from "../io/read.js";
import { writeJsonl } from "../io/write-jsonl.js";
import { STEPS, acceptsRejected, createStep, type StepName } from "./steps.js";
import { writeTokens } from "../tokenize/write-tokens.js";
import { pipeWith } from "../pipeline/pipe.js";
import { withProgress, type ProgressOptionsInput } from "./progress.js";
import type { RunPlan, StageName } from "./run-plan.js";
import { PipelineStats, Stats } from "../pipeline/stats.js";
import type { StepSpec } from "./pool-worker.js";
import type { DocSource, Sink, Step, Transform } from "../pipeline/step.js";
import { tee } from "../pipeline/tee.js";
import { clearTaskFiles, markComplete, rankName, type TaskRecord } from "./task-log.js";
import { parallelSteps, type WorkerPool } from "./worker-pool.js";

export interface TaskOptions {
  /** Run the steps that decide each document alone on this pool; without one, on this thread. */
  pool?: WorkerPool | undefined;
  signal?: AbortSignal | undefined;
  progress?: ProgressOptionsInput | undefined;
}

export async function runTask(plan: RunPlan, stage: StageName, rank: number, options: TaskOptions = {}): Promise<TaskRecord> {
  const stagePlan = plan.stages.find((s) => s.name === stage);
  if (!stagePlan) throw new Error(`corpuskit: no stage ${stage} in this plan`);
  if (!Number.isInteger(rank) || rank < 0 || rank >= stagePlan.tasks)
    throw new RangeError(`rank ${rank} is outside 0..${stagePlan.tasks - 1} of stage ${stage}`);
  const record = await runStage(plan, stage, rank, options);
  await markComplete(plan, record);
  return record;
}

// --- internal ---

const minhashDirs = (plan: RunPlan) => ({
  docs: join(plan.work, "documents"),
  signatures: join(plan.work, "minhash", "signatures"),
  buckets: join(plan.work, "minhash", "buckets"),
  clusters: join(plan.work, "minhash", "clusters"),
});

// MinHash's stage files are read at random offsets and written through file handles. With an s3://
// work folder each task works on local scratch copies: it downloads the stage folders it reads, runs
// the stage on local disk, and uploads what it wrote before its marker; the bucket is the only thing
// the tasks share (a Kubernetes pod needs no shared volume). The documents themselves stream to and
// from S3 directly.
async function runStage(plan: RunPlan, stage: StageName, rank: number, options: TaskOptions): Promise<TaskRecord> {
  if (!plan.minhash || !isS3(plan.work)) return runStageIn(plan, stage, rank, options, minhashDirs(plan));
  const remote = minhashDirs(plan);
  const scratch = await mkdtemp(pathJoin(tmpdir(), "corpuskit-stage-"));
  const local = {
    docs: remote.docs,
    signatures: pathJoin(scratch, "signatures"),
    buckets: pathJoin(scratch, "buckets"),
    clusters: pathJoin(scratch, "clusters"),
  };
  try {
    if (stage === "minhash_buckets" || stage === "minhash_clusters") await downloadFolder(remote.signatures, local.signatures);
    if (stage === "minhash_clusters") await downloadFolder(remote.buckets, local.buckets);
    if (stage === "finish") await downloadFolder(remote.clusters, local.clusters);
    const record = await runStageIn(plan, stage, rank, options, local);
    if (stage === "process") await uploadFolder(local.signatures, remote.signatures);
    if (stage === "minhash_buckets") await uploadFolder(local.buckets, remote.buckets);
    if (stage === "minhash_clusters") await uploadFolder(local.clusters, remote.clusters);
    return record;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function runStageIn(plan: RunPlan, stage: StageName, rank: number, options: TaskOptions, dirs: ReturnType<typeof minhashDirs>): Promise<TaskRecord> {
  const base = { stage, rank, tasks: plan.tasks, fingerprint: plan.fingerprint };
  const minhashSettings = () => {
    const { step: _step, mode: _mode, clusterSizes: _sizes, ...settings } = plan.minhash!;
    return settings;
  };
  switch (stage) {
    case "process": {
      const prefix = `${rankName(rank)}_`;
      if (plan.minhash) {
        await clearTaskFiles([dirs.docs], rank);
        // the documents go to the work folder as they are (uncompressed: read once more, soon)
        const out = tee(
          "minhash_signatures",
          minhashSignatures({ ...minhashSettings(), output: dirs.signatures }) as Sink<unknown>,
          writeJsonl(dirs.docs, { prefix, compression: "none" }) as Sink<unknown>,
        );
        const { stats } = (await pipeWith(
          { rank, worldSize: plan.tasks, stats: new PipelineStats(), ...(options.signal ? { signal: options.signal } : {}) },
          source(plan, options),
          ...segments(plan, plan.before, 0, rank, options),
          out,
        )) as { stats: PipelineStats };
        return { ...base, stats: stats.toJSON(), outputs: [], documents: stats.steps[stats.steps.length - 1]!.get("total") };
      }
      return writeOutput(plan, rank, source(plan, options), plan.before, 0, options);
    }
    case "minhash_buckets": {
      const summary = await minhashBuckets({ input: dirs.signatures, output: dirs.buckets, rank, worldSize: plan.tasks });
      return { ...base, stats: summaryStats("minhash_buckets", summary), outputs: [], documents: 0 };
    }
    case "minhash_clusters": {
      const summary = await minhashClusters({ input: dirs.buckets, signatures: dirs.signatures, output: dirs.clusters });
      return { ...base, stats: summaryStats("minhash_clusters", summary), outputs: [], documents: 0 };
    }
    case "finish": {
      const prefix = `${rankName(rank)}_`;
      const files = (await listNames(dirs.docs))
        .filter((f) => f.startsWith(prefix) && f.endsWith(".jsonl"))
        .sort()
        .map((f) => join(dirs.docs, f));
      // a plain iterable, not a reader: these files are this rank's already, not to be shared again
      // (a task whose documents were all dropped before dedup wrote no file: it has none to read)
      const docs: AsyncIterable<Doc> = files.length === 0 ? none() : { [Symbol.asyncIterator]: () => read(files, { format: "jsonl" })[Symbol.asyncIterator]() };
      const index = plan.before.length;
      const filterStep = minhashFilter({ input: dirs.clusters, ...rejectedFor(plan, index, "minhash_dedup", rank) });
      return writeOutput(plan, rank, docs, plan.after, index + 1, options, filterStep);
    }
  }
}

/** The config's input as this task's reader: files are shared in contiguous blocks, in order. */
function source(plan: RunPlan, options: TaskOptions): DocSource {
  const input = plan.config.input;
  const docs =
    typeof input === "string" || Array.isArray(input)
      ? read(input, { sharding: "contiguous" })
      : "paths" in input
        ? read(input.paths, { ...(input.options ?? {}), sharding: "contiguous" })
        : openDataset(input.dataset, {
            ...(input.subset ? { subset: input.subset } : {}),
            ...(input.split ? { split: input.split } : {}),
            ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
            ...(input.limit ? { limit: input.limit } : {}),
            ...(input.shards ? { shards: input.shards } : {}),
            sharding: "contiguous",
          });
  return options.progress === undefined ? docs : withProgress(docs, options.progress);
}

/** The steps, consecutive per-document ones grouped onto the pool; dedup steps stay on this thread. */
function segments(plan: RunPlan, specs: StepSpec[], firstIndex: number, rank: number, options: TaskOptions): Transform[] {
  const out: Transform[] = [];
  let group: { spec: StepSpec; index: number }[] = [];
  const flush = () => {
    if (group.length === 0) return;
    out.push(
      parallelSteps(
        group.map((g) => g.spec),
        { pool: options.pool, rejected: group.map((g) => rejectedFor(plan, g.index, g.spec.step, rank).rejected) },
      ),
    );
    group = [];
  };
  specs.forEach((spec, i) => {
    const index = firstIndex + i;
    if (options.pool && STEPS[spec.step as StepName].parallel) {
      group.push({ spec, index });
      return;
    }
    flush();
    const { step, ...stepOptions } = spec;
    out.push(createStep(step, { ...stepOptions, ...rejectedFor(plan, index, step, rank) }) as Step);
  });
  flush();
  return out;
}

/** <rejected>/<NN>_<step>/<rank>_<shard>.jsonl.gz, when the config has a rejected folder. */
function rejectedFor(plan: RunPlan, index: number, step: string, rank: number): { rejected?: Sink<unknown> } {
  if (!plan.rejected || (step !== "minhash_dedup" && !acceptsRejected(step))) return {};
  return { rejected: writeJsonl(rejectedDir(plan, index, step), { prefix: `${rankName(rank)}_` }) as Sink<unknown> };
}

const rejectedDir = (plan: RunPlan, index: number, step: string) => join(plan.rejected!, `${String(index).padStart(2, "0")}_${step}`);

/** The last leg of a run: steps, then the output's JSON Lines shards and/or token files. */
async function writeOutput(
  plan: RunPlan,
  rank: number,
  docs: DocSource | AsyncIterable<Doc>,
  specs: StepSpec[],
  firstIndex: number,
  options: TaskOptions,
  first?: Step,
): Promise<TaskRecord> {
  const output = typeof plan.config.output === "string" ? { dir: plan.config.output, documents: true, compression: "gzip" as const } : plan.config.output;
  const { dir: _dir, documents: writeDocs, tokens, ...jsonlOptions } = output;
  const prefix = `${rankName(rank)}_`;
  const tokenDir = join(plan.output, "tokens");
  // a killed attempt's shards and temporary files, in every folder this task writes to
  const stepIndices = [...(first ? [{ index: firstIndex - 1, step: "minhash_dedup" }] : []), ...specs.map((s, i) => ({ index: firstIndex + i, step: s.step }))];
  await clearTaskFiles([plan.output, tokenDir, ...(plan.rejected ? stepIndices.map((s) => rejectedDir(plan, s.index, s.step)) : [])], rank);
  const sinks: Sink<unknown>[] = [];
  if (writeDocs) sinks.push(writeJsonl(plan.output, { ...jsonlOptions, prefix }) as Sink<unknown>);
  // token files are written at offsets (the index after the data): on S3 they go to local scratch
  // first and are uploaded whole before the marker
  const tokenScratch = tokens && isS3(tokenDir) ? await mkdtemp(pathJoin(tmpdir(), "corpuskit-tokens-")) : undefined;
  if (tokens) sinks.push(writeTokens(join(tokenScratch ?? tokenDir, rankName(rank)), tokens) as Sink<unknown>);
  if (sinks.length === 0) throw new Error("corpuskit: the output writes neither documents nor tokens");
  const out = sinks.length === 1 ? sinks[0]! : tee("write", ...sinks);
  const steps = [...(first ? [first] : []), ...segments(plan, specs, firstIndex, rank, options)];
  const { result, stats } = (await pipeWith(
    { rank, worldSize: plan.tasks, stats: new PipelineStats(), ...(options.signal ? { signal: options.signal } : {}) },
    docs,
    ...steps,
    out,
  )) as { result: unknown; stats: PipelineStats };
  let written = (Array.isArray(result) ? result : [result]).flatMap((r) => shardPaths(r));
  if (tokenScratch) {
    try {
      await uploadFolder(tokenScratch, tokenDir);
    } finally {
      await rm(tokenScratch, { recursive: true, force: true });
    }
    written = written.map((p) => (p.startsWith(tokenScratch) ? join(tokenDir, relativePath(tokenScratch, p).split(sep).join("/")) : p));
  }
  return {
    stage: "process",
    rank,
    tasks: plan.tasks,
    fingerprint: plan.fingerprint,
    ...(first ? { stage: "finish" as const } : {}),
    stats: (first ? withoutSource(stats) : stats).toJSON(),
    outputs: written.map((p) => relative(plan.output, p)).sort(),
    documents: stats.steps[stats.steps.length - 1]!.get("total"),
  };
}

async function* none(): AsyncIterable<Doc> {}

function shardPaths(summary: unknown): string[] {
  const shards = (summary as { shards?: { path?: string; bin?: string; idx?: string }[] } | undefined)?.shards ?? [];
  return shards.flatMap((s) => [s.path, s.bin, s.idx].filter((p): p is string => typeof p === "string"));
}

/** The finish stage re-reads the work folder: that read is not a step of the user's pipeline. */
function withoutSource(stats: PipelineStats): PipelineStats {
  const out = new PipelineStats();
  out.steps.push(...stats.steps.slice(1));
  out.seconds = stats.seconds;
  return out;
}

function summaryStats(name: string, summary: object): PipelineStats["toJSON"] extends () => infer J ? J : never {
  const stats = new PipelineStats();
  const s = new Stats(name);
  for (const [key, value] of Object.entries(summary)) if (typeof value === "number") s.add(key, value);
  stats.steps.push(s);
  return stats.toJSON();
}
