// runPipeline(config): a declarative pipeline (JSON or YAML) -- input, steps by name with their
// options, output -- validated by zod against the step table, so a bad key is reported with its
// path ("steps.1.minDocWords: expected number"). YAML is parsed by the `yaml` package, which
// builds plain data only: a config can never execute code.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { openDataset } from "./catalog/open.js";
import { ConfigError, InputError } from "./errors.js";
import { read, ReadOptions } from "./io/read.js";
import { writeJsonl, WriteJsonlOptions, type WriteSummary } from "./io/write-jsonl.js";
import { pipeWith, type PipeResult } from "./pipeline/pipe.js";
import type { DocSource, Step } from "./pipeline/step.js";
import { STEPS, STEP_NAMES, createStep, type StepName } from "./steps.js";

// A config names folders, not sinks: each step's `rejected` option is set from the config's `rejected`.
const stepSchemas = STEP_NAMES.map((name) => {
  const options = STEPS[name].options as z.ZodObject;
  const serializable = "rejected" in options.shape ? options.omit({ rejected: true } as never) : options;
  return serializable.extend({ step: z.literal(name) });
});
export const StepConfig = z.discriminatedUnion("step", stepSchemas as unknown as [z.ZodObject, ...z.ZodObject[]]);

export const PipelineConfig = z
  .object({
    input: z.union([
      z.string(),
      z.array(z.string()).min(1),
      z.object({ paths: z.union([z.string(), z.array(z.string()).min(1)]), options: ReadOptions.omit({ rejected: true }).optional() }).strict(),
      z.object({ dataset: z.string(), subset: z.string().optional(), split: z.string().optional(), baseUrl: z.string().url().optional(), limit: z.number().int().positive().optional(), shards: z.number().int().positive().optional() }).strict(),
    ]),
    steps: z.array(StepConfig).default([]),
    output: z.union([z.string(), WriteJsonlOptions.extend({ dir: z.string() }).strict()]),
    rejected: z.string().optional().describe("folder for dropped documents: one subfolder per step"),
    rank: z.number().int().min(0).default(0),
    worldSize: z.number().int().positive().default(1),
  })
  .strict();
export type PipelineConfigInput = z.input<typeof PipelineConfig>;

/** Parse and validate a config object, or the JSON/YAML file at `path`. */
export async function loadPipelineConfig(configOrPath: PipelineConfigInput | string): Promise<z.output<typeof PipelineConfig>> {
  let raw: unknown = configOrPath;
  let where = "pipeline config";
  if (typeof configOrPath === "string") {
    where = configOrPath;
    let text: string;
    try {
      text = await readFile(configOrPath, "utf8");
    } catch (error) {
      throw new InputError({ file: configOrPath }, "cannot read the config", { cause: error });
    }
    raw = /\.ya?ml$/i.test(configOrPath) ? parseYamlConfig(text, configOrPath) : parseJsonConfig(text, configOrPath);
  }
  const result = PipelineConfig.safeParse(raw);
  if (!result.success) throw new ConfigError(where, z.prettifyError(result.error).replace(/\n/g, "; "), result.error.issues);
  return result.data;
}

/** YAML as plain data; a tag the core schema does not know (`!!js/function`...) is refused outright. */
function parseYamlConfig(text: string, file: string): unknown {
  const doc = parseDocument(text, { logLevel: "silent" });
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === "TAG_RESOLVE_FAILED");
  if (problem) throw new ConfigError(file, `not a plain YAML config: ${problem.message.split("\n")[0]}`);
  return doc.toJS();
}

function parseJsonConfig(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, `not valid JSON: ${(error as Error).message}`, [], { cause: error });
  }
}

/**
 * Run a declarative pipeline.
 * @example await runPipeline("examples/fineweb.yaml")
 */
export async function runPipeline(configOrPath: PipelineConfigInput | string, overrides: { output?: string } = {}): Promise<PipeResult<WriteSummary>> {
  const config = await loadPipelineConfig(configOrPath);
  const output = typeof config.output === "string" ? { dir: config.output } : config.output;
  const outDir = overrides.output ?? output.dir;
  const rejectedDir = config.rejected ?? (overrides.output ? join(overrides.output, "rejected") : undefined);
  const steps: Step[] = config.steps.map((s, i) => {
    const { step, ...options } = s as { step: StepName } & Record<string, unknown>;
    const rejected = rejectedDir ? { rejected: writeJsonl(join(rejectedDir, `${String(i).padStart(2, "0")}_${step}`)) } : {};
    return createStep(step, { ...options, ...rejected });
  });
  const input = config.input;
  const source: DocSource =
    typeof input === "string" || Array.isArray(input)
      ? read(input)
      : "paths" in input
        ? read(input.paths, input.options ?? {})
        : openDataset(input.dataset, { ...(input.subset ? { subset: input.subset } : {}), ...(input.split ? { split: input.split } : {}), ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}), ...(input.limit ? { limit: input.limit } : {}), ...(input.shards ? { shards: input.shards } : {}) });
  const { dir: _dir, ...writeOptions } = output;
  return pipeWith({ rank: config.rank, worldSize: config.worldSize }, source, ...steps, writeJsonl(outDir, writeOptions)) as Promise<PipeResult<WriteSummary>>;
}
