// One task of one stage of a planned run (run-plan.ts): what a local run, a Slurm array task and a
// Kubernetes pod each execute. The task first removes anything a killed attempt of the same rank
// left, then writes its shards (temporary names, renamed when whole), its stats and, last, its
// completion marker (task-log.ts).
import { joinLocation as join, relativeLocation as relative } from "../locations.js";
import { downloadFolder, isS3, listNames, uploadFolder } from "../io/storage.js";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as pathJoin, relative as relativePath, sep } from "node:path";
import { openDataset } from "../catalog/open.js";
import type { Doc } from "../doc.js";
import { minhashBuckets } from "../dedup/minhash/minhash-buckets.js";
import { minhashClusters } from "../dedup/minhash/minhash-clusters.js";
import { minhashFilter } from "../dedup/minhash/minhash-filter.js";
import { minhashSignatures } from "../dedup/minhash/minhash-signatures.js";
import { ExactDedupOptions } from "../dedup/exact-dedup.js";
import { exactFilter, exactKeys, exactMerge } from "../dedup/exact-stages.js";
import { LineDedupOptions } from "../dedup/lines/line-dedup.js";
import { lineFilter, lineKeys, lineMerge } from "../dedup/lines/line-stages.js";
import { read } from "../io/read.js";
import { writeJsonl } from "../io/write-jsonl.js";
import { STEPS, acceptsRejected, createStep, type StepName } from "./steps.js";
import { writeTokens } from "../tokenize/write-tokens.js";
import { pipeWith } from "../pipeline/pipe.js";
import { withProgress, type ProgressOptionsInput } from "./progress.js";
import type { Barrier, RunPlan, StageName } from "./run-plan.js";
import { PipelineStats, Stats } from "../pipeline/stats.js";
import type { StepSpec } from "./pool-worker.js";
import { ownFolders } from "./output-claim.js";
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

/** The documents that reach a barrier, as each task wrote them. */
const docsDir = (plan: RunPlan, b: Barrier) => join(plan.work, "documents", `${String(b.index).padStart(2, "0")}_${b.spec.step}`);

/** The segment a stage runs, or undefined for a merge stage. */
function segmentOf(plan: RunPlan, stage: StageName): number | undefined {
  if (stage === "process") return 0;
  if (stage === "finish") return plan.barriers.length;
  if (stage.startsWith("after_")) return plan.barriers.findIndex((b) => `after_${b.spec.step}` === stage) + 1;
  return undefined;
}

const barrierOf = (plan: RunPlan, kind: Barrier["kind"]): Barrier => plan.barriers.find((b) => b.kind === kind)!;

const lineSettings = (b: Barrier) => {
  const o = LineDedupOptions.parse(withoutStep(b.spec));
  return { keep: o.keep, minLineLength: o.minLineLength ?? 0 };
};

function withoutStep(spec: StepSpec): Record<string, unknown> {
  const { step: _step, ...rest } = spec;
  return rest;
}

/** Where the stage files of the dedup barriers live under a work folder (the run's, or a task's scratch copy). */
const stageDirs = (root: string) => ({
  signatures: join(root, "minhash", "signatures"),
  buckets: join(root, "minhash", "buckets"),
  clusters: join(root, "minhash", "clusters"),
  exact: join(root, "exact"),
  lines: join(root, "lines"),
});
type StageDirs = ReturnType<typeof stageDirs>;

// The dedup stages' files are read at random offsets and written through file handles. With an
// s3:// work folder each task works on a local scratch copy: it downloads what the earlier stages
// wrote, runs the stage on local disk, and uploads the files it added before its marker; the bucket
// is the only thing the tasks share (a Kubernetes pod needs no shared volume). The documents
// themselves stream to and from S3 directly.
async function runStage(plan: RunPlan, stage: StageName, rank: number, options: TaskOptions): Promise<TaskRecord> {
  const remote = stageDirs(plan.work);
  if (plan.barriers.length === 0 || !isS3(plan.work)) return runStageIn(plan, stage, rank, options, remote);
  const scratch = await mkdtemp(pathJoin(tmpdir(), "corpuskit-stage-"));
  const local = stageDirs(scratch);
  const folders = Object.keys(remote) as (keyof StageDirs)[];
  try {
    const had = new Map<keyof StageDirs, Set<string>>();
    for (const key of folders) {
      if (stage !== "process") await downloadFolder(remote[key], local[key]);
      had.set(key, new Set(await localFiles(local[key])));
    }
    const record = await runStageIn(plan, stage, rank, options, local);
    for (const key of folders) await uploadFolder(local[key], remote[key], (name) => !had.get(key)!.has(name));
    return record;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The files under a local folder, as paths relative to it ([] when it does not exist). */
async function localFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => relativePath(dir, pathJoin(d.parentPath, d.name)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function runStageIn(plan: RunPlan, stage: StageName, rank: number, options: TaskOptions, dirs: StageDirs): Promise<TaskRecord> {
  const base = { stage, rank, tasks: plan.tasks, fingerprint: plan.fingerprint };
  const stageTasks = plan.stages.find((s) => s.name === stage)!.tasks;
  const segment = segmentOf(plan, stage);
  if (segment !== undefined) return runSegment(plan, stage, segment, rank, options, dirs);
  switch (stage) {
    case "minhash_buckets": {
      const summary = await minhashBuckets({ input: dirs.signatures, output: dirs.buckets, rank, worldSize: plan.tasks });
      return { ...base, stats: summaryStats("minhash_buckets", summary), outputs: [], documents: 0 };
    }
    case "minhash_clusters": {
      const summary = await minhashClusters({
        input: dirs.buckets,
        signatures: dirs.signatures,
        output: dirs.clusters,
        clusterSizes: barrierOf(plan, "minhash").spec.clusterSizes === true,
      });
      return { ...base, stats: summaryStats("minhash_clusters", summary), outputs: [], documents: 0 };
    }
    case "exact_merge": {
      const summary = await exactMerge(dirs.exact, plan.tasks, rank, stageTasks);
      return { ...base, stats: summaryStats("exact_merge", summary), outputs: [], documents: 0 };
    }
    case "line_merge": {
      const summary = await lineMerge(dirs.lines, lineSettings(barrierOf(plan, "lines")), plan.tasks, rank, stageTasks);
      return { ...base, stats: summaryStats("line_merge", summary), outputs: [], documents: 0 };
    }
    default:
      throw new Error(`corpuskit: no stage ${stage} in this plan`);
  }
}

/**
 * Segment `i` of the steps: from the input (i = 0) or the documents the previous barrier's tasks
 * wrote, less what its merge dropped; then to the next barrier (its keys and the documents, to the
 * work folder) or to the output.
 */
async function runSegment(plan: RunPlan, stage: StageName, i: number, rank: number, options: TaskOptions, dirs: StageDirs): Promise<TaskRecord> {
  const seg = plan.segments[i]!;
  const prev = i > 0 ? plan.barriers[i - 1] : undefined;
  const next = plan.barriers[i];
  const docs = prev && !rereadsInput(plan, i - 1) ? workDocs(plan, prev, rank) : source(plan, options);
  const first = prev ? barrierFilter(plan, prev, rank, dirs) : undefined;
  if (!next) return writeOutput(plan, stage, rank, docs, seg.specs, seg.firstIndex, options, first && prev ? { step: first, barrier: prev } : undefined);
  const prefix = `${rankName(rank)}_`;
  const rejectedDirs = plan.rejected ? [...(prev ? [prev] : []), ...seg.specs.map((s, j) => ({ index: seg.firstIndex + j, spec: s }))] : [];
  await clearTaskFiles([docsDir(plan, next), ...rejectedDirs.map((r) => rejectedDir(plan, r.index, r.spec.step))], rank);
  // the documents go to the work folder as they are (uncompressed: read once more, soon)
  const out = rereadsInput(plan, i)
    ? keysSink(next, dirs)
    : tee(keysName(next), keysSink(next, dirs), writeJsonl(docsDir(plan, next), { prefix, compression: "none" }) as Sink<unknown>);
  const { stats } = (await pipeWith(
    { rank, worldSize: plan.tasks, stats: new PipelineStats(), ...(options.signal ? { signal: options.signal } : {}) },
    docs,
    ...(first ? [first] : []),
    ...segments(plan, seg.specs, seg.firstIndex, rank, options),
    out,
  )) as { stats: PipelineStats };
  return {
    stage,
    rank,
    tasks: plan.tasks,
    fingerprint: plan.fingerprint,
    stats: (prev ? withoutSource(stats) : stats).toJSON(),
    outputs: [],
    documents: stats.steps[stats.steps.length - 1]!.get("total"),
  };
}

/**
 * Whether the stage after barrier `b` reads the input again rather than documents from the work
 * folder: when no step comes before the barrier, the input is those documents (datatrove's exact
 * dedup filter re-reads its input too), and reading it beats writing and parsing a copy of it.
 * The filter stage checks the document count against the keys'.
 */
const rereadsInput = (plan: RunPlan, b: number) => b === 0 && plan.segments[0]!.specs.length === 0;

const keysName = (b: Barrier) => (b.kind === "minhash" ? "minhash_signatures" : b.kind === "exact" ? "exact_keys" : "line_keys");

/** What a task writes for a barrier's merge: signatures or keys. */
function keysSink(b: Barrier, dirs: StageDirs): Sink<unknown> {
  if (b.kind === "minhash") {
    const { mode: _mode, clusterSizes: _sizes, ...settings } = withoutStep(b.spec);
    return minhashSignatures({ ...settings, output: dirs.signatures }) as Sink<unknown>;
  }
  if (b.kind === "exact") return exactKeys(dirs.exact, ExactDedupOptions.parse(withoutStep(b.spec)).normalize) as Sink<unknown>;
  return lineKeys(dirs.lines, lineSettings(b).minLineLength) as Sink<unknown>;
}

/** The step that drops what a barrier's merge found, as the one-process step would have. */
function barrierFilter(plan: RunPlan, b: Barrier, rank: number, dirs: StageDirs): Step {
  const rejected = rejectedFor(plan, b.index, b.spec.step, rank);
  if (b.kind === "minhash") return minhashFilter({ input: dirs.clusters, clusterSizes: b.spec.clusterSizes === true, ...rejected });
  if (b.kind === "exact") return exactFilter(dirs.exact, rejected);
  return lineFilter(dirs.lines, { ...lineSettings(b), ...rejected });
}

/** This task's documents as it wrote them to the work folder at a barrier. */
function workDocs(plan: RunPlan, b: Barrier, rank: number): AsyncIterable<Doc> {
  const dir = docsDir(plan, b);
  const prefix = `${rankName(rank)}_`;
  return {
    [Symbol.asyncIterator]: () => {
      const files = listNames(dir).then((names) =>
        names
          .filter((f) => f.startsWith(prefix) && f.endsWith(".jsonl"))
          .sort()
          .map((f) => join(dir, f)),
      );
      // a plain iterable, not a reader: these files are this rank's already, not to be shared again
      // (a task whose documents were all dropped before dedup wrote no file: it has none to read)
      const it = (async function* () {
        const list = await files.catch((error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return [] as string[];
          throw error;
        });
        if (list.length > 0) yield* read(list, { format: "jsonl" });
      })();
      return it[Symbol.asyncIterator]();
    },
  };
}

/** The config's input as this task's reader: files are shared in contiguous blocks, in order. */
function source(plan: RunPlan, options: TaskOptions): DocSource {
  const input = plan.config.input;
  // an input directory that holds the run's own folders does not read them back
  const exclude = ownFolders(plan.output, plan.logs, plan.work, plan.rejected);
  const docs =
    typeof input === "string" || Array.isArray(input)
      ? read(input, { sharding: "contiguous", exclude })
      : "paths" in input
        ? read(input.paths, { ...(input.options ?? {}), sharding: "contiguous", exclude: [...(input.options?.exclude ?? []), ...exclude] })
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

/**
 * <rejected>/<step>/, the layout of every command (`filter` writes rejected/language/ too); a step
 * that comes again in the config gets <step>_2, <step>_3... Files are prefixed with the task's rank.
 */
const rejectedDir = (plan: RunPlan, index: number, step: string) => {
  const before = (plan.config.steps as StepSpec[]).slice(0, index).filter((s) => s.step === step).length;
  return join(plan.rejected!, before === 0 ? step : `${step}_${before + 1}`);
};

/** The last leg of a run: steps, then the output's JSON Lines shards and/or token files. */
async function writeOutput(
  plan: RunPlan,
  stage: StageName,
  rank: number,
  docs: DocSource | AsyncIterable<Doc>,
  specs: StepSpec[],
  firstIndex: number,
  options: TaskOptions,
  barrier?: { step: Step; barrier: Barrier },
): Promise<TaskRecord> {
  const first = barrier?.step;
  const output = typeof plan.config.output === "string" ? { dir: plan.config.output, documents: true, compression: "gzip" as const } : plan.config.output;
  const { dir: _dir, documents: writeDocs, tokens, ...jsonlOptions } = output;
  const prefix = `${rankName(rank)}_`;
  const tokenDir = join(plan.output, "tokens");
  // a killed attempt's shards and temporary files, in every folder this task writes to
  const stepIndices = [
    ...(barrier ? [{ index: barrier.barrier.index, step: barrier.barrier.spec.step }] : []),
    ...specs.map((s, i) => ({ index: firstIndex + i, step: s.step })),
  ];
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
    stage,
    rank,
    tasks: plan.tasks,
    fingerprint: plan.fingerprint,
    stats: (first ? withoutSource(stats) : stats).toJSON(),
    outputs: written.map((p) => relative(plan.output, p)).sort(),
    documents: stats.steps[stats.steps.length - 1]!.get("total"),
  };
}

function shardPaths(summary: unknown): string[] {
  const shards = (summary as { shards?: { path?: string; bin?: string; idx?: string }[] } | undefined)?.shards ?? [];
  return shards.flatMap((s) => [s.path, s.bin, s.idx].filter((p): p is string => typeof p === "string"));
}

/** A stage after a barrier re-reads the work folder: that read is not a step of the user's pipeline. */
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
