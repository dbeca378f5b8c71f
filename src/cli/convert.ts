// corpuskit convert IN... --output DIR: any supported input format -> datatrove-shaped JSONL shards.
import type { Command } from "commander";
import { formatNames } from "../io/input-formats.js";
import { read } from "../io/read.js";
import { writeJsonl } from "../io/write-jsonl.js";
import { pipe } from "../pipeline/pipe.js";
import { withProgress } from "../run/progress.js";
import { join } from "node:path";
import { addOverwriteFlag, claimCommandOutput, reportRun } from "./output.js";
import { intOption } from "./parse.js";

export function registerConvert(program: Command): void {
  const command = program
    .command("convert")
    .description("read files in any supported format and write them as JSONL shards")
    .argument("<inputs...>", `files, directories or globs (${formatNames()})`)
    .requiredOption("-o, --output <dir>", "output directory")
    .option("--text-field <name>", "record field holding the text", "text")
    .option("--id-field <name>", "record field holding the id", "id")
    .option("--encoding <label>", 'text encoding of .txt/.csv input ("auto" to detect)')
    .option("--split <mode>", "text files: one document per file, paragraph or line", "file")
    .option("--on-error <mode>", "bad records: fail or skip", "fail")
    .option("--compression <codec>", "output compression: none, gzip or zstd", "gzip")
    .option("--max-docs-per-shard <n>", "documents per output shard", intOption)
    .option("--limit <n>", "stop after this many documents", intOption);
  addOverwriteFlag(command)
    .option("--json", "print the summary and stats as JSON")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(async (inputs: string[], opts: Record<string, unknown>) => {
      const out = String(opts.output);
      const exclude = await claimCommandOutput("convert", out, inputs, opts);
      const source = read(inputs, {
        exclude,
        textField: String(opts.textField),
        idField: String(opts.idField),
        split: opts.split as "file",
        onError: opts.onError as "fail",
        ...(opts.encoding ? { encoding: String(opts.encoding) } : {}),
        ...(opts.limit ? { limit: opts.limit as number } : {}),
        rejected: writeJsonl(join(out, "rejected", "unreadable")),
      });
      const { result, stats } = await pipe(
        withProgress(source, { label: "convert", mode: opts.quiet ? "none" : "auto" }),
        writeJsonl(out, {
          compression: opts.compression as "gzip",
          ...(opts.maxDocsPerShard ? { maxDocsPerShard: opts.maxDocsPerShard as number } : {}),
        }),
      );
      await reportRun(stats, out, Boolean(opts.json), { output: result });
    });
}
