// corpuskit merge-stats OUT: sums the per-task stats of a run (.logs/stats/<stage>/<rank>.json) into
// OUT/stats.json and prints the table -- the last job of a Slurm submission, or by hand after
// running tasks on several machines. Tasks without a completion marker are listed, not guessed.
import { joinLocation } from "../locations.js";
import type { Command } from "commander";
import { InputError } from "../errors.js";
import { formatStatsTable } from "../pipeline/stats-table.js";
import { mergeTaskStats, readLoggedRun, writeFileAtomic } from "../run/task-log.js";

export function registerMergeStats(program: Command): void {
  program
    .command("merge-stats")
    .description("sum the stats of a run's tasks into OUT/stats.json")
    .argument("<dir>", "the run's output folder (or its logs folder)")
    .option("--allow-incomplete", "merge the tasks that finished even if some have not")
    .option("--json", "print the merged stats as JSON")
    .action(async (dir: string, flags: { allowIncomplete?: boolean; json?: boolean }) => {
      const run = await readLoggedRun(dir);
      const merged = await mergeTaskStats(run);
      if (merged.missing.length > 0 && !flags.allowIncomplete) {
        const shown = merged.missing.slice(0, 10).join(", ");
        throw new InputError(
          { file: joinLocation(run.logs, "completions") },
          `${merged.missing.length} task(s) have no completion marker: ${shown}${merged.missing.length > 10 ? ", ..." : ""} (rerun them, or pass --allow-incomplete)`,
        );
      }
      const statsPath = joinLocation(run.output, "stats.json");
      await writeFileAtomic(statsPath, `${JSON.stringify(merged.stats.toJSON(), null, 2)}\n`);
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ documents: merged.documents, outputs: merged.outputs, missing: merged.missing, stats: merged.stats.toJSON(), statsPath }, null, 2)}\n`,
        );
        return;
      }
      process.stdout.write(
        `${formatStatsTable(merged.stats)}\n\n${merged.documents.toLocaleString("en-US")} documents in ${merged.outputs.length} files; stats: ${statsPath}\n`,
      );
    });
}
