// corpuskit cat DATASET: a catalog dataset's documents as JSON Lines on stdout.
import type { Command } from "commander";
import { openDataset } from "../catalog/open.js";
import { toJsonLine } from "../io/write-jsonl.js";
import { intOption } from "./parse.js";

export function registerCat(program: Command): void {
  program
    .command("cat")
    .description("print a catalog dataset's documents as JSON Lines, streamed from its files")
    .argument("<dataset>", "id or alias")
    .option("--subset <name>", "subset / config")
    .option("--split <name>", "split (default train)")
    .option("--limit <n>", "stop after n documents", intOption, 10)
    .option("--shards <n>", "read only the first n shards", intOption)
    .option("--base-url <url>", "read from a mirror instead of the catalog's URL")
    .action(async (id: string, opts: { subset?: string; split?: string; limit: number; shards?: number; baseUrl?: string }) => {
      const source = openDataset(id, {
        limit: opts.limit,
        ...(opts.subset ? { subset: opts.subset } : {}),
        ...(opts.split ? { split: opts.split } : {}),
        ...(opts.shards ? { shards: opts.shards } : {}),
        ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
      });
      for await (const doc of source) {
        if (!process.stdout.write(toJsonLine(doc))) await new Promise((r) => process.stdout.once("drain", r));
      }
    });
}
