// corpuskit dedup exact | lines | minhash: the three deduplication steps from the command line, and
// MinHash's four stages (signatures, buckets, clusters, filter) as separate tasks for corpora that
// do not fit one process: each stage runs by --rank/--world-size and can run on another machine.
import { join } from "node:path";
import type { Command } from "commander";
import { exactDedup } from "../dedup/exact-dedup.js";
import { collectLineHashes } from "../dedup/lines/line-hashes.js";
import { lineDedup } from "../dedup/lines/line-dedup.js";
import { minhashDedup } from "../dedup/minhash/minhash-dedup.js";
import { minhashSignatures, type TaskRecord } from "../dedup/minhash/minhash-signatures.js";
import { minhashBuckets } from "../dedup/minhash/minhash-buckets.js";
import { minhashClusters } from "../dedup/minhash/minhash-clusters.js";
import { minhashFilter } from "../dedup/minhash/minhash-filter.js";
import { read } from "../io/read.js";
import { writeJsonl, type WriteSummary } from "../io/write-jsonl.js";
import { pipe, pipeWith, type PipeResult } from "../pipeline/pipe.js";
import { withProgress } from "../run/progress.js";
import type { Step } from "../pipeline/step.js";
import { ConfigError } from "../errors.js";
import { addOverwriteFlag, claimCommandOutput, reportRun, writeTaskStats } from "./output.js";
import { rankName } from "../run/task-log.js";
import { inputsAndOutput, intOption, numberOption } from "./parse.js";

function common(command: Command, inputsRequired = true): Command {
  const inputs = inputsRequired ? "<inputs...>" : "[inputs...]";
  return addOverwriteFlag(
    command
      .argument(inputs, "files, directories or globs, then the output directory (or give it with -o)")
      .option("-o, --output <dir>", "output directory (default: the last argument)"),
  )
    .option("--text-field <name>", "record field holding the text", "text")
    .option("--json", "print the summary and stats as JSON")
    .option("-q, --quiet", "no progress lines on stderr");
}

async function run(args: string[], opts: Record<string, unknown>, name: string, step: (out: string) => Step, claimed?: string[]): Promise<void> {
  const { inputs, out } = inputsAndOutput(args, opts.output, `corpuskit dedup ${name}`);
  const exclude = claimed ?? (await claimCommandOutput(`dedup ${name}`, out, inputs, opts));
  const source = withProgress(
    read(inputs, { textField: String(opts.textField), onError: "skip", exclude, rejected: writeJsonl(join(out, "rejected", "unreadable")) }),
    {
      label: `dedup ${name}`,
      mode: opts.quiet ? "none" : "auto",
    },
  );
  const { result, stats } = await pipe(source, step(out), writeJsonl(out));
  await reportRun(stats, out, Boolean(opts.json), { output: result });
}

const rejectedIn = (out: string, name: string) => ({ rejected: writeJsonl(join(out, "rejected", name)) });

export function registerDedup(program: Command): void {
  const dedup = program
    .command("dedup")
    .description("exact, line-level (CCNet) and MinHash near-duplicate removal; removed documents go to OUT/rejected/<step>");

  common(dedup.command("exact").description("drop documents whose simplified text (datatrove's simplify_text) was seen before")).action(
    (args: string[], opts: Record<string, unknown>) => run(args, opts, "exact", (out) => exactDedup(rejectedIn(out, "exact_dedup"))),
  );

  common(dedup.command("lines").description("CCNet paragraph dedup: remove repeated lines (SHA-1 of the normalized line)"))
    .option("--keep <which>", "first: later copies go (streaming); none: every copy of a line seen twice goes (CCNet mining, two passes)", "first")
    .option("--min-length <n>", "only lines at least this many characters long", numberOption)
    .option("--bloom-fpr <rate>", "a Bloom filter with this false-positive rate instead of the exact set", numberOption)
    .option("--expected-lines <n>", "lines the Bloom filter is sized for", intOption)
    .action(async (args: string[], opts: Record<string, unknown>) => {
      const keep = String(opts.keep);
      if (keep !== "first" && keep !== "none") throw new ConfigError("--keep", `expected first or none, got ${JSON.stringify(keep)}`);
      const shared = {
        ...(opts.minLength !== undefined ? { minLineLength: Number(opts.minLength) } : {}),
        ...(opts.bloomFpr !== undefined
          ? { bloom: { falsePositiveRate: Number(opts.bloomFpr), expectedLines: Number(opts.expectedLines ?? 10_000_000) } }
          : {}),
      };
      if (keep === "first") return run(args, opts, "lines", (out) => lineDedup({ keep: "first", ...shared, ...rejectedIn(out, "line_dedup") }));
      // keep none: the first pass counts every line of the group, the second removes the repeated ones
      const { inputs, out } = inputsAndOutput(args, opts.output, "corpuskit dedup lines");
      const exclude = await claimCommandOutput("dedup lines", out, inputs, opts);
      const seen = await collectLineHashes(read(inputs, { textField: String(opts.textField), onError: "skip", exclude }), shared);
      return run(args, opts, "lines", (o) => lineDedup({ keep: "none", seen, ...shared, ...rejectedIn(o, "line_dedup") }), exclude);
    });

  // inputs are optional here: the buckets and clusters stages read only the work folder
  common(
    dedup
      .command("minhash")
      .description("MinHash near-duplicates (datatrove's defaults: word 5-grams, 14 bands x 8 rows); in one process, or one stage of the four with --stage"),
    false,
  )
    .option("--mode <mode>", "drop (keep each cluster's first document) or annotate (meta.minhash_cluster)", "drop")
    .option("--bands <n>", "LSH bands", intOption)
    .option("--rows <n>", "hashes per band", intOption)
    .option("--ngrams <n>", "words per shingle", intOption)
    .option("--hash-bits <bits>", "32 or 64", intOption)
    .option("--scheme <name>", "classic or oph (one permutation, densified)")
    .option("--stage <stage>", "signatures | buckets | clusters | filter: one stage of the multi-stage run")
    .option("--work <dir>", "with --stage: the folder the stages share (signatures/, buckets/, clusters/ inside)")
    .option("--rank <r>", "with --stage: this task's rank", "0")
    .option("--world-size <w>", "with --stage: the number of tasks", "1")
    .action(async (args: string[], opts: Record<string, unknown>) => {
      const settings = {
        ...(opts.bands ? { bands: Number(opts.bands) } : {}),
        ...(opts.rows ? { rows: Number(opts.rows) } : {}),
        ...(opts.ngrams ? { nGrams: Number(opts.ngrams) } : {}),
        ...(opts.hashBits ? { hashBits: Number(opts.hashBits) as 64 } : {}),
        ...(opts.scheme ? { scheme: String(opts.scheme) as "classic" } : {}),
      };
      if (!opts.stage) {
        if (args.length === 0) throw new ConfigError("corpuskit dedup minhash", "give the inputs and the output directory");
        const mode = String(opts.mode) as "drop";
        return run(args, opts, "minhash", (out) => minhashDedup({ ...settings, mode, ...rejectedIn(out, "minhash_dedup") }));
      }
      if (!opts.work) throw new ConfigError("--work", "the stages need a shared work folder: --work DIR");
      const work = String(opts.work);
      const rank = Number(opts.rank);
      const worldSize = Number(opts.worldSize);
      if (!Number.isInteger(rank) || !Number.isInteger(worldSize) || rank < 0 || rank >= worldSize)
        throw new ConfigError("--rank", `expected 0 <= rank < world size, got ${opts.rank} of ${opts.worldSize}`);
      const dirs = { signatures: join(work, "signatures"), buckets: join(work, "buckets"), clusters: join(work, "clusters") };
      // contiguous blocks of the sorted files: task order is then file order, and the stages keep the
      // same copies as one process does, whatever the number of tasks
      const readInputs = (inputs: string[]) => read(inputs, { textField: String(opts.textField), sharding: "contiguous" });
      switch (String(opts.stage)) {
        case "signatures": {
          if (args.length === 0) throw new ConfigError("corpuskit dedup minhash --stage signatures", "give the input files");
          // every task reads its share of the sorted input files, as the filter stage will
          const { result, stats } = await (pipeWith(
            { rank, worldSize },
            readInputs(args),
            minhashSignatures({ ...settings, output: dirs.signatures }),
          ) as Promise<PipeResult<TaskRecord>>);
          process.stdout.write(`${JSON.stringify({ stage: "signatures", ...(result as object), stats: stats.toJSON() })}\n`);
          return;
        }
        case "buckets": {
          const summary = await minhashBuckets({ input: dirs.signatures, output: dirs.buckets, rank, worldSize });
          process.stdout.write(`${JSON.stringify({ stage: "buckets", rank, ...summary })}\n`);
          return;
        }
        case "clusters": {
          const summary = await minhashClusters({ input: dirs.buckets, signatures: dirs.signatures, output: dirs.clusters });
          process.stdout.write(`${JSON.stringify({ stage: "clusters", ...summary })}\n`);
          return;
        }
        case "filter": {
          const { inputs, out } = inputsAndOutput(args, opts.output, "corpuskit dedup minhash --stage filter");
          // the world's tasks share the folder: each claims it with the same settings and keeps the others' files
          const exclude = await claimCommandOutput("dedup minhash --stage filter", out, inputs, { ...opts, rank: undefined }, true);
          const prefix = `${rankName(rank)}_`;
          const { result, stats } = await (pipeWith(
            { rank, worldSize },
            read(inputs, { textField: String(opts.textField), sharding: "contiguous", exclude }),
            minhashFilter({ input: dirs.clusters, rejected: writeJsonl(join(out, "rejected", "minhash_dedup"), { prefix }) }),
            writeJsonl(out, { prefix }),
          ) as Promise<PipeResult<WriteSummary>>);
          // the task's stats in the logs; stats.json sums them once every task of the world has its file
          const summed = await writeTaskStats(out, "minhash_filter", rank, worldSize, stats);
          await reportRun(
            summed ?? stats,
            out,
            Boolean(opts.json),
            { output: result },
            summed ? "stats.json" : `.logs/stats/minhash_filter/${prefix.slice(0, -1)}.json`,
            Boolean(summed),
          );
          return;
        }
        default:
          throw new ConfigError("--stage", `expected signatures, buckets, clusters or filter, got ${JSON.stringify(opts.stage)}`);
      }
    });
}
