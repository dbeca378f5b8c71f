// A run on a Slurm cluster: one job array per stage, each stage `afterok` on every array of the
// stage before, then a 1-CPU merge-stats job after the last, as datatrove's SlurmPipelineExecutor
// chains them. The completion markers, not Slurm, say what is done: a resubmission skips finished
// ranks, and waitForSlurm checks the markers because a task can end COMPLETED without having run
// (docs/clusters.md, pitfall 1) and there may be no accounting to ask.
import { execFile } from "node:child_process";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { CorpuskitError, OutputError } from "../../errors.js";
import { parseOptions } from "../../options.js";
import { markedRanks } from "../task-log.js";
import {
  arrayParts,
  arraySpec,
  mergeLogFile,
  mergedStatsFile,
  slurmMergeScript,
  slurmStageScript,
  SlurmOptions,
  taskLogFile,
  type ArrayPart,
  type StagedRun,
} from "./slurm-script.js";

/** Runs one command without a shell; injectable so the submission logic is testable without Slurm. */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<{ stdout: string; stderr: string }>;

const execFileAsync = promisify(execFile);

export const execRunner: CommandRunner = async (file, args) => {
  try {
    return await execFileAsync(file, [...args], { encoding: "utf8", maxBuffer: 16 << 20 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT")
      throw new CorpuskitError("ERR_SLURM", `${file} not found: install Slurm or run locally with corpuskit run`, { cause: error });
    const said = (failure.stderr ?? "").trim() || failure.message;
    throw new CorpuskitError("ERR_SLURM", `${file} ${args.join(" ")} failed: ${said}`, { cause: error });
  }
};

const runnerSchema = z.custom<CommandRunner>((value) => typeof value === "function", "expected a function (file, args) => Promise<{ stdout, stderr }>");

export const SlurmSubmitOptions = SlurmOptions.extend({
  runner: runnerSchema.optional().describe("runs sbatch, squeue and scancel (default: execFile, no shell)"),
});
export type SlurmSubmitOptionsInput = z.input<typeof SlurmSubmitOptions>;

/** One sbatch script: an array part of a stage, or the merge-stats job. */
export interface SlurmJob {
  stage: string;
  /** Absent for the merge-stats job. */
  part?: ArrayPart;
  /** Where the script is written: <logs>/slurm/<stage>.sbatch, or <stage>.<k>.sbatch for parts. */
  path: string;
  script: string;
  /** The Slurm job id, once submitted. */
  id?: string;
  /** The job ids it waits for (afterok), once submitted. */
  after?: string[];
}

export interface SlurmStage {
  name: string;
  tasks: number;
  /** Ranks that already had a completion marker: not submitted again. */
  done: number;
  jobs: SlurmJob[];
}

export interface SlurmSubmission {
  /** The plan with absolute paths. */
  run: StagedRun;
  stages: SlurmStage[];
  merge?: SlurmJob;
  /** ms since the epoch, just before the first sbatch. */
  submittedAt: number;
}

const pad = (rank: number) => String(rank).padStart(5, "0");
export const completionsDir = (logs: string, stage: string) => join(logs, "completions", stage);

/** The scripts a submission would write, for the ranks without a marker; nothing is written. */
export async function slurmJobs(plan: StagedRun, configPath: string, options: SlurmSubmitOptionsInput = {}): Promise<Omit<SlurmSubmission, "submittedAt">> {
  const { runner: _runner, ...settings } = parseOptions(SlurmSubmitOptions, options, "slurm options");
  const run: StagedRun = { ...plan, output: resolve(plan.output), logs: resolve(plan.logs) };
  const dir = join(run.logs, "slurm");
  const stages: SlurmStage[] = [];
  for (const { name, tasks } of run.stages) {
    const done = await markedRanks(run.logs, name);
    const parts = arrayParts(name, tasks, done, settings.maxArraySize);
    const several = tasks > settings.maxArraySize;
    const jobs = parts.map((part) => ({
      stage: name,
      part,
      path: join(dir, several ? `${name}.${part.offset / settings.maxArraySize}.sbatch` : `${name}.sbatch`),
      script: slurmStageScript(run, configPath, part, settings),
    }));
    stages.push({ name, tasks, done: [...done].filter((rank) => rank < tasks).length, jobs });
  }
  // stats.json is summed again whenever a task ran; a finished run keeps the one it has
  const anyWork = stages.some((stage) => stage.jobs.length > 0);
  const merge =
    anyWork || !(await exists(mergedStatsFile(run.output)))
      ? { stage: "merge_stats", path: join(dir, "merge_stats.sbatch"), script: slurmMergeScript(run, settings) }
      : undefined;
  return { run, stages, ...(merge ? { merge } : {}) };
}

/**
 * Write the scripts under <logs>/slurm and submit them: each stage after every array of the stage
 * before (`--dependency=afterok:ID:ID...`), merge-stats after the last. Stages whose ranks all have
 * markers are skipped; a stage with some done runs only the others (`--array=1,3,5`).
 */
export async function submitSlurm(plan: StagedRun, configPath: string, options: SlurmSubmitOptionsInput = {}): Promise<SlurmSubmission> {
  const runner = parseOptions(SlurmSubmitOptions, options, "slurm options").runner ?? execRunner;
  const jobs = await slurmJobs(plan, configPath, options);
  const submission: SlurmSubmission = { ...jobs, submittedAt: Date.now() };
  const dir = join(submission.run.logs, "slurm");
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OutputError(dir, "cannot create the folder for the Slurm scripts and logs", { cause: error });
  }
  const submitted: string[] = [];
  try {
    let previous: string[] = [];
    for (const stage of submission.stages) {
      if (stage.jobs.length === 0) continue; // finished: later stages wait for what this one waited for
      const ids: string[] = [];
      for (const job of stage.jobs) ids.push(await sbatch(job, previous, runner, submitted));
      previous = ids;
    }
    if (submission.merge) await sbatch(submission.merge, previous, runner, submitted);
  } catch (error) {
    // half a chain would run stages nobody waits for; take back what went in, then report
    if (submitted.length > 0) await runner("scancel", submitted).catch(() => undefined);
    throw error;
  }
  return submission;
}

async function sbatch(job: SlurmJob, after: string[], runner: CommandRunner, submitted: string[]): Promise<string> {
  try {
    await writeFile(job.path, job.script, { mode: 0o755 });
  } catch (error) {
    throw new OutputError(job.path, "cannot write the sbatch script", { cause: error });
  }
  const dependency = after.length > 0 ? [`--dependency=afterok:${after.join(":")}`] : [];
  const { stdout } = await runner("sbatch", ["--parsable", ...dependency, job.path]);
  // --parsable prints "ID" or "ID;CLUSTER"
  const id = /^\s*(\d+)/.exec(stdout)?.[1];
  if (!id) throw new CorpuskitError("ERR_SLURM", `sbatch ${job.path}: expected a job id, got ${JSON.stringify(stdout.trim())}`);
  job.id = id;
  job.after = after;
  submitted.push(id);
  return id;
}

export const WaitOptions = z
  .object({
    pollSeconds: z.number().positive().default(1).describe("seconds between two squeue calls"),
    timeoutSeconds: z.number().positive().optional().describe("give up waiting after this long (the jobs go on)"),
    runner: runnerSchema.optional(),
    onStatus: z
      .custom<(lines: string[]) => void>((value) => typeof value === "function")
      .optional()
      .describe("called with squeue's lines whenever they change"),
  })
  .strict();
export type WaitOptionsInput = z.input<typeof WaitOptions>;

/**
 * Wait until none of the submission's jobs is queued or running, then check that every rank of
 * every stage has its completion marker and, when merge-stats ran, that <logs>/stats.json was written.
 * A job whose afterok can never be met (a task before it failed) is cancelled with every job after
 * it, since without `kill_invalid_depend` Slurm leaves it pending forever.
 */
export async function waitForSlurm(submission: SlurmSubmission, options: WaitOptionsInput = {}): Promise<void> {
  const o = parseOptions(WaitOptions, options, "slurm wait options");
  const runner = o.runner ?? execRunner;
  const chain = [...submission.stages.flatMap((stage) => stage.jobs), ...(submission.merge ? [submission.merge] : [])].flatMap((job) =>
    job.id ? [job.id] : [],
  );
  const cancelled = new Set<string>();
  const started = Date.now();
  let shown = "";
  for (;;) {
    const lines = await queued(chain, runner);
    if (lines.length === 0) break;
    const status = lines.join("\n");
    if (status !== shown) o.onStatus?.(lines);
    shown = status;
    const stuck = lines.filter((line) => line.split(/\s+/)[2] === "DependencyNeverSatisfied").map((line) => line.split(/[_\s]/)[0]!);
    if (stuck.length > 0) {
      const first = Math.min(...stuck.map((id) => chain.indexOf(id)).filter((at) => at >= 0));
      const doomed = chain.slice(first).filter((id) => !cancelled.has(id));
      if (doomed.length > 0) {
        await runner("scancel", doomed);
        for (const id of doomed) cancelled.add(id);
      }
    }
    if (o.timeoutSeconds !== undefined && Date.now() - started > o.timeoutSeconds * 1000) {
      throw new CorpuskitError(
        "ERR_SLURM",
        `Slurm jobs ${chain.join(", ")} still queued or running after ${o.timeoutSeconds} s; they go on (see squeue), and a later submit resumes from the completion markers`,
      );
    }
    await new Promise((done) => setTimeout(done, o.pollSeconds * 1000));
  }
  await verifyMarkers(submission);
}

/** squeue's lines "ID STATE REASON" for the jobs still known to it; purged ids are simply absent. */
async function queued(ids: string[], runner: CommandRunner): Promise<string[]> {
  if (ids.length === 0) return [];
  try {
    const { stdout } = await runner("squeue", ["-h", "-j", ids.join(","), "-o", "%i %T %r"]);
    return stdout
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  } catch (error) {
    // when every id has left squeue (MinJobAge), squeue exits 1 with this message
    if (/Invalid job id specified/i.test(String((error as Error).message))) return [];
    throw error;
  }
}

/**
 * Throws naming the first stage with ranks lacking a marker, those ranks and the Slurm log of the
 * first of them; the stages after it are listed as not run (their jobs were cancelled).
 */
export async function verifyMarkers(submission: SlurmSubmission): Promise<void> {
  const { logs } = submission.run;
  const problems: string[] = [];
  for (const stage of submission.stages) {
    const done = await markedRanks(logs, stage.name);
    const missing: number[] = [];
    for (let rank = 0; rank < stage.tasks; rank++) if (!done.has(rank)) missing.push(rank);
    if (missing.length === 0) continue;
    if (problems.length > 0) {
      problems.push(`stage ${stage.name} did not run`);
      continue;
    }
    const first = missing[0]!;
    const job = stage.jobs.find((j) => j.id && j.part && j.part.indices.includes(first - j.part.offset));
    const log = job
      ? `read ${taskLogFile(logs, job.id!, first - job.part!.offset)}`
      : `no job of this submission ran it (was its marker ${join(completionsDir(logs, stage.name), pad(first))} removed?)`;
    problems.push(
      `stage ${stage.name}: ${missing.length} of ${stage.tasks} tasks left no completion marker, rank${missing.length > 1 ? "s" : ""} ${arraySpec(missing)}; ${log}`,
    );
  }
  if (problems.length === 0 && submission.merge?.id) {
    const stats = mergedStatsFile(submission.run.output);
    const written = await stat(stats).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    // a stats.json from before this submission does not count (2 s of slack for coarse file times)
    if (written === undefined || written < submission.submittedAt - 2000)
      problems.push(`merge-stats did not write ${stats}; read ${mergeLogFile(logs, submission.merge.id)}`);
  }
  if (problems.length > 0) throw new OutputError(join(logs, "completions"), `the Slurm run did not complete: ${problems.join("; ")}`);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
