// corpuskit report DIR: the HTML report of a finished run, from its stats (DIR/stats.json, which
// every command writes into its output folder, or a stats JSON file named directly).
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { writeRunReport } from "../report/write-report.js";

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("write a self-contained HTML report of a run: funnel, drop reasons, languages, perplexity, samples, time")
    .argument("<dir>", "the run's output folder, or its stats JSON file")
    .option("-o, --output <file>", "where to write the report (default: <dir>/report.html)")
    .option("--title <title>", "the page title")
    .action(async (dir: string, opts: { output?: string; title?: string }) => {
      const isFile = (await stat(dir).catch(() => undefined))?.isFile() ?? false;
      const output = opts.output ?? join(isFile ? dirname(dir) : dir, "report.html");
      const { report } = await writeRunReport(dir, output, opts.title ? { title: opts.title } : {});
      process.stdout.write(`report: ${report}\n`);
    });
}
