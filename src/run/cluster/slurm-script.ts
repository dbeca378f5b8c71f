// The sbatch script of one stage of a run: a job array whose task i runs
// `corpuskit run CONFIG --stage S --rank (i + offset) --world-size N`. Pure text, no Slurm needed,
// so the scripts can be printed (--dry-run), tested and resubmitted by hand.
//
// Slurm refuses array indices at or above MaxArraySize (1001 by default), so a stage with more tasks
// is split into parts, each an array 0..maxArraySize-1 plus a rank offset in CORPUSKIT_RANK_OFFSET,
// as datatrove's SlurmPipelineExecutor does with RUN_OFFSET.
import { realpathSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { z } from "zod";
import { parseOptions, recordOf } from "../../options.js";
import { packageFile, packageRoot } from "../../runtime/package-root.js";
import { joinLocation } from "../../locations.js";

export const SlurmOptions = z
  .object({
    partition: z.string().min(1).optional().describe("#SBATCH --partition (default: the cluster's default partition)"),
    cpusPerTask: z.number().int().positive().default(1).describe("#SBATCH --cpus-per-task; also the task's --workers"),
    mem: z.string().min(1).optional().describe('#SBATCH --mem per task, e.g. "4G"'),
    time: z.string().min(1).optional().describe('#SBATCH --time per task, e.g. "2:00:00"'),
    sbatchArgs: z.array(z.string().min(1)).default([]).describe('more #SBATCH options, e.g. "--account=lm" or "--qos=low"'),
    env: recordOf(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())
      .default({})
      .describe("environment variables exported before the task runs"),
    maxArraySize: z.number().int().positive().default(1001).describe("the cluster's MaxArraySize: larger stages are split into several arrays"),
    maxParallel: z.number().int().positive().optional().describe("at most this many tasks of an array at once (the %N throttle)"),
    command: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe("how a task calls corpuskit: words (quoted for the shell) or shell text as is; default: the running corpuskit, by absolute paths"),
    chdir: z.string().min(1).optional().describe("the tasks' working directory, where the config's relative paths resolve (default: the current one)"),
    output: z.string().min(1).optional().describe("the --output every task gets, when the run's output was overridden"),
  })
  .strict();
export type SlurmOptionsInput = z.input<typeof SlurmOptions>;
export type SlurmSettings = z.output<typeof SlurmOptions>;

/** What a scheduler needs of a run plan (RunPlan in run-plan.ts has this shape). */
export interface StagedRun {
  output: string;
  logs: string;
  /** The run's task count: every task's --world-size, also in a stage of fewer tasks (minhash_clusters). */
  tasks: number;
  stages: readonly { name: string; tasks: number }[];
}

/** One array job of a stage: the ranks `offset + i` for each array index i. */
export interface ArrayPart {
  stage: string;
  /** The stage's task count. */
  tasks: number;
  offset: number;
  /** Array indices, ascending, each below maxArraySize. */
  indices: number[];
}

/** The Slurm log file of one task, as `#SBATCH --output` names it (%A = array job id, %a = index). */
export const taskLogPattern = (logs: string) => join(logs, "slurm", "%A_%a.out");
export const taskLogFile = (logs: string, jobId: string, index: number) => join(logs, "slurm", `${jobId}_${index}.out`);
export const mergeLogFile = (logs: string, jobId: string) => join(logs, "slurm", `merge_stats_${jobId}.out`);
/** Where `corpuskit merge-stats` writes the run's summed stats: <output>/stats.json, as every command does. */
export const mergedStatsFile = (output: string) => joinLocation(output, "stats.json");

/**
 * The arrays that run a stage's unfinished ranks: one per block of maxArraySize ranks that still
 * has work, with the finished ranks left out of its index list.
 */
export function arrayParts(stage: string, tasks: number, done: ReadonlySet<number>, maxArraySize: number): ArrayPart[] {
  const parts: ArrayPart[] = [];
  for (let offset = 0; offset < tasks; offset += maxArraySize) {
    const indices: number[] = [];
    for (let rank = offset; rank < Math.min(tasks, offset + maxArraySize); rank++) if (!done.has(rank)) indices.push(rank - offset);
    if (indices.length > 0) parts.push({ stage, tasks, offset, indices });
  }
  return parts;
}

/** Slurm's --array list form with runs collapsed: [0,1,2,3,5,7,8] -> "0-3,5,7-8". */
export function arraySpec(indices: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < indices.length;) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    runs.push(i === j ? `${indices[i]}` : `${indices[i]}-${indices[j]}`);
    i = j + 1;
  }
  return runs.join(",");
}

/** The sbatch script of one array part of a stage. */
export function slurmStageScript(run: StagedRun, configPath: string, part: ArrayPart, options: SlurmOptionsInput = {}): string {
  const o = parseOptions(SlurmOptions, options, "slurm options");
  const throttle = o.maxParallel ? `%${o.maxParallel}` : "";
  const words = ["run", resolve(configPath), "--stage", part.stage].map(shellQuote);
  words.push("--rank", '"$rank"', "--world-size", String(run.tasks));
  if (o.output) words.push("--output", shellQuote(resolve(o.output)));
  // no --quiet: a task's .out file is a log, and gets a progress line every 10 s and a summary
  words.push("--workers", String(o.cpusPerTask));
  return [
    "#!/bin/bash",
    `# corpuskit stage "${part.stage}": ranks ${arraySpec(part.indices.map((i) => i + part.offset))} of ${part.tasks} (written by corpuskit slurm submit).`,
    "# A task that already has its completion marker does nothing, so resubmitting this script is safe.",
    ...directives(o, `corpuskit-${part.stage}`, `${arraySpec(part.indices)}${throttle}`, taskLogPattern(resolve(run.logs)), o.cpusPerTask, true),
    "set -euo pipefail",
    ...exports(o.env, { CORPUSKIT_RANK_OFFSET: String(part.offset) }),
    `rank=$((SLURM_ARRAY_TASK_ID + CORPUSKIT_RANK_OFFSET))`,
    `exec ${commandText(o.command)} ${words.join(" ")}`,
    "",
  ].join("\n");
}

/** The 1-CPU job that sums every task's stats into <logs>/stats.json once the last stage is done. */
export function slurmMergeScript(run: StagedRun, options: SlurmOptionsInput = {}): string {
  const o = parseOptions(SlurmOptions, options, "slurm options");
  return [
    "#!/bin/bash",
    "# corpuskit merge-stats: the tasks' stats summed into one stats.json (written by corpuskit slurm submit).",
    ...directives(o, "corpuskit-merge-stats", undefined, join(resolve(run.logs), "slurm", "merge_stats_%j.out"), 1, false),
    "set -euo pipefail",
    ...exports(o.env, {}),
    // the logs folder, not the output: it is found there even when the config moved it elsewhere
    // the output folder when the logs are inside it (merge-stats then writes beside them), else the logs folder
    `exec ${commandText(o.command)} merge-stats ${shellQuote(resolve(run.logs) === resolve(run.output, ".logs") ? resolve(run.output) : resolve(run.logs))}`,
    "",
  ].join("\n");
}

function directives(o: SlurmSettings, name: string, array: string | undefined, log: string, cpus: number, perTaskMemory: boolean): string[] {
  const options = [
    `--job-name=${name}`,
    ...(array ? [`--array=${array}`] : []),
    // stdout and stderr in one file: the error is read next to what the task printed before it
    `--output=${log}`,
    // explicit, so relative paths in the config resolve as they did for the submitter
    `--chdir=${resolve(o.chdir ?? process.cwd())}`,
    `--cpus-per-task=${cpus}`,
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.mem && perTaskMemory ? [`--mem=${o.mem}`] : []),
    ...(o.time ? [`--time=${o.time}`] : []),
    ...o.sbatchArgs,
  ];
  return options.map((option) => `#SBATCH ${directiveQuote(option)}`);
}

function exports(env: Record<string, string>, own: Record<string, string>): string[] {
  return Object.entries({ ...env, ...own }).map(([key, value]) => `export ${key}=${shellQuote(value)}`);
}

function commandText(command: string | string[] | undefined): string {
  if (typeof command === "string") return command;
  return (command ?? runningCorpuskit()).map(shellQuote).join(" ");
}

/**
 * The corpuskit that is running now, by absolute paths: this Node, its flags (`--import tsx` when
 * run from the sources) and its bin script. A program that merely imports corpuskit is not the CLI,
 * so then it is the package's built bin.
 */
export function runningCorpuskit(): string[] {
  const root = packageRoot();
  const script = process.argv[1] ? realpathOrSelf(process.argv[1]) : undefined;
  const bin = script ? relative(root, script).split("\\").join("/") : "";
  if (script && (bin === "dist/cli/bin.js" || bin === "src/cli/bin.ts")) return [process.execPath, ...process.execArgv, script];
  return [process.execPath, packageFile("dist", "cli", "bin.js")];
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** A word for bash: as is when it has no special characters, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// sbatch reads #SBATCH lines with its own splitter, which honours double quotes but not shell escapes.
function directiveQuote(option: string): string {
  return /\s/.test(option) ? `"${option.replace(/"/g, '\\"')}"` : option;
}
