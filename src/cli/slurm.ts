// corpuskit slurm submit | k8s manifest: a pipeline config on many machines. The plan (stages and
// tasks) comes from planRun; each task is `corpuskit run CONFIG --stage S --rank R --world-size N`,
// run by a Slurm job array or a Kubernetes Indexed Job, and leaves a completion marker.
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../errors.js";
import { kubernetesJobs } from "../run/cluster/kubernetes-job.js";
import { emitPlanNotes, planRun } from "../run/run-plan.js";
import { printNote } from "./output.js";
import { openLogs } from "../run/task-log.js";
import { mergedStatsFile, shellQuote } from "../run/cluster/slurm-script.js";
import { slurmJobs, submitSlurm, waitForSlurm, type SlurmJob, type SlurmSubmission } from "../run/cluster/slurm-submit.js";
import { intOption, numberOption } from "./parse.js";

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** KEY=VALUE pairs from a repeatable option. */
function envPairs(values: string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of values) {
    const at = item.indexOf("=");
    if (at <= 0) throw new ConfigError("--env", `expected KEY=VALUE, got ${JSON.stringify(item)}`);
    env[item.slice(0, at)] = item.slice(at + 1);
  }
  return env;
}

export function registerSlurm(program: Command): void {
  const slurm = program.command("slurm").description("run a pipeline config on a Slurm cluster: one job array per stage, chained with afterok");

  slurm
    .command("submit")
    .description("submit every stage of a config as job arrays; finished tasks (completion markers) are skipped, so submitting again resumes")
    .argument("<config>", "pipeline config file (.yaml, .yml or .json)")
    .option("--tasks <n>", "tasks per stage (default: the config's tasks)", intOption)
    .option("-o, --output <dir>", "write here instead of the config's output folder")
    .option("--partition <name>", "Slurm partition (default: the cluster's default)")
    .option("--cpus-per-task <n>", "CPUs of each task, also its worker threads", intOption)
    .option("--mem <size>", 'memory of each task, e.g. "4G"')
    .option("--time <limit>", 'time limit of each task, e.g. "2:00:00"')
    .option("--sbatch-arg <option>", 'another #SBATCH option, e.g. "--account=lm" (repeatable)', collect)
    .option("--env <key=value>", "an environment variable for the tasks (repeatable)", collect)
    .option("--max-array-size <n>", "the cluster's MaxArraySize: larger stages are split", intOption)
    .option("--max-parallel <n>", "at most this many tasks of a stage at once", intOption)
    .option("--command <shell>", "how tasks call corpuskit (default: this corpuskit, by absolute paths)")
    .option("--wait", "wait for the jobs, then check that every task left its completion marker")
    .option("--poll <seconds>", "with --wait: seconds between two squeue calls", numberOption)
    .option("--dry-run", "print the scripts and the sbatch commands; write and submit nothing")
    .option("--json", "print the submission as JSON")
    .action(async (config: string, opts: Record<string, unknown>) => {
      // absolute, so the tasks and merge-stats (run elsewhere, later) find the same folders
      const output = opts.output ? resolve(String(opts.output)) : undefined;
      const plan = await planRun(config, { output, worldSize: opts.tasks as number | undefined });
      emitPlanNotes(plan, printNote);
      const options = {
        ...(opts.partition ? { partition: String(opts.partition) } : {}),
        ...(opts.cpusPerTask ? { cpusPerTask: Number(opts.cpusPerTask) } : {}),
        ...(opts.mem ? { mem: String(opts.mem) } : {}),
        ...(opts.time ? { time: String(opts.time) } : {}),
        ...(opts.maxArraySize ? { maxArraySize: Number(opts.maxArraySize) } : {}),
        ...(opts.maxParallel ? { maxParallel: Number(opts.maxParallel) } : {}),
        ...(opts.command ? { command: String(opts.command) } : {}),
        ...(output ? { output } : {}),
        sbatchArgs: (opts.sbatchArg as string[] | undefined) ?? [],
        env: envPairs(opts.env as string[] | undefined),
      };
      if (opts.dryRun) {
        process.stdout.write(dryRun(await slurmJobs(plan, config, options)));
        return;
      }
      // claims the logs folder for this config now, rather than every task failing on a folder
      // that holds another config's run
      await openLogs(plan);
      const submission = await submitSlurm(plan, config, options);
      if (opts.json) process.stdout.write(`${JSON.stringify(summary(submission), null, 2)}\n`);
      else process.stdout.write(describe(submission));
      if (!opts.wait) return;
      let shown = "";
      await waitForSlurm(submission, {
        ...(opts.poll ? { pollSeconds: Number(opts.poll) } : {}),
        onStatus: (lines) => {
          const status = queueSummary(submission, lines);
          if (status !== shown) process.stderr.write(`slurm: ${status}\n`);
          shown = status;
        },
      });
      if (!opts.json)
        process.stdout.write(`done: every task has its completion marker${submission.merge ? `; stats: ${mergedStatsFile(submission.run.output)}` : ""}\n`);
    });

  const k8s = program.command("k8s").description("run a pipeline config on Kubernetes: one Indexed Job per stage");
  k8s
    .command("manifest")
    .description("print the Jobs (YAML) of every stage, with the loop that applies them in order on top")
    .argument("<config>", "pipeline config file; read here for its stages, and passed to the pods as given (or --config-path)")
    .requiredOption("--image <image>", "container image with corpuskit installed")
    .option("--tasks <n>", "tasks per stage (default: the config's tasks)", intOption)
    .option("-o, --output <dir>", "the output folder inside the pods, instead of the config's")
    .option("--config-path <path>", "the config's path inside the pods (default: as given)")
    .option("--namespace <ns>", "namespace of the Jobs")
    .option("--name <prefix>", "Job name prefix (Jobs are PREFIX-STAGE)")
    .option("--parallelism <n>", "pods of a stage at once (default: all its tasks)", intOption)
    .option("--cpu <cpu>", 'CPU request of each pod, e.g. "2" or "500m"')
    .option("--memory <size>", 'memory request and limit of each pod, e.g. "4Gi"')
    .option("--claim <pvc>", "PersistentVolumeClaim with the config, inputs and output")
    .option("--mount-path <dir>", "where the claim is mounted", "/data")
    .option("--secret <name>", "Secret whose keys become the pods' environment (AWS_* credentials and endpoint for s3:// locations)")
    .option("--working-dir <dir>", "the pods' working directory")
    .option("--env <key=value>", "an environment variable of the pods (repeatable)", collect)
    .option("--command <words>", 'how the container calls corpuskit, e.g. "node /app/dist/cli/bin.js"')
    .action(async (config: string, opts: Record<string, unknown>) => {
      const plan = await planRun(config, { output: opts.output as string | undefined, worldSize: opts.tasks as number | undefined });
      emitPlanNotes(plan, printNote);
      const yaml = kubernetesJobs(plan, String(opts.configPath ?? config), {
        image: String(opts.image),
        ...(opts.namespace ? { namespace: String(opts.namespace) } : {}),
        ...(opts.name ? { name: String(opts.name) } : {}),
        ...(opts.parallelism ? { parallelism: Number(opts.parallelism) } : {}),
        ...(opts.cpu ? { cpu: String(opts.cpu) } : {}),
        ...(opts.memory ? { memory: String(opts.memory) } : {}),
        ...(opts.claim ? { volume: { claim: String(opts.claim), mountPath: String(opts.mountPath) } } : {}),
        ...(opts.workingDir ? { workingDir: String(opts.workingDir) } : {}),
        ...(opts.command ? { command: String(opts.command).trim().split(/\s+/) } : {}),
        ...(opts.output ? { output: String(opts.output) } : {}),
        ...(opts.secret ? { secret: String(opts.secret) } : {}),
        env: envPairs(opts.env as string[] | undefined),
      });
      process.stdout.write(yaml);
    });
}

function describe(submission: SlurmSubmission): string {
  const lines = submission.stages.map((stage) => {
    if (stage.jobs.length === 0) return `${stage.name}: all ${stage.tasks} tasks done, skipped`;
    const jobs = stage.jobs.map((job) => `job ${job.id} (--array=${arrayOf(job)})`).join(", ");
    const after = stage.jobs[0]!.after!.length > 0 ? ` after ${stage.jobs[0]!.after!.join(", ")}` : "";
    return `${stage.name}: ${jobs}${after}${stage.done > 0 ? `, ${stage.done} tasks done before` : ""}`;
  });
  if (submission.merge)
    lines.push(`merge-stats: job ${submission.merge.id}${submission.merge.after!.length > 0 ? ` after ${submission.merge.after!.join(", ")}` : ""}`);
  lines.push(`scripts and logs: ${join(submission.run.logs, "slurm")}`);
  return `${lines.join("\n")}\n`;
}

/** squeue's lines as tasks per stage and state: "process 2 RUNNING, 2 PENDING (Resources); finish 4 PENDING (Dependency)". */
export function queueSummary(submission: SlurmSubmission, lines: string[]): string {
  const stageOf = new Map<string, string>();
  for (const stage of submission.stages) for (const job of stage.jobs) if (job.id) stageOf.set(job.id, stage.name);
  if (submission.merge?.id) stageOf.set(submission.merge.id, "merge-stats");
  const counts = new Map<string, Map<string, number>>();
  for (const line of lines) {
    const [id = "", state = "", reason = ""] = line.split(/\s+/);
    const [job = "", tasks] = id.split("_");
    const stage = stageOf.get(job) ?? `job ${job}`;
    const key = state === "PENDING" && reason !== "None" ? `${state} (${reason})` : state;
    const byState = counts.get(stage) ?? new Map<string, number>();
    byState.set(key, (byState.get(key) ?? 0) + taskCount(tasks));
    counts.set(stage, byState);
  }
  return [...counts].map(([stage, byState]) => `${stage} ${[...byState].map(([state, n]) => `${n} ${state}`).join(", ")}`).join("; ");
}

/** Tasks in squeue's array suffix: "3" is one, "[0-3,5%2]" five; none (not an array) one. */
function taskCount(tasks: string | undefined): number {
  if (!tasks?.startsWith("[")) return 1;
  return tasks
    .slice(1, -1)
    .replace(/%\d+$/, "")
    .split(",")
    .reduce((sum, run) => {
      const [from, to] = run.split("-").map(Number);
      return sum + (to === undefined ? 1 : to! - from! + 1);
    }, 0);
}

const arrayOf = (job: SlurmJob) => /^#SBATCH --array=(\S+)$/m.exec(job.script)?.[1] ?? "";

function summary(submission: SlurmSubmission): Record<string, unknown> {
  return {
    output: submission.run.output,
    logs: submission.run.logs,
    stages: submission.stages.map((stage) => ({
      name: stage.name,
      tasks: stage.tasks,
      done: stage.done,
      jobs: stage.jobs.map((job) => ({ id: job.id, array: arrayOf(job), script: job.path, after: job.after })),
    })),
    ...(submission.merge ? { merge: { id: submission.merge.id, script: submission.merge.path, after: submission.merge.after } } : {}),
  };
}

/** The scripts, then the sbatch commands that would submit them, as shell a user can run. */
function dryRun(jobs: Omit<SlurmSubmission, "submittedAt">): string {
  const out: string[] = [];
  const all = [...jobs.stages.flatMap((stage) => stage.jobs), ...(jobs.merge ? [jobs.merge] : [])];
  for (const job of all) out.push(`# ==> ${job.path} <==`, job.script);
  out.push("# submit (nothing was written or submitted):");
  let previous: string[] = [];
  for (const stage of jobs.stages) {
    if (stage.jobs.length === 0) {
      out.push(`# ${stage.name}: all ${stage.tasks} tasks done, skipped`);
      continue;
    }
    const ids = stage.jobs.map((job, k) => `${stage.name}${stage.jobs.length > 1 ? `_${k}` : ""}`);
    stage.jobs.forEach((job, k) => out.push(`${ids[k]}=$(sbatch --parsable${dependency(previous)} ${shellQuote(job.path)})`));
    previous = ids;
  }
  if (jobs.merge) out.push(`sbatch --parsable${dependency(previous)} ${shellQuote(jobs.merge.path)}`);
  return `${out.join("\n")}\n`;
}

const dependency = (vars: string[]) => (vars.length > 0 ? ` --dependency=afterok:${vars.map((v) => `$${v}`).join(":")}` : "");
