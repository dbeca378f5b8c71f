// corpuskit demo: the main job on the bundled sample corpus -- read every format, run the steps
// that exist, write JSONL shards, the Stats and their HTML report to out/. `npm start` runs this.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { runDemo } from "../run/demo.js";
import { writeReport } from "../report/write-report.js";
import { addOverwriteFlag, claimCommandOutput, reportRun } from "./output.js";
import { packageRoot } from "./package-info.js";

export function registerDemo(program: Command): void {
  addOverwriteFlag(
    program
      .command("demo")
      .description("run the main job on the bundled sample corpus (examples/data) and write out/")
      .option("-o, --output <dir>", "output directory", "out")
      .option("--data <dir>", "input directory", defaultData()),
  )
    .option("--json", "print the summary and stats as JSON")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(async (opts: { output: string; data: string; json?: boolean; quiet?: boolean; overwrite?: boolean }) => {
      const exclude = await claimCommandOutput("demo", opts.output, [opts.data], opts as Record<string, unknown>);
      const { result, stats, tokens } = await runDemo({ data: opts.data, output: opts.output, quiet: Boolean(opts.quiet), exclude });
      const report = join(opts.output, "report.html");
      await reportRun(stats, opts.output, Boolean(opts.json), { output: result, tokens, report });
      await writeReport(stats, report, { title: "corpuskit demo: the bundled sample corpus", source: join(opts.output, "stats.json") });
      if (!opts.json) {
        process.stdout.write(`output: ${result.documents.toLocaleString("en-US")} documents in ${result.shards.length} shard(s) under ${opts.output}/\n`);
        process.stdout.write(
          `tokens: ${tokens.tokens.toLocaleString("en-US")} cl100k_base tokens (${tokens.dtype}) in ${tokens.shards.map((s) => s.bin).join(", ")}\n`,
        );
        process.stdout.write(`report: ${report}\n`);
      }
    });
}

function defaultData(): string {
  const local = join("examples", "data");
  return existsSync(local) ? local : join(packageRoot(), "examples", "data");
}
