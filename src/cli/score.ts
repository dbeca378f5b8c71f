// corpuskit score IN... -o OUT: CCNet perplexity and head/middle/tail buckets per document.
import { join } from "node:path";
import type { Command } from "commander";
import { languageFilter } from "../filters/language.js";
import { read } from "../io/read.js";
import { writeJsonl } from "../io/write-jsonl.js";
import { pipe } from "../pipeline/pipe.js";
import { withProgress } from "../run/progress.js";
import { perplexity } from "../score/perplexity.js";
import { addOverwriteFlag, claimCommandOutput, reportRun } from "./output.js";
import { inputsAndOutput, pairs } from "./parse.js";
import { lmTokenizerFlags } from "./lm.js";

export function registerScore(program: Command): void {
  const command = program
    .command("score")
    .description("CCNet perplexity per document and head/middle/tail buckets (meta.perplexity, meta.bucket); language from meta.language, else fastText")
    .argument("<inputs...>", "files, directories or globs, then the output directory (or give it with -o)")
    .option("-o, --output <dir>", "output directory (default: the last argument)")
    .option("--model <lang=path...>", "an ARPA model per language (repeatable); the bundled en and zh models score the languages not named")
    .option("--no-bundled-models", "score only the languages --model names")
    .option("--cutoffs <lang=path...>", "a cut-off table per language (JSON from `corpuskit lm cutoffs`, or CCNet's cutoff.csv)")
    .option("--mode <mode>", "per-line (CCNet's DocLM) or ccnet-mined (whole document as one sequence)", "per-line")
    .option("--tokenizer <name>", "words (per language) or whitespace (pre-tokenized text)", "words")
    .option("--sentencepiece <model>", "tokenize with this SentencePiece model instead, as CCNet does (needs @agnai/sentencepiece-js)")
    .option("--tokenizer-json <file>", "tokenize into this Hugging Face tokenizer's token strings instead")
    .option("--keep <buckets>", "keep only these buckets (comma-separated: head,middle,tail,all); the others go to OUT/rejected/perplexity")
    .option("--text-field <name>", "record field holding the text", "text");
  addOverwriteFlag(command)
    .option("--json", "print the summary and stats as JSON")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(async (args: string[], opts: Record<string, unknown>) => {
      const { inputs, out } = inputsAndOutput(args, opts.output, "corpuskit score");
      const models = pairs(opts.model, "--model");
      const cutoffs = pairs(opts.cutoffs, "--cutoffs");
      const keep = opts.keep
        ? String(opts.keep)
            .split(",")
            .map((s) => s.trim())
        : undefined;
      const step = perplexity({
        ...(models ? { models } : {}),
        bundled: opts.bundledModels !== false,
        ...(cutoffs ? { cutoffs } : {}),
        mode: String(opts.mode) as "per-line",
        tokenizer: lmTokenizerFlags(opts),
        ...(keep ? { keep: keep as ["head"] } : {}),
        rejected: writeJsonl(join(out, "rejected", "perplexity")),
      });
      const exclude = await claimCommandOutput("score", out, inputs, opts);
      const source = withProgress(
        read(inputs, { textField: String(opts.textField), onError: "skip", exclude, rejected: writeJsonl(join(out, "rejected", "unreadable")) }),
        { label: "score", mode: opts.quiet ? "none" : "auto" },
      );
      const { result, stats } = await pipe(source, languageFilter(), step, writeJsonl(out));
      await reportRun(stats, out, Boolean(opts.json), { output: result });
    });
}
