// corpuskit run CONFIG: a declarative pipeline (YAML or JSON) from the step table. Without --stage
// and --rank it runs every stage and task here, skipping the tasks a previous run completed; with
// them (or under a Slurm array / Kubernetes Indexed Job) it runs one task, as a scheduler's worker.
import { joinLocation } from "../locations.js";
import type { Command } from "commander";
import { formatStatsTable } from "../pipeline/stats-table.js";
import { runPipeline } from "../run/run-pipeline.js";
import { printNote } from "./output.js";
import { resolveTask } from "../run/task-rank.js";
import { countOption, intOption } from "./parse.js";

interface RunFlags {
  output?: string;
  stage?: string;
  rank?: number;
  worldSize?: number;
  workers?: number;
  quiet?: boolean;
  json?: boolean;
  overwrite?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run a declarative pipeline (YAML or JSON): input, steps by name, output; resumes where a previous run stopped")
    .argument("<config>", "pipeline config file (.yaml, .yml or .json)")
    .option("-o, --output <dir>", "write here instead of the config's output folder")
    .option(
      "--stage <name>",
      "run one stage: process; with minhash_dedup also minhash_buckets, minhash_clusters, finish; with several tasks, exact_merge / line_merge and after_<step> for exact_dedup and line_dedup",
    )
    .option("--rank <r>", "run one task (default: SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX when set, else all)", countOption)
    .option("--world-size <w>", "number of tasks (default: the config's tasks, or SLURM_ARRAY_TASK_COUNT)", intOption)
    .option(
      "--workers <n>",
      "worker threads for the per-document steps, at most the cores; 0 runs them on the main thread (default: the config's, else the cores but one, none on 2 cores or fewer)",
      countOption,
    )
    .option("--overwrite", "clear the output folder (and the run's logs) first; without it, the same config resumes and another config or command is refused")
    .option("-q, --quiet", "no progress lines on stderr")
    .option("--json", "print the summary and stats as JSON")
    .action(async (file: string, flags: RunFlags) => {
      const task = resolveTask({ rank: flags.rank, worldSize: flags.worldSize });
      const { result, stats, plan } = await runPipeline(file, {
        output: flags.output,
        stage: flags.stage,
        rank: task.rank,
        worldSize: task.worldSize,
        workers: flags.workers,
        overwrite: Boolean(flags.overwrite),
        progress: { mode: flags.quiet ? "none" : "auto" },
        onNote: printNote,
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ output: result, stats: stats.toJSON() }, null, 2)}\n`);
        return;
      }
      const done = result.tasks.filter((t) => t.status === "done").length;
      const skipped = result.tasks.length - done;
      const lines = [
        formatStatsTable(stats),
        "",
        `tasks: ${done} run, ${skipped} already complete${result.complete ? "" : " (the run is not complete yet: other tasks remain)"}`,
      ];
      if (result.complete)
        lines.push(`output: ${result.documents.toLocaleString("en-US")} documents in ${result.dir} (stats: ${joinLocation(plan.output, "stats.json")})`);
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
