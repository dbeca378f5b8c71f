// A declarative pipeline (JSON or YAML) -- input, steps by name with their options, output, tasks,
// workers -- validated by zod against the step table, so a bad key is reported with its path
// ("steps.1.minDocWords: expected number"). src/run/run-pipeline.ts runs it. YAML is parsed by the `yaml` package, which
// builds plain data only: a config can never execute code.
import { readFile } from "node:fs/promises";
import { isS3, readTextIfExists } from "../io/storage.js";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { ConfigError, InputError } from "../errors.js";
import { ReadOptions } from "../io/read.js";
import { WriteJsonlOptions } from "../io/write-jsonl.js";
import { STEPS, STEP_NAMES } from "./steps.js";
import { WriteTokensOptions } from "../tokenize/write-tokens.js";

// A config names folders, not sinks: each step's `rejected` option is set from the config's `rejected`.
const stepSchemas = STEP_NAMES.map((name) => {
  const options = STEPS[name].options as z.ZodObject;
  const serializable = "rejected" in options.shape ? options.omit({ rejected: true } as never) : options;
  return serializable.extend({ step: z.literal(name) });
});
export const StepConfig = z.discriminatedUnion("step", stepSchemas as unknown as [z.ZodObject, ...z.ZodObject[]]);

const TokenOutput = WriteTokensOptions.omit({ tokenizer: true }).describe("token files of the documents' `tokens` (a tokenize step must come before)");

export const OutputConfig = WriteJsonlOptions.omit({ prefix: true })
  .extend({
    dir: z.string().min(1),
    documents: z.boolean().default(true).describe("write the documents as JSON Lines shards"),
    tokens: TokenOutput.optional().describe("also write token files, <dir>/tokens/<task>"),
  })
  .strict();

export const PipelineConfig = z
  .object({
    input: z.union([
      z.string(),
      z.array(z.string()).min(1),
      z.object({ paths: z.union([z.string(), z.array(z.string()).min(1)]), options: ReadOptions.omit({ rejected: true, sharding: true }).optional() }).strict(),
      z
        .object({
          dataset: z.string(),
          subset: z.string().optional(),
          split: z.string().optional(),
          baseUrl: z.string().min(1).optional().describe("a mirror URL, or the folder of a local copy (path or file:// URL)"),
          limit: z.number().int().positive().optional(),
          shards: z.number().int().positive().optional(),
        })
        .strict(),
    ]),
    steps: z.array(StepConfig).default([]),
    output: z.union([z.string(), OutputConfig]),
    rejected: z.string().optional().describe("folder for dropped documents: one subfolder per step"),
    tasks: z.number().int().positive().default(1).describe("split the input files into this many tasks (datatrove: tasks); --world-size overrides"),
    workers: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("worker threads for the steps that decide each document alone; 0 runs them on the main thread (default: the CPUs)"),
    logs: z.string().optional().describe("completion markers and per-task stats (default: <output>/.logs)"),
    work: z.string().optional().describe("files the stages exchange (default: <output>/.work)"),
  })
  .strict();
export type PipelineConfigInput = z.input<typeof PipelineConfig>;
export type PipelineConfigOutput = z.output<typeof PipelineConfig>;

/** Parse and validate a config object, or the JSON/YAML file at `path`. */
export async function loadPipelineConfig(configOrPath: PipelineConfigInput | string): Promise<z.output<typeof PipelineConfig>> {
  let raw: unknown = configOrPath;
  let where = "pipeline config";
  if (typeof configOrPath === "string") {
    where = configOrPath;
    let text: string;
    try {
      // a config in the bucket lets Kubernetes pods run with no volume at all
      const read = isS3(configOrPath) ? await readTextIfExists(configOrPath) : await readFile(configOrPath, "utf8");
      if (read === undefined) throw new Error("no such object");
      text = read;
    } catch (error) {
      throw new InputError({ file: configOrPath }, "cannot read the config", { cause: error });
    }
    raw = /\.ya?ml$/i.test(configOrPath) ? parseYamlConfig(text, configOrPath) : parseJsonConfig(text, configOrPath);
  }
  const result = PipelineConfig.safeParse(raw);
  if (!result.success) throw new ConfigError(where, z.prettifyError(result.error).replace(/\n/g, "; "), result.error.issues);
  return result.data;
}

/**
 * YAML as plain data; a tag the core schema does not know (`!!js/function`...) is refused outright.
 * Aliases are capped ("billion laughs": nine anchors of nine aliases each expand to 9^9 nodes): yaml's
 * toJS() throws a bare ReferenceError past maxAliasCount, which becomes a ConfigError here. A real
 * config needs a handful of aliases at most.
 */
const MAX_ALIAS_COUNT = 100;

function parseYamlConfig(text: string, file: string): unknown {
  const doc = parseDocument(text, { logLevel: "silent" });
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === "TAG_RESOLVE_FAILED");
  if (problem) throw new ConfigError(file, `not a plain YAML config: ${problem.message.split("\n")[0]}`);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ConfigError(file, `not a plain YAML config: ${(error as Error).message}`, [], { cause: error });
  }
}

function parseJsonConfig(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, `not valid JSON: ${(error as Error).message}`, [], { cause: error });
  }
}
