// How a command that ran a pipeline reports: the Stats table (or JSON with --json) on stdout, and
// stats.json beside the output so runs can be compared and summed; a plan's notes on stderr. And
// the output folder every such command claims first (src/run/output-claim.ts). One layout for all:
//   OUT/*.jsonl.gz (demo: OUT/documents/), OUT/rejected/<step>/, OUT/stats.json, OUT/.corpuskit-output.json
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { claimOutput, ownFolders, settingsFingerprint } from "../run/output-claim.js";
import { packageVersion } from "./package-info.js";
import { PipelineStats, type PipelineStatsJson } from "../pipeline/stats.js";
import { rankName } from "../run/task-log.js";
import { formatStatsTable } from "../pipeline/stats-table.js";

export async function reportRun(
  stats: PipelineStats,
  outDir: string,
  json: boolean,
  summary: Record<string, unknown>,
  statsFile = "stats.json",
  write = true,
): Promise<void> {
  const statsPath = join(outDir, statsFile);
  if (write) await writeFile(statsPath, `${JSON.stringify(stats.toJSON(), null, 2)}\n`);
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

/** The flag of every command that writes an output folder. */
export function addOverwriteFlag(command: Command): Command {
  return command.option("--overwrite", "clear the output folder first, when another command or other settings wrote it");
}

// Flags that do not change what a command writes.
const NOT_DECISIVE = ["output", "json", "quiet", "overwrite", "debug", "workers"];

/**
 * Claim the output folder for this command and its settings (refused when another command or other
 * settings wrote it, unless --overwrite; cleared when the same ones did). Returns the folders the
 * reader passes over: the output itself, when it sits in an input directory.
 */
export async function claimCommandOutput(
  command: string,
  out: string,
  inputs: readonly string[],
  opts: Record<string, unknown>,
  resume = false,
): Promise<string[]> {
  await claimOutput(out, {
    command,
    fingerprint: settingsFingerprint(command, inputs, opts, NOT_DECISIVE),
    overwrite: Boolean(opts.overwrite),
    resume,
    inputs,
    flag: "-o",
    version: packageVersion(),
  });
  return ownFolders(out);
}

/**
 * One task's stats of a command run as several tasks (`dedup minhash --stage filter --rank r`):
 * OUT/.logs/stats/<stage>/<rank>.json; once every task of the world has its file, their sum (also
 * written to OUT/stats.json by the caller), else undefined.
 */
export async function writeTaskStats(out: string, stage: string, rank: number, worldSize: number, stats: PipelineStats): Promise<PipelineStats | undefined> {
  const dir = join(out, ".logs", "stats", stage);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${rankName(rank)}.json`), `${JSON.stringify(stats.toJSON(), null, 2)}\n`);
  const sum = new PipelineStats();
  for (let r = 0; r < worldSize; r++) {
    let text: string;
    try {
      text = await readFile(join(dir, `${rankName(r)}.json`), "utf8");
    } catch {
      return undefined;
    }
    sum.merge(PipelineStats.fromJSON(JSON.parse(text) as PipelineStatsJson));
  }
  return sum;
}
