// corpuskit filter IN... -o OUT: language ID and the heuristic quality filters from the command line.
import { join } from "node:path";
import type { Command } from "commander";
import { c4BadWords } from "../filters/c4-badwords.js";
import { c4Quality } from "../filters/c4-quality.js";
import { finewebQuality } from "../filters/fineweb-quality.js";
import { gopherQuality } from "../filters/gopher-quality.js";
import { gopherRepetition } from "../filters/gopher-repetition.js";
import { languageFilter } from "../filters/language.js";
import { read } from "../io/read.js";
import { writeJsonl } from "../io/write-jsonl.js";
import { pipe } from "../pipeline/pipe.js";
import { withProgress } from "../run/progress.js";
import type { Step } from "../pipeline/step.js";
import { normalize } from "../clean/normalize.js";
import { reportRun } from "./output.js";
import { inputsAndOutput } from "./parse.js";

export function registerFilter(program: Command): void {
  program
    .command("filter")
    .description("language ID and quality filters (Gopher, C4, FineWeb) with datatrove's defaults; dropped documents go to OUT/rejected/<step>")
    .argument("<inputs...>", "files, directories or globs, then the output directory (or give it with -o)")
    .option("-o, --output <dir>", "output directory (default: the last argument)")
    .option("--lang <codes>", "keep these languages (comma-separated fastText labels, e.g. en,zh); without it, documents are only annotated")
    .option("--lang-threshold <score>", "minimum language score", "0.65")
    .option("--normalize", "clean text first (NFC, line ends, control characters)")
    .option("--gopher", "Gopher repetition and quality rules")
    .option("--c4", "C4 quality rules (rewrites text: removes lines)")
    .option("--badwords", "C4 bad-words lists (per meta.language)")
    .option("--fineweb", "FineWeb quality rules")
    .option("--text-field <name>", "record field holding the text", "text")
    .option("--json", "print the summary and stats as JSON")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(async (args: string[], opts: Record<string, unknown>) => {
      const { inputs, out } = inputsAndOutput(args, opts.output, "corpuskit filter");
      const rejected = (name: string) => ({ rejected: writeJsonl(join(out, "rejected", name)) });
      const steps: Step[] = [];
      if (opts.normalize) steps.push(normalize());
      const languages = opts.lang ? String(opts.lang).split(",").map((s) => s.trim()).filter(Boolean) : undefined;
      steps.push(languageFilter({ ...(languages ? { languages } : {}), threshold: Number(opts.langThreshold), ...rejected("language") }));
      if (opts.gopher) steps.push(gopherRepetition(rejected("gopher_repetition")), gopherQuality(rejected("gopher_quality")));
      if (opts.c4) steps.push(c4Quality(rejected("c4_quality")));
      if (opts.badwords) steps.push(c4BadWords({ failOnMissingLanguage: false, ...rejected("c4_badwords") }));
      if (opts.fineweb) steps.push(finewebQuality(rejected("fineweb_quality")));
      const source = withProgress(read(inputs, { textField: String(opts.textField), onError: "skip", rejected: writeJsonl(join(out, "rejected", "unreadable")) }), { label: "filter", mode: opts.quiet ? "none" : "auto" });
      const { result, stats } = await pipe(source, ...(steps as [Step]), writeJsonl(out));
      await reportRun(stats, out, Boolean(opts.json), { output: result });
    });
}
