// Finding and reading a run's Stats JSON for the report: every command (`npm start`'s demo, filter,
// dedup, `corpuskit run` once its last task is done) leaves them in <output>/stats.json; runs of
// earlier versions left <output>/.logs/stats.json, still read. The file is
// checked against a schema before anything is drawn from it, so a wrong file is named, not drawn.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { InputError } from "../errors.js";
import type { PipelineStatsJson } from "../pipeline/stats.js";

const HistogramSchema = z.object({
  edges: z.array(z.number()),
  counts: z.array(z.number()),
  marks: z.record(z.string(), z.number()).optional(),
});

const SampleSchema = z.object({ id: z.string(), text: z.string(), chars: z.number(), hash: z.number() });

/** The shape PipelineStats.toJSON() writes (extra keys are allowed: newer runs may add some). */
export const PipelineStatsJsonSchema = z.object({
  steps: z.array(
    z.object({
      name: z.string(),
      seconds: z.number(),
      counters: z.record(z.string(), z.number()),
      histograms: z.record(z.string(), HistogramSchema).optional(),
      samples: z.record(z.string(), z.array(SampleSchema)).optional(),
    }),
  ),
  seconds: z.number(),
});

/** The stats file of an output folder (`stats.json`, else an older run's `.logs/stats.json`), or the path itself when it is a file. */
export async function findStatsFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new InputError({ file: path }, "no such file or folder");
  if (info.isFile()) return path;
  for (const candidate of [join(path, "stats.json"), join(path, ".logs", "stats.json")]) {
    if ((await stat(candidate).catch(() => undefined))?.isFile()) return candidate;
  }
  const unfinished = (await stat(join(path, ".logs", "run.json")).catch(() => undefined))?.isFile();
  throw new InputError(
    { file: path },
    unfinished
      ? "the run has not finished: stats.json is written when its last task is done (`corpuskit merge-stats DIR --allow-incomplete` sums the tasks done so far)"
      : "no stats here: expected stats.json, which every corpuskit command writes into its output folder",
  );
}

export async function readStatsFile(file: string): Promise<PipelineStatsJson> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new InputError({ file }, `expected a run's stats as JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseStatsJson(json, file);
}

/** Validates stats from anywhere; `where` names the source in the error. */
export function parseStatsJson(json: unknown, where: string): PipelineStatsJson {
  const result = PipelineStatsJsonSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new InputError({ file: where }, `not a run's stats (${issue.path.join(".") || "top level"}: ${issue.message})`, { cause: result.error });
  }
  return result.data as PipelineStatsJson;
}
