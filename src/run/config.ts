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

const InputOptions = ReadOptions.omit({ rejected: true, sharding: true });

export const PipelineConfig = z
  .object({
    input: z.union([
      z.string(),
      z.array(z.string()).min(1),
      z.object({ paths: z.union([z.string(), z.array(z.string()).min(1)]), options: InputOptions.optional() }).strict(),
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
  if (!result.success) {
    const lines = result.error.issues.map((issue) => explainIssue(issue, raw));
    throw new ConfigError(where, lines.length === 1 ? lines[0]! : `\n  ${lines.join("\n  ")}`, result.error.issues);
  }
  return result.data;
}

/**
 * One config issue as a line that says where, what was expected and the closest valid name: a key
 * misspelt (`minDocWord` -> minDocWords), a step name (`languge` -> language), an input of none of
 * the accepted shapes.
 */
function explainIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const at = issue.path.map(String).join(".") || "the config";
  if (issue.code === "unrecognized_keys") {
    const valid = keysAt(issue.path, raw);
    return issue.keys
      .map((key) => {
        const close = closest(key, valid);
        return `${at}: unknown key "${key}"${close ? `; did you mean "${close}"?` : ""}${valid.length > 0 ? ` (valid keys: ${valid.join(", ")})` : ""}`;
      })
      .join("\n  ");
  }
  if (issue.code === "invalid_union" && (issue as { discriminator?: string }).discriminator === "step") {
    const given = valueAt(issue.path, raw);
    const close = closest(String(given), STEP_NAMES);
    return `${at}: unknown step ${JSON.stringify(given)}${close ? `; did you mean "${close}"?` : ""} (steps: ${STEP_NAMES.join(", ")})`;
  }
  if (issue.code === "invalid_union" && at === "input") {
    const given = valueAt(issue.path, raw);
    const keys = given !== null && typeof given === "object" && !Array.isArray(given) ? Object.keys(given) : [];
    // an object with `paths` or `dataset` meant that shape: its own issues say what is wrong in it
    const branch = keys.includes("paths") ? 2 : keys.includes("dataset") ? 3 : -1;
    const inner = branch >= 0 ? (issue as { errors?: z.core.$ZodIssue[][] }).errors?.[branch] : undefined;
    if (inner && inner.length > 0) return inner.map((i) => explainIssue({ ...i, path: [...issue.path, ...i.path] }, raw)).join("\n  ");
    const hints = keys
      .map((k) => ({ k, close: closest(k, ["paths", "options", "dataset", "subset", "split", "baseUrl", "limit", "shards"]) }))
      .filter((h) => h.close && h.close !== h.k);
    return `input: expected a path or glob, a list of them, { paths, options } or { dataset, subset, split, ... }${hints.map((h) => `; "${h.k}": did you mean "${h.close}"?`).join("")}`;
  }
  return `${at}: ${issue.message}`;
}

function valueAt(path: readonly PropertyKey[], raw: unknown): unknown {
  let value = raw;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** The keys the schema accepts at `path`: the config's own, a step's options, the output's. */
function keysAt(path: readonly PropertyKey[], raw: unknown): string[] {
  if (path.length === 0) return Object.keys(PipelineConfig.shape);
  if (path[0] === "steps" && path.length === 2) {
    const step = (valueAt(path, raw) as { step?: unknown } | undefined)?.step;
    const schema = stepSchemas.find((s) => (s.shape.step as z.ZodLiteral).value === step);
    return schema ? Object.keys(schema.shape) : [];
  }
  if (path[0] === "output" && path.length === 1) return Object.keys(OutputConfig.shape);
  if (path.join(".") === "input.options") return Object.keys(InputOptions.shape);
  return [];
}

/** The name nearest to `word` within a third of its length in edits, or a name that differs only in case. */
function closest(word: string, names: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = name.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word.toLowerCase(), name.toLowerCase());
    if (d <= Math.max(2, Math.floor(word.length / 3)) && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
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
