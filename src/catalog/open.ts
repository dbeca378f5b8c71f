// openDataset(): a catalog entry -> its documents. The entry's shard templates are expanded under
// `baseUrl` (the hub, or a mirror) and streamed through the same readers as local files, over HTTP
// with retries, resumes and checksums (src/io/sources/http.ts).
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { parseOptions } from "../options.js";
import { read } from "../io/read.js";
import { HttpOptions } from "../io/sources/http.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { docSource, type DocSource, type StepContext } from "../pipeline/step.js";
import { getDataset } from "./registry.js";
import type { Dataset, FileSet } from "./schema.js";
import { assertRelativePath, expandTemplate } from "./shard-template.js";

export const OpenDatasetOptions = z
  .object({
    subset: z.string().optional().describe("subset/config (default: the first the entry lists)"),
    split: z.string().optional().describe("split (default: train if the entry has it, else the first)"),
    baseUrl: z.string().url().optional().describe("a mirror to read from instead of the catalog's baseUrl"),
    token: z.string().optional().describe("bearer token for gated sets (default $HF_TOKEN)"),
    limit: z.number().int().positive().optional(),
    shards: z
      .union([z.number().int().positive(), z.array(z.number().int().nonnegative())])
      .optional()
      .describe("how many shards from the start, or which shard indices"),
    onError: z.enum(["fail", "skip"]).default("fail"),
    rejected: sinkSchema.optional(),
    sharding: z.enum(["interleaved", "contiguous"]).default("interleaved").describe("how tasks share the shards (see read())"),
    http: HttpOptions.omit({ token: true, checksums: true }).partial().default({}),
    signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal, { message: "expected an AbortSignal" }).optional().describe("stops the downloads"),
  })
  .strict();
export type OpenDatasetOptionsInput = z.input<typeof OpenDatasetOptions>;

/** Which files an openDataset() call reads, resolved from the catalog entry. */
export interface ResolvedFiles {
  dataset: Dataset;
  fileSet: FileSet;
  urls: string[];
}

export function resolveFiles(idOrAlias: string, options: OpenDatasetOptionsInput = {}): ResolvedFiles {
  const config = parseOptions(OpenDatasetOptions, options, "openDataset");
  const dataset = getDataset(idOrAlias);
  const download = dataset.download;
  if (!download) throw new ConfigError(`openDataset(${dataset.id})`, "the catalog has no file layout for this dataset");
  const subsets = [...new Set(download.files.map((f) => f.subset))];
  const subset = config.subset ?? subsets[0];
  const inSubset = download.files.filter((f) => f.subset === subset);
  if (inSubset.length === 0) {
    throw new ConfigError(`openDataset(${dataset.id})`, `no subset "${config.subset}"; the catalog has files for: ${subsets.map((s) => s ?? "(default)").join(", ")}`);
  }
  const splits = inSubset.map((f) => f.split);
  const split = config.split ?? (splits.includes("train") ? "train" : splits[0]);
  const fileSet = inSubset.find((f) => f.split === split);
  if (!fileSet) throw new ConfigError(`openDataset(${dataset.id})`, `no split "${config.split}" in subset "${subset}"; it has: ${splits.join(", ")}`);
  if (!download.available && !config.baseUrl) {
    throw new ConfigError(`openDataset(${dataset.id})`, `the original host no longer serves this dataset${download.note ? ` (${download.note})` : ""}; pass baseUrl to read from a mirror`);
  }
  assertRelativePath(fileSet.path, `openDataset(${dataset.id})`);
  let paths = expandTemplate(fileSet.path);
  if (typeof config.shards === "number") paths = paths.slice(0, config.shards);
  else if (Array.isArray(config.shards)) {
    const all = paths;
    paths = config.shards.map((i) => {
      if (i >= all.length) throw new ConfigError(`openDataset(${dataset.id})`, `shard ${i} does not exist: there are ${all.length}`);
      return all[i]!;
    });
  }
  const base = new URL(config.baseUrl ?? download.baseUrl);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const urls = paths.map((p) => {
    const url = new URL(p, base);
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) throw new ConfigError(`openDataset(${dataset.id})`, `refusing "${p}": it leaves ${base.href}`);
    return url.href;
  });
  return { dataset, fileSet, urls };
}

/**
 * Stream a catalog dataset's documents.
 * @example for await (const doc of openDataset("c4", { subset: "en", split: "validation", limit: 5 })) ...
 */
export function openDataset(idOrAlias: string, options: OpenDatasetOptionsInput = {}): DocSource {
  const config = parseOptions(OpenDatasetOptions, options, "openDataset");
  const { dataset, fileSet, urls } = resolveFiles(idOrAlias, options);
  if (fileSet.compression !== "none" && fileSet.compression !== "gzip" && fileSet.compression !== "zstd" && fileSet.format !== "parquet") {
    throw new ConfigError(`openDataset(${dataset.id})`, `${fileSet.compression}-compressed files cannot be streamed yet`);
  }
  const format = fileSet.format === "wet" || fileSet.format === "warc" ? "warc" : fileSet.format === "tsv" ? "csv" : fileSet.format === "txt" ? "text" : fileSet.format;
  if (!["jsonl", "csv", "parquet", "text", "warc"].includes(format)) {
    throw new ConfigError(`openDataset(${dataset.id})`, `files in "${fileSet.format}" format cannot be read as documents`);
  }
  const checksums: Record<string, string> = {};
  for (const url of urls) {
    const name = url.split("/").pop()!;
    // own keys only: a shard named "constructor" or "toString" must not pick up Object.prototype's
    const sha = fileSet.sha256 && Object.hasOwn(fileSet.sha256, name) ? fileSet.sha256[name] : undefined;
    if (sha) checksums[url] = sha;
  }
  const source = read(urls, {
    format: format as "jsonl",
    compression: fileSet.compression === "snappy" ? "none" : (fileSet.compression as "gzip"),
    textField: fileSet.textField ?? dataset.schema?.textField ?? "text",
    ...(dataset.schema?.idField ? { idField: dataset.schema.idField } : {}),
    ...(config.limit !== undefined ? { limit: config.limit } : {}),
    onError: config.onError,
    sharding: config.sharding,
    ...(config.rejected ? { rejected: config.rejected } : {}),
    http: { ...config.http, ...(config.token ? { token: config.token } : {}), checksums },
  });
  return docSource(`open_${dataset.id.replace(/-/g, "_")}`, (ctx: StepContext) =>
    source.open(config.signal ? { ...ctx, signal: AbortSignal.any([ctx.signal, config.signal]) } : ctx),
  );
}
