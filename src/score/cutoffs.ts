// Perplexity cut-offs per language and the head/middle/tail split (CCNet's PerplexityBucket):
// head below the 30th percentile of a reference distribution, middle below the 60th, tail above;
// both comparisons strict. CCNet's cutoff.csv holds percentiles 0..99 per language for its own
// models; a model trained here needs its own table, computed by `computeCutoffs` on a sample.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError, InputError } from "../errors.js";

export type Bucket = "head" | "middle" | "tail" | "all";

/** A language's cut-off table: `percentiles[p]` is the p-th percentile of document perplexity. */
export const CutoffTable = z.object({
  language: z.string(),
  percentiles: z.array(z.number()).min(61).describe("percentiles 0..100 (CCNet's table has 0..99)"),
  documents: z.number().int().nonnegative().optional().describe("how many documents the percentiles come from"),
  model: z.string().optional(),
  mode: z.string().optional(),
  tokenizer: z.string().optional(),
  source: z.string().optional().describe("what the sample was"),
});
export type CutoffTable = z.infer<typeof CutoffTable>;

/**
 * Percentiles 0..100 of `values`, by linear interpolation between the closest ranks (numpy's
 * default method; CCNet does not say how its table was made). One decimal, as the perplexities.
 */
export function computePercentiles(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError("computePercentiles: no values");
  const sorted = Float64Array.from(values).sort();
  const out: number[] = [];
  for (let p = 0; p <= 100; p++) {
    const h = ((sorted.length - 1) * p) / 100;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    const v = sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
    out.push(Math.round(v * 10) / 10);
  }
  return out;
}

/** CCNet's rule: strict `<` against the head and tail percentiles; "all" without a table or a perplexity. */
export function bucketOf(perplexity: number | undefined, table: CutoffTable | undefined, head = 30, tail = 60): Bucket {
  if (!table || perplexity === undefined || perplexity < 0) return "all";
  if (perplexity < table.percentiles[head]!) return "head";
  if (perplexity < table.percentiles[tail]!) return "middle";
  return "tail";
}

/**
 * Cut-off tables from a file: our JSON (one table, or an array of them), or CCNet's cutoff.csv
 * (first column the percentile 0..99, one column per language).
 */
export function loadCutoffs(path: string): CutoffTable[] {
  const text = readFileSync(path, "utf8");
  if (/\.csv$/i.test(path)) return parseCcnetCsv(text, path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError({ file: path }, `not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = z.union([CutoffTable, z.array(CutoffTable)]).safeParse(data);
  if (!parsed.success) throw new ConfigError(path, z.prettifyError(parsed.error).replace(/\n/g, "; "), parsed.error.issues);
  return Array.isArray(parsed.data) ? parsed.data : [parsed.data];
}

function parseCcnetCsv(text: string, path: string): CutoffTable[] {
  const rows = text
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(","));
  const header = rows[0]!;
  const tables = header.slice(1).map((language) => ({ language: language.trim(), percentiles: [] as number[], source: path }));
  rows.slice(1).forEach((row, i) => {
    if (row.length !== header.length) throw new InputError({ file: path, line: i + 2 }, `expected ${header.length} columns, got ${row.length}`);
    tables.forEach((t, k) => {
      const v = Number(row[k + 1]);
      if (!Number.isFinite(v)) throw new InputError({ file: path, line: i + 2 }, `not a number in column ${t.language}: ${JSON.stringify(row[k + 1])}`);
      t.percentiles.push(v);
    });
  });
  return tables.map((t) => CutoffTable.parse(t));
}
