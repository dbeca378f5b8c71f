// corpuskit extract IN... -o OUT: raw web pages (WARC responses, or any record holding HTML) ->
// their main text, optionally behind the URL filter. Flags come from the two steps' descriptors.
import { join } from "node:path";
import type { Command } from "commander";
import { extractStep } from "../extract/extract.js";
import { urlFilterStep } from "../extract/url-filter.js";
import { read } from "../io/read.js";
import { writeJsonl } from "../io/write-jsonl.js";
import { pipe } from "../pipeline/pipe.js";
import type { StepDescriptor } from "../pipeline/step-descriptor.js";
import type { Step } from "../pipeline/step.js";
import { withProgress } from "../run/progress.js";
import { addOverwriteFlag, claimCommandOutput, reportRun } from "./output.js";
import { inputsAndOutput } from "./parse.js";
import { addStepFlags, stepFlagValues, speakingFlags } from "./schema-flags.js";

export function registerExtract(program: Command): void {
  const command = program
    .command("extract")
    .description(
      "web pages (e.g. WARC responses) to their main text, as datatrove's FineWeb pipeline does with trafilatura; dropped pages go to OUT/rejected/<step>",
    )
    .argument("<inputs...>", "files, directories or globs (.warc.gz, or records holding HTML), then the output directory (or give it with -o)")
    .option("-o, --output <dir>", "output directory (default: the last argument)")
    .option("--url-filter", `first: ${urlFilterStep.description}`);
  addStepFlags(command, urlFilterStep);
  addStepFlags(command, extractStep);
  addOverwriteFlag(command)
    .option("--json", "print the summary and stats as JSON")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(
      speakingFlags([urlFilterStep, extractStep], async (args: string[], opts: Record<string, unknown>) => {
        const { inputs, out } = inputsAndOutput(args, opts.output, "corpuskit extract");
        const build = (descriptor: StepDescriptor): Step =>
          descriptor.create({ ...stepFlagValues(descriptor, opts), rejected: writeJsonl(join(out, "rejected", descriptor.name)) } as never);
        const steps: Step[] = [];
        if (opts.urlFilter) steps.push(build(urlFilterStep));
        steps.push(build(extractStep));
        const exclude = await claimCommandOutput("extract", out, inputs, opts);
        const source = withProgress(read(inputs, { onError: "skip", exclude, rejected: writeJsonl(join(out, "rejected", "unreadable")) }), {
          label: "extract",
          mode: opts.quiet ? "none" : "auto",
        });
        const { result, stats } = await pipe(source, ...(steps as [Step]), writeJsonl(out));
        await reportRun(stats, out, Boolean(opts.json), { output: result });
      }),
    );
}
