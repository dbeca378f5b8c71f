// writeReport: the report page of a run, written to a file (its folder created if needed).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { OutputError } from "../errors.js";
import type { PipelineStats, PipelineStatsJson } from "../pipeline/stats.js";
import { reportHtml, type ReportOptionsInput } from "./report-html.js";
import { findStatsFile, readStatsFile } from "./stats-file.js";

/** Writes the report of `stats` to `path` and returns the path. */
export async function writeReport(stats: PipelineStats | PipelineStatsJson, path: string, options: ReportOptionsInput = {}): Promise<string> {
  const html = reportHtml(stats, options);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, html);
  } catch (error) {
    throw new OutputError(path, `cannot write the report: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return path;
}

/**
 * The report of a finished run: `dirOrFile` is a command's output folder (its stats.json) or a
 * stats JSON file. Returns the stats file read and the report written.
 */
export async function writeRunReport(dirOrFile: string, path: string, options: ReportOptionsInput = {}): Promise<{ statsFile: string; report: string }> {
  const statsFile = await findStatsFile(dirOrFile);
  const stats = await readStatsFile(statsFile);
  return { statsFile, report: await writeReport(stats, path, { source: statsFile, ...options }) };
}
