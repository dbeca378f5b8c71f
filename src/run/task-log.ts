// The logs folder is the source of truth for a run, as datatrove's logging dir is: a task that
// finished wrote stats/<stage>/<rank>.json and then completions/<stage>/<rank>, each by writing a
// temporary file and renaming it. A rerun skips the ranks with a marker and redoes the others from
// the start, after removing whatever a killed attempt left behind, so no document is written twice
// or lost. Slurm's own job states are not trusted (docs/clusters.md: tasks can be "COMPLETED" with no
// output); the markers are. The folder may be an s3:// prefix: a PUT is atomic there, and a task's
// shards are complete objects (finished multipart uploads) before its marker is written.
import { resolve } from "node:path";
import { hasUrlScheme, joinLocation as join } from "../locations.js";
import { ensureFolder, listNames, readTextIfExists, removeNames, writeTextAtomic } from "../io/storage.js";
import { ConfigError, InputError, OutputError } from "../errors.js";
import type { RunPlan, StageName } from "./run-plan.js";
import { PipelineStats, type PipelineStatsJson } from "../pipeline/stats.js";

export const rankName = (rank: number): string => String(rank).padStart(5, "0");

export interface TaskRecord {
  stage: StageName;
  rank: number;
  tasks: number;
  fingerprint: string;
  stats: PipelineStatsJson;
  /** What the task wrote to the output folder, relative to it. */
  outputs: string[];
  documents: number;
}

const markerFile = (plan: LoggedRun, stage: StageName, rank: number) => join(plan.logs, "completions", stage, rankName(rank));
const statsFile = (plan: LoggedRun, stage: StageName, rank: number) => join(plan.logs, "stats", stage, `${rankName(rank)}.json`);

/** Atomic: a reader sees the old file or the whole new one; the temp name is unique per process (S3: one PUT). */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  await writeTextAtomic(path, data);
}

/**
 * Claim the logs folder for this plan: the first run records its fingerprint; a later run with a
 * different config (other steps, options or task count) would mix two runs' shards, so it stops.
 */
export async function openLogs(plan: RunPlan): Promise<void> {
  await ensureFolder(plan.logs);
  const file = join(plan.logs, "run.json");
  let previous: { fingerprint?: string } | undefined;
  try {
    const text = await readTextIfExists(file);
    if (text !== undefined) previous = JSON.parse(text) as { fingerprint?: string };
  } catch (error) {
    throw new InputError({ file }, "cannot read the run record", { cause: error });
  }
  if (previous && previous.fingerprint !== plan.fingerprint) {
    throw new ConfigError(
      "logs",
      `${plan.logs} holds a run of another config or task count (fingerprint ${previous.fingerprint}, this one ${plan.fingerprint}): use another output folder, or delete it to start over`,
    );
  }
  if (!previous)
    await writeFileAtomic(
      file,
      `${JSON.stringify({ fingerprint: plan.fingerprint, output: hasUrlScheme(plan.output) ? plan.output : resolve(plan.output), tasks: plan.tasks, stages: plan.stages, config: plan.config }, null, 2)}\n`,
    );
}

export async function isComplete(plan: LoggedRun, stage: StageName, rank: number): Promise<boolean> {
  try {
    const marker = JSON.parse((await readTextIfExists(markerFile(plan, stage, rank))) ?? "{}") as { fingerprint?: string };
    return marker.fingerprint === plan.fingerprint;
  } catch {
    return false;
  }
}

/** Ranks of the stage without a completion marker of this run (its fingerprint). */
export async function incompleteRanks(plan: LoggedRun, stage: StageName): Promise<number[]> {
  const tasks = plan.stages.find((s) => s.name === stage)?.tasks ?? 0;
  const marked = await markedRanks(plan.logs, stage);
  const left: number[] = [];
  for (let rank = 0; rank < tasks; rank++) if (!marked.has(rank) || !(await isComplete(plan, stage, rank))) left.push(rank);
  return left;
}

/** The ranks that have a marker file under `<logs>/completions/<stage>/`, whatever run wrote it. */
export async function markedRanks(logs: string, stage: string): Promise<Set<number>> {
  const dir = join(logs, "completions", stage);
  try {
    const names = await listNames(dir);
    return new Set(names.filter((name) => /^\d+$/.test(name)).map(Number));
  } catch (error) {
    throw new OutputError(dir, "cannot list the completion markers", { cause: error });
  }
}

/** The stats first, then the marker: a marker always has its stats beside it. */
export async function markComplete(plan: RunPlan, record: TaskRecord): Promise<void> {
  await ensureFolder(join(plan.logs, "stats", record.stage));
  await ensureFolder(join(plan.logs, "completions", record.stage));
  await writeFileAtomic(statsFile(plan, record.stage, record.rank), `${JSON.stringify(record, null, 2)}\n`);
  await writeFileAtomic(markerFile(plan, record.stage, record.rank), `${JSON.stringify({ fingerprint: plan.fingerprint, documents: record.documents })}\n`);
}

export async function readTaskRecord(plan: LoggedRun, stage: StageName, rank: number): Promise<TaskRecord> {
  const file = statsFile(plan, stage, rank);
  try {
    const text = await readTextIfExists(file);
    if (text === undefined) throw new Error("no such file");
    return JSON.parse(text) as TaskRecord;
  } catch (error) {
    throw new InputError({ file }, `no stats for ${stage} task ${rank}: has it completed?`, { cause: error });
  }
}

/**
 * Remove what an earlier attempt of this task may have left in `dirs`: its shards (named
 * <rank>_... or <rank>.bin) and their temporary files (.<rank>_....tmp-<pid>). Other tasks' files
 * are untouched.
 */
export async function clearTaskFiles(dirs: readonly string[], rank: number): Promise<void> {
  const mine = new RegExp(`^\\.?${rankName(rank)}[_.]`);
  for (const dir of dirs) await removeNames(dir, (name) => mine.test(name));
}

/** What mergeTaskStats needs of a plan, read back from a logs folder (or the output folder above it). */
export type LoggedRun = Pick<RunPlan, "logs" | "output" | "stages" | "fingerprint">;

export async function readLoggedRun(dir: string): Promise<LoggedRun> {
  for (const logs of [join(dir, ".logs"), dir]) {
    let text: string | undefined;
    try {
      text = await readTextIfExists(join(logs, "run.json"));
    } catch {
      continue;
    }
    if (text === undefined) continue;
    const run = JSON.parse(text) as Omit<LoggedRun, "logs">;
    // named by its output folder, that folder is the output wherever the run was started from
    return { logs, output: logs === dir ? run.output : dir, stages: run.stages, fingerprint: run.fingerprint };
  }
  throw new InputError({ file: join(dir, ".logs", "run.json") }, "no run here: expected the output folder of `corpuskit run` (or its logs folder)");
}

/** Every task's stats, summed per stage, stages in order: what `corpuskit merge-stats` reports. */
export async function mergeTaskStats(plan: LoggedRun): Promise<{ stats: PipelineStats; documents: number; outputs: string[]; missing: string[] }> {
  const merged = new PipelineStats();
  const outputs: string[] = [];
  const missing: string[] = [];
  let documents = 0;
  const last = plan.stages[plan.stages.length - 1]!.name;
  for (const stage of plan.stages) {
    const stageStats = new PipelineStats();
    for (let rank = 0; rank < stage.tasks; rank++) {
      if (!(await isComplete(plan, stage.name, rank))) {
        missing.push(`${stage.name}/${rankName(rank)}`);
        continue;
      }
      const record = await readTaskRecord(plan, stage.name, rank);
      stageStats.merge(PipelineStats.fromJSON(record.stats));
      if (stage.name === last) {
        documents += record.documents;
        outputs.push(...record.outputs);
      }
    }
    for (const step of stageStats.steps) merged.steps.push(step);
    merged.seconds += stageStats.seconds;
  }
  return { stats: merged, documents, outputs: outputs.sort(), missing };
}
