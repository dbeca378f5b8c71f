// corpuskit decont index --against gsm8k,mmlu=path -o decont.idx: the benchmark n-gram index that
// every worker of a `decontaminate` step loads (buildDecontIndex).
import type { Command } from "commander";
import { buildDecontIndex, type AgainstInput } from "../clean/decontaminate.js";
import { ConfigError } from "../errors.js";
import { intOption } from "./parse.js";

/** `gsm8k` (a catalog entry), `gsm8k=DIR_OR_URL` (its local copy or mirror) or `name=FILE:field+field` (any JSONL/Parquet). */
export function parseAgainst(item: string): AgainstInput {
  const at = item.indexOf("=");
  if (at < 0) return item;
  const name = item.slice(0, at);
  const rest = item.slice(at + 1);
  if (!name || !rest) throw new ConfigError("--against", `expected ID, ID=DIR or NAME=FILE:field+field, got ${JSON.stringify(item)}`);
  const colon = rest.lastIndexOf(":");
  const fields =
    colon > 1
      ? rest
          .slice(colon + 1)
          .split("+")
          .filter(Boolean)
      : [];
  if (fields.length > 0) return { name, path: rest.slice(0, colon), fields };
  return /\.(jsonl|json|parquet)(\.gz|\.zst)?$/i.test(rest) ? { name, path: rest } : { id: name, baseUrl: rest };
}

export function registerDecont(program: Command): void {
  const decont = program.command("decont").description("benchmark decontamination: build the index the decontaminate step loads");
  decont
    .command("index")
    .description("index the word n-grams of evaluation sets' questions and answers (datatrove's NGramsDecontFilter) into one file")
    .requiredOption(
      "--against <items>",
      "comma-separated: a catalog entry (gsm8k), its local copy (mmlu=data/mmlu/), or any JSONL/Parquet file (mybench=b.jsonl:question+answer)",
    )
    .requiredOption("-o, --output <file>", "the index file to write")
    .option("--n <words>", "words per n-gram (datatrove: 12)", intOption)
    .option("--chinese <how>", "Chinese benchmarks as jieba words or chars")
    .option("--json", "print the summary as JSON")
    .action(async (opts: Record<string, unknown>) => {
      const against = String(opts.against)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .map(parseAgainst);
      const summary = await buildDecontIndex(
        { against, ...(opts.n ? { n: Number(opts.n) } : {}), ...(opts.chinese ? { chinese: opts.chinese as "words" } : {}) },
        String(opts.output),
      );
      if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else process.stdout.write(`${summary.path}: ${summary.ngrams.toLocaleString("en-US")} n-grams, ${summary.bytes.toLocaleString("en-US")} bytes\n`);
    });
}
