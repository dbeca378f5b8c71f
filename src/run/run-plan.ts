// A pipeline config as a plan of stages and tasks (datatrove's executor model). A config without
// MinHash dedup is one stage, `process`: each task reads its share of the input files, runs the
// steps and writes its own shards. MinHash dedup must see every task's documents, so a config with
// a minhash_dedup step runs as datatrove's four MinHash stages around the other steps:
//   process           T tasks: read, the steps before minhash_dedup, write the documents to the
//                     work folder and their signatures
//   minhash_buckets   T tasks: (band, hash range) units of the signature files -> duplicate pairs
//   minhash_clusters  1 task:  pairs -> the documents to remove (the earliest of a cluster stays)
//   finish            T tasks: the task's work documents minus the removed ones, the steps after
//                     minhash_dedup, the output
// The number of tasks fixes the work, not the machine: tasks are run by any number of workers,
// processes, Slurm array tasks or Kubernetes pods, and the output is the same.
import { createHash } from "node:crypto";
import { isAbsolute, join, relative } from "node:path";
import { loadPipelineConfig, type PipelineConfigInput, type PipelineConfigOutput } from "./config.js";
import { ConfigError } from "../errors.js";
import type { StepSpec } from "./pool-worker.js";

export type StageName = "process" | "minhash_buckets" | "minhash_clusters" | "finish";

export interface StagePlan {
  name: StageName;
  /** Tasks of this stage: ranks 0 .. tasks - 1. */
  tasks: number;
}

export interface RunPlan {
  /** The config file, when the plan came from one (Slurm and Kubernetes tasks run it again). */
  configPath?: string;
  config: PipelineConfigOutput;
  output: string;
  /** completions/<stage>/<rank>, stats/<stage>/<rank>.json, stats.json (default <output>/.logs) */
  logs: string;
  /** Files the stages exchange (default <output>/.work). */
  work: string;
  rejected: string | undefined;
  /** Tasks of the per-shard stages (the world size). */
  tasks: number;
  stages: StagePlan[];
  /** The steps before minhash_dedup (all of them when there is none), the step itself, those after. */
  before: StepSpec[];
  minhash: StepSpec | undefined;
  after: StepSpec[];
  /** Hash of what decides the output (input, steps, output format, tasks), kept in the logs. */
  fingerprint: string;
  /** What the user should know before running: steps that work inside each task only (see taskLocalNotes). */
  notes: string[];
}

export interface RunOverrides {
  /** Write here instead of the config's output folder. */
  output?: string | undefined;
  /** Tasks, instead of the config's `tasks`. */
  worldSize?: number | undefined;
}

export async function planRun(configOrPath: PipelineConfigInput | string, overrides: RunOverrides = {}): Promise<RunPlan> {
  const config = await loadPipelineConfig(configOrPath);
  const outputConfig = typeof config.output === "string" ? { dir: config.output } : config.output;
  const output = overrides.output ?? outputConfig.dir;
  const tasks = overrides.worldSize ?? config.tasks;
  if (!Number.isInteger(tasks) || tasks < 1) throw new ConfigError("tasks", `expected a positive whole number of tasks, got ${tasks}`);
  const specs = config.steps as StepSpec[];
  const at = specs.findIndex((s) => s.step === "minhash_dedup");
  if (at !== -1 && specs.findIndex((s, i) => i > at && s.step === "minhash_dedup") !== -1) {
    throw new ConfigError("steps", "one minhash_dedup step per pipeline: each runs as four stages over every task's documents");
  }
  const minhash = at === -1 ? undefined : specs[at];
  if (minhash && minhash.mode === "annotate") {
    throw new ConfigError(`steps.${at}.mode`, "a pipeline run drops MinHash duplicates (mode: drop); annotate with minhashDedup() in one process");
  }
  if (minhash?.clusterSizes === true) {
    throw new ConfigError(
      `steps.${at}.clusterSizes`,
      "the MinHash stages of a run do not record cluster sizes yet; use minhashDedup({ clusterSizes: true }) in one process",
    );
  }
  const stages: StagePlan[] = minhash
    ? [
        { name: "process", tasks },
        { name: "minhash_buckets", tasks },
        { name: "minhash_clusters", tasks: 1 },
        { name: "finish", tasks },
      ]
    : [{ name: "process", tasks }];
  // -o moves the folders the config keeps under its output (rejected: out/x/rejected goes with out/x), so
  // runs to different -o folders never share them; a folder elsewhere stays, and a note says so
  const moved: string[] = [];
  const follow = (key: string, path: string | undefined): string | undefined => {
    if (path === undefined || overrides.output === undefined || overrides.output === outputConfig.dir) return path;
    const rel = relative(outputConfig.dir, path);
    if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) return join(overrides.output, rel);
    moved.push(`${key}: ${path} is outside the config's output ${outputConfig.dir}, so -o ${overrides.output} leaves it there`);
    return path;
  };
  const rejected = follow("rejected", config.rejected) ?? (overrides.output ? join(overrides.output, "rejected") : undefined);
  const logs = follow("logs", config.logs);
  const work = follow("work", config.work);
  const { workers: _workers, logs: _logs, work: _work, ...decisive } = config;
  const fingerprint = createHash("sha256")
    .update(JSON.stringify({ ...decisive, output: { ...outputConfig, dir: undefined }, rejected: undefined, tasks }))
    .digest("hex")
    .slice(0, 16);
  return {
    ...(typeof configOrPath === "string" ? { configPath: configOrPath } : {}),
    config,
    output,
    // hidden, so that reading the output folder back reads documents only
    logs: logs ?? join(output, ".logs"),
    work: work ?? join(output, ".work"),
    rejected,
    tasks,
    stages,
    before: minhash ? specs.slice(0, at) : specs,
    minhash,
    after: minhash ? specs.slice(at + 1) : [],
    fingerprint,
    notes: [...moved, ...taskLocalNotes(specs, tasks)],
  };
}

/**
 * Dedup steps other than minhash_dedup keep their state inside one process: with several tasks
 * each task dedups its own share of the input, and copies read by different tasks stay (datatrove's
 * non-MinHash dedup behaves alike). Not an error, since per-shard dedup is a choice some pipelines
 * make, but never silent: `corpuskit run`, `slurm submit` and `k8s manifest` print these notes.
 */
export function taskLocalNotes(specs: readonly StepSpec[], tasks: number): string[] {
  if (tasks <= 1) return [];
  const notes: string[] = [];
  specs.forEach((spec, i) => {
    const where = `steps.${i} (${spec.step})`;
    if (spec.step === "exact_dedup") {
      notes.push(
        `${where} removes copies within each task: with ${tasks} tasks, a document and its copy read by two tasks both stay. Use tasks: 1 for exact dedup over the whole input, or minhash_dedup, which runs across tasks.`,
      );
    } else if (spec.step === "line_dedup" && spec.keep !== "none") {
      notes.push(
        `${where} removes repeated lines within each task: with ${tasks} tasks, a line repeated in two tasks' documents stays in both. keep: none with a seenFile (collectLineHashes over the whole input, then saveLineHashes) covers it.`,
      );
    }
  });
  return notes;
}

/** The plan's notes, by default as process warnings (`process.on("warning")` sees them; the CLI prints "note: ..."). */
export function emitPlanNotes(plan: RunPlan, onNote: (note: string) => void = warnNote): void {
  for (const note of plan.notes) onNote(note);
}

function warnNote(note: string): void {
  process.emitWarning(note, { code: "CORPUSKIT_TASK_LOCAL_DEDUP" });
}

/** The stage of this name, or a ConfigError listing the stages of the plan. */
export function stageOf(plan: RunPlan, name: string): StagePlan {
  const stage = plan.stages.find((s) => s.name === name);
  if (!stage) throw new ConfigError("--stage", `this pipeline's stages are ${plan.stages.map((s) => s.name).join(", ")}; got ${JSON.stringify(name)}`);
  return stage;
}
