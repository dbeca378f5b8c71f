// A pipeline config as a plan of stages and tasks (datatrove's executor model). A config without
// a cross-task dedup step is one stage, `process`: each task reads its share of the input files,
// runs the steps and writes its own shards. A dedup step that must see every task's documents cuts
// the steps in two; the tasks write the documents that reach it to the work folder with its keys,
// merge stages decide across tasks, and the next stage reads the documents back, drops what the
// merge found and runs the following steps. With MinHash, datatrove's four stages:
//   process           T tasks: read, the steps before minhash_dedup, write the documents to the
//                     work folder and their signatures
//   minhash_buckets   T tasks: (band, hash range) units of the signature files -> duplicate pairs
//   minhash_clusters  1 task:  pairs -> the documents to remove (the earliest of a cluster stays)
//   finish            T tasks: the task's work documents minus the removed ones, the steps after
//                     minhash_dedup, the output
// exact_dedup and line_dedup (keep first) cut the steps only when there are several tasks (one
// task runs them in its own process, with the same result); their merge stage, exact_merge or
// line_merge, has T tasks, each over a range of the keys (exact-stages.ts, line-stages.ts).
// line_dedup keep: none without a seenFile always runs as stages: its line set is the group's.
// With several such steps, the stage between two of them is after_<step>; the last is finish.
// The number of tasks fixes the work, not the machine: tasks are run by any number of workers,
// processes, Slurm array tasks or Kubernetes pods, and the output is the same.
import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";
import { hasUrlScheme, joinLocation, relativeLocation } from "../locations.js";
import { loadPipelineConfig, type PipelineConfigInput, type PipelineConfigOutput } from "./config.js";
import { ConfigError } from "../errors.js";
import type { StepSpec } from "./pool-worker.js";

export type StageName = "process" | "minhash_buckets" | "minhash_clusters" | "exact_merge" | "line_merge" | "finish" | `after_${string}`;

export interface StagePlan {
  name: StageName;
  /** Tasks of this stage: ranks 0 .. tasks - 1. */
  tasks: number;
}

/** A dedup step that runs as stages across tasks. */
export interface Barrier {
  /** Its index in the config's steps. */
  index: number;
  spec: StepSpec;
  kind: "minhash" | "exact" | "lines";
}

/** Steps run one after the other by one task: those between two barriers. */
export interface Segment {
  specs: StepSpec[];
  /** The index of the first in the config's steps. */
  firstIndex: number;
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
  /** The steps between the cross-task dedup steps (one segment when there is none). */
  segments: Segment[];
  /** The dedup steps that run as stages: barrier i sits between segments i and i + 1. */
  barriers: Barrier[];
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
  const barriers: Barrier[] = [];
  specs.forEach((spec, index) => {
    const kind = barrierKind(spec, tasks);
    if (!kind) return;
    // what lineDedup() checks when it is made, said before any stage runs (the stages never make it)
    if (kind === "lines" && spec.keep !== "none" && spec.seenFile !== undefined) {
      throw new ConfigError(`steps.${index}.seenFile`, '`seenFile` applies to keep: "none"');
    }
    if (kind === "lines" && spec.keep === "none" && spec.bloom !== undefined) {
      throw new ConfigError(`steps.${index}.bloom`, 'bloom applies to keep: "first"; keep: "none" across tasks collects exact line keys');
    }
    if (barriers.some((b) => b.kind === kind)) {
      throw new ConfigError(`steps.${index}`, `one ${spec.step} step per pipeline runs across tasks (each runs as stages over every task's documents)`);
    }
    barriers.push({ index, spec, kind });
  });
  const segments: Segment[] = [];
  let from = 0;
  for (const b of [...barriers, { index: specs.length }]) {
    segments.push({ specs: specs.slice(from, b.index), firstIndex: from });
    from = b.index + 1;
  }
  const stages: StagePlan[] = [{ name: "process", tasks }];
  barriers.forEach((b, i) => {
    if (b.kind === "minhash") stages.push({ name: "minhash_buckets", tasks }, { name: "minhash_clusters", tasks: 1 });
    else stages.push({ name: b.kind === "exact" ? "exact_merge" : "line_merge", tasks });
    stages.push({ name: i === barriers.length - 1 ? "finish" : `after_${b.spec.step}`, tasks });
  });
  // -o moves the folders the config keeps under its output (rejected: out/x/rejected goes with out/x), so
  // runs to different -o folders never share them; a folder elsewhere stays, and a note says so
  const moved: string[] = [];
  const follow = (key: string, path: string | undefined): string | undefined => {
    if (path === undefined || overrides.output === undefined || overrides.output === outputConfig.dir) return path;
    const rel = path === outputConfig.dir ? "" : relativeLocation(outputConfig.dir, path);
    const inside = hasUrlScheme(outputConfig.dir) ? rel !== path : rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
    if (inside) return rel === "" ? overrides.output : joinLocation(overrides.output, rel);
    moved.push(`${key}: ${path} is outside the config's output ${outputConfig.dir}, so -o ${overrides.output} leaves it there`);
    return path;
  };
  const rejected = follow("rejected", config.rejected) ?? (overrides.output ? joinLocation(overrides.output, "rejected") : undefined);
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
    logs: logs ?? joinLocation(output, ".logs"),
    work: work ?? joinLocation(output, ".work"),
    rejected,
    tasks,
    stages,
    segments,
    barriers,
    fingerprint,
    notes: [...moved, ...taskLocalNotes(specs, tasks)],
  };
}

/** Whether a step runs as stages across tasks, and which kind. */
function barrierKind(spec: StepSpec, tasks: number): Barrier["kind"] | undefined {
  if (spec.step === "minhash_dedup") return "minhash";
  if (spec.step === "exact_dedup" && tasks > 1) return "exact";
  if (spec.step === "line_dedup") {
    // keep: none with a seenFile has its line set already: each document is decided alone
    if (spec.keep === "none") return spec.seenFile === undefined ? "lines" : undefined;
    if (tasks > 1) return "lines";
  }
  return undefined;
}

/**
 * What a run does differently from the steps in one process, said before it starts (`corpuskit
 * run`, `slurm submit` and `k8s manifest` print these notes): across tasks, line_dedup keeps exact
 * keys, sorted on disk by each task and merged by key range, so a `bloom` option has no use there.
 */
export function taskLocalNotes(specs: readonly StepSpec[], tasks: number): string[] {
  if (tasks <= 1) return [];
  const notes: string[] = [];
  specs.forEach((spec, i) => {
    if (spec.step === "line_dedup" && spec.bloom !== undefined && spec.keep !== "none") {
      notes.push(
        `steps.${i} (line_dedup) runs across the ${tasks} tasks with exact line keys sorted on disk, without the Bloom filter (bloom applies to one process)`,
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
