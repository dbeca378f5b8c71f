// runPipeline(config): every stage of a planned run, here, task after task, with the per-document
// steps on a pool of worker threads. Tasks with a completion marker are skipped, so a run that was
// killed resumes where it stopped; with `rank` it runs one task of one stage (what a Slurm array
// task or Kubernetes pod does) and leaves the others to their own processes.
import type { PipelineConfigInput } from "./config.js";
import { ConfigError, CorpuskitError, OutputError } from "../errors.js";
import { STEPS, type StepName } from "./steps.js";
import type { ProgressOptionsInput } from "./progress.js";
import { emitPlanNotes, planRun, stageOf, type RunPlan, type StageName } from "./run-plan.js";
import { runTask } from "./run-task.js";
import type { PipelineStats } from "../pipeline/stats.js";
import { isComplete, mergeTaskStats, openLogs, rankName, writeFileAtomic } from "./task-log.js";
import { defaultWorkers, WorkerPool } from "./worker-pool.js";
import { joinLocation } from "../locations.js";
import { removeNames } from "../io/storage.js";
import { packageVersion } from "../runtime/package-root.js";
import { claimOutput } from "./output-claim.js";

export interface RunOptions {
  /** Write here instead of the config's output folder. */
  output?: string | undefined;
  /** Tasks (world size), instead of the config's `tasks`. */
  worldSize?: number | undefined;
  /** Only this stage (all stages by default, in order). */
  stage?: string | undefined;
  /** Only this task of the stage (all by default). */
  rank?: number | undefined;
  /** Worker threads; 0: the steps run on this thread. Default: the config's, else the CPUs. */
  workers?: number | undefined;
  /** Progress line per task on stderr (see withProgress); none by default from the library. */
  progress?: ProgressOptionsInput | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Clear the output folder (and the run's logs, work and rejected folders) first. Without it, a
   * folder written by another command or config is refused; the same config resumes.
   */
  overwrite?: boolean | undefined;
  /** Receives the plan's notes before anything runs (default: process warnings). */
  onNote?: ((note: string) => void) | undefined;
}

export interface TaskOutcome {
  stage: StageName;
  rank: number;
  status: "done" | "skipped";
}

export interface RunSummary {
  /** The output folder. */
  dir: string;
  /** Documents written by the last stage (all tasks, when the run is complete). */
  documents: number;
  /** Output files, relative to `dir`. */
  outputs: string[];
  /** True when every task of every stage has its completion marker. */
  complete: boolean;
  tasks: TaskOutcome[];
}

export interface RunResult {
  result: RunSummary;
  /** Every completed task's stats, summed per stage (also written to <output>/stats.json). */
  stats: PipelineStats;
  plan: RunPlan;
}

/**
 * Run a declarative pipeline (a config object, or a YAML/JSON file).
 * @example await runPipeline("examples/fineweb.yaml", { workers: 2 })
 */
export async function runPipeline(configOrPath: PipelineConfigInput | string, options: RunOptions = {}): Promise<RunResult> {
  const plan = await planRun(configOrPath, { output: options.output, worldSize: options.worldSize });
  const stages = options.stage === undefined ? plan.stages : [stageOf(plan, options.stage)];
  if (options.rank !== undefined && options.stage === undefined && plan.stages.length > 1) {
    throw new ConfigError(
      "--rank",
      `this pipeline runs in ${plan.stages.length} stages (${plan.stages.map((s) => s.name).join(", ")}), each over all tasks: give the stage with the rank`,
    );
  }
  emitPlanNotes(plan, options.onNote);
  if (options.overwrite && options.rank !== undefined)
    throw new ConfigError("--overwrite", "clears the whole run: give it without --rank, before the tasks start");
  await asOutputError(claimRunOutput(plan, Boolean(options.overwrite)), plan.output);
  await asOutputError(openLogs(plan), plan.logs);
  const workers = chooseWorkers(options.workers ?? plan.config.workers, options.onNote);
  const pooled = plan.segments.flatMap((s) => s.specs).some((s) => STEPS[s.step as StepName].parallel);
  // one pool for all tasks: each thread loads its models (fastText, n-gram LMs) once
  let pool: WorkerPool | undefined;
  const tasks: TaskOutcome[] = [];
  try {
    for (const stage of stages) {
      if (options.rank !== undefined && options.rank >= stage.tasks) {
        // more ranks than tasks in this stage (the clusters stage has one): nothing to do
        continue;
      }
      const ranks = options.rank !== undefined ? [options.rank] : Array.from({ length: stage.tasks }, (_, r) => r);
      for (const rank of ranks) {
        if (await isComplete(plan, stage.name, rank)) {
          tasks.push({ stage: stage.name, rank, status: "skipped" });
          continue;
        }
        if (workers > 0 && pooled && (stage.name === "process" || stage.name === "finish" || stage.name.startsWith("after_")))
          pool ??= new WorkerPool({ workers });
        const label = plan.stages.length > 1 || plan.tasks > 1 ? `${stage.name} ${rankName(rank)}` : "run";
        await asOutputError(
          runTask(plan, stage.name, rank, { pool, signal: options.signal, progress: options.progress ? { label, ...options.progress } : undefined }),
          plan.output,
        );
        tasks.push({ stage: stage.name, rank, status: "done" });
      }
    }
  } finally {
    await pool?.close();
  }
  const merged = await mergeTaskStats(plan);
  const complete = merged.missing.length === 0;
  // the whole run's stats, once the last task is done (whichever process ran it), where every command
  // leaves them: <output>/stats.json (read back as a corpus, the folder gives its documents only)
  if (complete) await writeFileAtomic(joinLocation(plan.output, "stats.json"), `${JSON.stringify(merged.stats.toJSON(), null, 2)}\n`);
  return { result: { dir: plan.output, documents: merged.documents, outputs: merged.outputs, complete, tasks }, stats: merged.stats, plan };
}

/** The output folder is this config's (output-claim.ts); with overwrite, the run's other folders are cleared too. */
async function claimRunOutput(plan: RunPlan, overwrite: boolean): Promise<void> {
  const input = plan.config.input;
  const inputs =
    typeof input === "string" ? [input] : Array.isArray(input) ? input : "paths" in input ? [input.paths].flat() : input.baseUrl ? [input.baseUrl] : [];
  await claimOutput(plan.output, { command: "run", fingerprint: plan.fingerprint, resume: true, overwrite, inputs, version: packageVersion() });
  if (!overwrite) return;
  for (const folder of [plan.logs, plan.work, plan.rejected]) if (folder !== undefined) await removeNames(folder, () => true);
}

/** The file-system errors that mean "cannot write there", not a bug: a folder without permission, a file where a folder should be, a full or read-only disk. */
const OUTPUT_ERRNOS = new Set(["EACCES", "EPERM", "ENOTDIR", "EEXIST", "EISDIR", "EROFS", "ENOSPC", "EDQUOT"]);

/** A write that fails for one of OUTPUT_ERRNOS becomes an OutputError naming the path, as the other commands report it. */
async function asOutputError<T>(work: Promise<T>, fallbackPath: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (error instanceof CorpuskitError || code === undefined || !OUTPUT_ERRNOS.has(code)) throw error;
    const path = (error as NodeJS.ErrnoException).path ?? fallbackPath;
    throw new OutputError(path, `cannot write: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Worker threads: the asked number, capped at the cores (more threads than cores only queue, and
 * each loads its own models: --workers 64 on 2 cores ran 7 times slower), with a note. By default
 * the cores but one, for the main thread that reads, decompresses and writes; none on 2 cores or
 * fewer, where the threads cost more than they give (examples/fineweb.yaml on the sample, 2 shared
 * cores, runs alternated: 15-22 s with 0 workers, 34 s with 2).
 */
function chooseWorkers(asked: number | undefined, onNote: ((note: string) => void) | undefined): number {
  const cores = defaultWorkers();
  if (asked === undefined) return cores <= 2 ? 0 : cores - 1;
  if (asked <= cores) return asked;
  (onNote ?? ((note: string) => process.emitWarning(note)))(`${asked} workers asked, ${cores} cores available: running ${cores} workers`);
  return cores;
}
