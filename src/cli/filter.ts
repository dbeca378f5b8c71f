// corpuskit filter IN... -o OUT: language ID and the heuristic quality filters from the command line.
// The steps' flags, their help and defaults come from the steps' descriptors (schema-flags.ts).
import { join } from "node:path";
import { Option, type Command } from "commander";
import { normalizeStep } from "../clean/normalize.js";
import { c4BadWordsStep } from "../filters/c4-badwords.js";
import { c4QualityStep } from "../filters/c4-quality.js";
import { finewebQualityStep } from "../filters/fineweb-quality.js";
import { fineweb2PresetFields } from "../filters/fineweb2/preset.js";
import { gopherQualityStep } from "../filters/gopher-quality.js";
import { gopherRepetitionStep } from "../filters/gopher-repetition.js";
import { languageStep } from "../filters/language.js";
import { read } from "../io/read.js";
import { ReaderOptions } from "../io/reader-options.js";
import { writeJsonl } from "../io/write-jsonl.js";
import { pipe } from "../pipeline/pipe.js";
import type { StepDescriptor } from "../pipeline/step-descriptor.js";
import type { Step } from "../pipeline/step.js";
import { withProgress } from "../run/progress.js";
import { ConfigError } from "../errors.js";
import { addOverwriteFlag, claimCommandOutput, printNote, reportRun } from "./output.js";
import { fewKeptNote, LanguageTally } from "./notes.js";
import { inputsAndOutput } from "./parse.js";
import { addStepFlags, flagNames, speakingFlags, stepFlagValues } from "./schema-flags.js";

/** The switches that turn steps on, in the order the steps run. */
const SWITCHES: { flag: string; help: string; steps: StepDescriptor[]; extra?: Record<string, unknown> }[] = [
  { flag: "normalize", help: `clean text first: ${normalizeStep.description}`, steps: [normalizeStep] },
  { flag: "gopher", help: "Gopher repetition and quality rules", steps: [gopherRepetitionStep, gopherQualityStep] },
  { flag: "c4", help: c4QualityStep.description, steps: [c4QualityStep] },
  { flag: "badwords", help: `${c4BadWordsStep.description} (per meta.language)`, steps: [c4BadWordsStep], extra: { failOnMissingLanguage: false } },
  { flag: "fineweb", help: finewebQualityStep.description, steps: [finewebQualityStep] },
];
const FLAGGED = [languageStep, ...SWITCHES.flatMap((s) => s.steps)];
// --preset fineweb2: FineWeb-2's three filters in its order (huggingface/fineweb-2
// fineweb-2-pipeline.py: Gopher repetition, FineWeb quality, Gopher quality), each with the
// preset, and the language step's per-language score thresholds from the same configs.
const PRESET_STEPS: StepDescriptor[] = [gopherRepetitionStep, finewebQualityStep, gopherQualityStep];

export function registerFilter(program: Command): void {
  const command = program
    .command("filter")
    .description("language ID and quality filters (Gopher, C4, FineWeb) with datatrove's defaults; dropped documents go to OUT/rejected/<step>")
    .argument("<inputs...>", "files, directories or globs, then the output directory (or give it with -o)")
    .option("-o, --output <dir>", "output directory (default: the last argument)");
  for (const s of SWITCHES) command.option(`--${s.flag}`, s.help);
  command
    .addOption(
      new Option("--preset <name>", `${fineweb2PresetFields.preset.description}; turns on --gopher and --fineweb, in FineWeb-2's order`).choices(
        fineweb2PresetFields.preset.unwrap().options,
      ),
    )
    .option("--fineweb2-configs <dir>", `${fineweb2PresetFields.configs.description}; with --preset fineweb2`);
  for (const descriptor of FLAGGED) addStepFlags(command, descriptor);
  addOverwriteFlag(command)
    .option("--text-field <name>", `${ReaderOptions.shape.textField.description} (default: ${ReaderOptions.shape.textField.def.defaultValue})`)
    .option("--json", "print the summary and stats as JSON")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(
      speakingFlags(FLAGGED, async (args: string[], opts: Record<string, unknown>) => {
        const { inputs, out } = inputsAndOutput(args, opts.output, "corpuskit filter");
        // Gopher's word rules were written for English: watch which languages they drop, unless told to skip them
        const tally = opts.englishOnlyWordRules || opts.preset !== undefined ? undefined : new LanguageTally();
        const build = (descriptor: StepDescriptor, extra: Record<string, unknown> = {}): Step => {
          const options: Record<string, unknown> = { ...extra, ...stepFlagValues(descriptor, opts) };
          const watched = tally && descriptor === gopherQualityStep;
          if ("rejected" in descriptor.options.shape) {
            const rejected = writeJsonl(join(out, "rejected", descriptor.name));
            options.rejected = watched ? tally.rejected(rejected) : rejected;
          }
          const step = descriptor.create(options as never);
          return watched ? tally.around(step) : step;
        };
        if (opts.fineweb2Configs !== undefined && opts.preset === undefined) throw new ConfigError("--fineweb2-configs", "goes with --preset fineweb2");
        const preset =
          opts.preset === undefined ? undefined : { preset: opts.preset, ...(opts.fineweb2Configs !== undefined ? { configs: opts.fineweb2Configs } : {}) };
        const steps: Step[] = [];
        if (opts.normalize) steps.push(build(normalizeStep));
        if (preset) {
          steps.push(build(languageStep, { languageScore: preset.preset, ...(preset.configs ? { configs: preset.configs } : {}) }));
          steps.push(...PRESET_STEPS.map((d) => build(d, preset)));
        } else steps.push(build(languageStep));
        for (const s of SWITCHES.slice(1)) {
          if (!opts[s.flag]) continue;
          steps.push(...s.steps.filter((d) => !(preset && PRESET_STEPS.includes(d))).map((d) => build(d, s.extra)));
        }
        const exclude = await claimCommandOutput("filter", out, inputs, opts);
        const readOptions = {
          ...(opts.textField !== undefined ? { textField: String(opts.textField) } : {}),
          exclude,
          onError: "skip" as const,
          rejected: writeJsonl(join(out, "rejected", "unreadable")),
        };
        const source = withProgress(read(inputs, readOptions), { label: "filter", mode: opts.quiet ? "none" : "auto" });
        const { result, stats } = await pipe(source, ...(steps as [Step]), writeJsonl(out));
        await reportRun(stats, out, Boolean(opts.json), { output: result });
        const few = fewKeptNote(stats.toJSON());
        if (few) printNote(few);
        for (const note of tally?.notes(gopherQualityStep.name, `--${flagNames(gopherQualityStep).englishOnlyWordRules}`) ?? []) printNote(note);
      }),
    );
}
