// How a command that ran a pipeline reports: the Stats table (or JSON with --json) on stdout, and
// stats.json beside the output so runs can be compared and summed; a plan's notes on stderr.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PipelineStats } from "../pipeline/stats.js";
import { formatStatsTable } from "../pipeline/stats-table.js";

export async function reportRun(
  stats: PipelineStats,
  outDir: string,
  json: boolean,
  summary: Record<string, unknown>,
  statsFile = "stats.json",
): Promise<void> {
  const statsPath = join(outDir, statsFile);
  await writeFile(statsPath, `${JSON.stringify(stats.toJSON(), null, 2)}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...summary, stats: stats.toJSON(), statsPath }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${formatStatsTable(stats)}\n\nstats: ${statsPath}\n`);
}

/** How a command shows a run plan's note (run-plan.ts's taskLocalNotes): one line on stderr. */
export function printNote(note: string): void {
  process.stderr.write(`note: ${note}\n`);
}
