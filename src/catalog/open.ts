// openDataset(): a catalog entry -> its documents. The entry's file set is found under `baseUrl`: the
// hub or a mirror over HTTP (with retries, resumes and checksums, src/io/sources/http.ts), or a local
// copy in the distributed layout (a directory path or file:// URL). Paths are shard templates
// (`{00000..01023}`) or globs, listed from the local copy or from the hub's tree API.
import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { glob } from "tinyglobby";
import { z } from "zod";
import { ConfigError, InputError } from "../errors.js";
import { parseOptions } from "../options.js";
import { read, type ReadOptionsInput } from "../io/read.js";
import { HttpOptions } from "../io/sources/http.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { docSource, type DocSource, type StepContext } from "../pipeline/step.js";
import { globBase, globRegExp, hubLocation, hubTree, isGlob } from "./hub-tree.js";
import { READABLE, STREAMED } from "./openability.js";
import { getDataset } from "./registry.js";
import type { Dataset, FileSet } from "./schema.js";
import { assertRelativePath, expandTemplate } from "./shard-template.js";

export const OpenDatasetOptions = z
  .object({
    subset: z.string().optional().describe("subset/config (default: the first the entry lists)"),
    split: z.string().optional().describe("split (default: train if the entry has it, else the first)"),
    baseUrl: z.string().min(1).optional().describe("read from a mirror URL, or from a local copy (a directory path or file:// URL) in the distributed layout"),
    token: z.string().optional().describe("bearer token for gated sets (default $HF_TOKEN)"),
    password: z.string().optional().describe("password of encrypted zip archives (MNBVC's raw archives ship with one)"),
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
type OpenConfig = z.output<typeof OpenDatasetOptions>;

/** Which files an openDataset() call reads, resolved from the catalog entry. */
export interface ResolvedFiles {
  dataset: Dataset;
  fileSet: FileSet;
  urls: string[];
}

/** The files of a template file set, as URLs (file:// for a local copy), without touching them. */
export function resolveFiles(idOrAlias: string, options: OpenDatasetOptionsInput = {}): ResolvedFiles {
  const config = parseOptions(OpenDatasetOptions, options, "openDataset");
  const { dataset, fileSet } = selectFileSet(idOrAlias, config);
  const where = `openDataset(${dataset.id})`;
  if (isGlob(fileSet.path)) throw new ConfigError(where, `"${fileSet.path}" is a pattern: its files are listed when the dataset is opened (listFiles())`);
  const base = baseOf(config.baseUrl ?? fileSet.baseUrl ?? dataset.download!.baseUrl);
  return { dataset, fileSet, urls: pick(expandTemplate(fileSet.path), config, where).map((p) => below(base, p, where)) };
}

/** The files an openDataset() call reads: local paths or URLs, with the sha256 the listing gave. */
export interface ListedFiles {
  dataset: Dataset;
  fileSet: FileSet;
  locations: string[];
  checksums: Record<string, string>;
}

export async function listFiles(idOrAlias: string, options: OpenDatasetOptionsInput = {}): Promise<ListedFiles> {
  const config = parseOptions(OpenDatasetOptions, options, "openDataset");
  const { dataset, fileSet } = selectFileSet(idOrAlias, config);
  const where = `openDataset(${dataset.id})`;
  const base = baseOf(config.baseUrl ?? fileSet.baseUrl ?? dataset.download!.baseUrl);
  const local = base.protocol === "file:" ? fileURLToPath(base) : undefined;
  const checksums: Record<string, string> = {};
  let paths: string[];
  if (fileSet.pathsFrom !== undefined) paths = await listedPaths(below(base, fileSet.pathsFrom, where), local, dataset, fileSet, config);
  else if (!isGlob(fileSet.path)) paths = expandTemplate(fileSet.path);
  else if (local !== undefined) {
    // dot: false leaves out .DS_Store; __MACOSX/ holds resource forks, not data
    paths = (await glob(fileSet.path, { cwd: local, onlyFiles: true, dot: false, expandDirectories: false })).filter((p) => !p.split("/").includes("__MACOSX"));
    if (paths.length === 0) throw missing(dataset, fileSet, `${local.replace(/\/$/, "")}/${fileSet.path}`, "no file matches");
  } else {
    const hub = hubLocation(base);
    if (!hub) throw new ConfigError(where, `"${fileSet.path}" is a pattern and ${base.href} cannot be listed: pass a Hugging Face "resolve" URL or a local copy`);
    const from = [hub.prefix.replace(/\/$/, ""), globBase(fileSet.path)].filter(Boolean).join("/");
    const pattern = globRegExp(fileSet.path);
    const listed = await hubTree(hub.origin, hub.repo, hub.revision, from, config.token ?? process.env.HF_TOKEN, config.signal);
    paths = [];
    for (const file of listed) {
      const rel = hub.prefix ? (file.path.startsWith(hub.prefix) ? file.path.slice(hub.prefix.length) : undefined) : file.path;
      if (rel === undefined || !pattern.test(rel) || rel.split("/").some((s) => s.startsWith(".") || s === "__MACOSX")) continue;
      paths.push(rel);
      if (file.sha256) checksums[below(base, rel, where)] = file.sha256;
    }
    if (paths.length === 0) throw missing(dataset, fileSet, `${base.href}${fileSet.path}`, "the hub lists no file that matches");
  }
  // a listing keeps its own order; listed and globbed names are sorted
  paths = pick(fileSet.pathsFrom !== undefined ? paths : paths.sort(), config, where);
  const locations = paths.map((p) => below(base, p, where));
  for (const url of locations) {
    const name = url.split("/").pop()!;
    // own keys only: a shard named "constructor" or "toString" must not pick up Object.prototype's
    const sha = fileSet.sha256 && Object.hasOwn(fileSet.sha256, name) ? fileSet.sha256[name] : undefined;
    if (sha) checksums[url] = sha;
  }
  if (local === undefined) return { dataset, fileSet, locations, checksums };
  const files = locations.map((u) => fileURLToPath(u));
  for (const file of files) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw missing(dataset, fileSet, file, "missing");
  }
  return { dataset, fileSet, locations: files, checksums };
}

/**
 * Stream a catalog dataset's documents.
 * @example for await (const doc of openDataset("c4", { subset: "en", split: "validation", limit: 5 })) ...
 * @example openDataset("pushshift-reddit", { subset: "comments", baseUrl: "/data/reddit" })
 */
export function openDataset(idOrAlias: string, options: OpenDatasetOptionsInput = {}): DocSource {
  const config = parseOptions(OpenDatasetOptions, options, "openDataset");
  const { dataset, fileSet } = selectFileSet(idOrAlias, config);
  const readOptions = readerOptions(dataset, fileSet, config);
  return docSource(`open_${dataset.id.replace(/-/g, "_")}`, (ctx: StepContext) => {
    const signal = config.signal ? AbortSignal.any([ctx.signal, config.signal]) : ctx.signal;
    return (async function* () {
      const { locations, checksums } = await listFiles(idOrAlias, options);
      yield* read(locations, { ...readOptions, http: { ...readOptions.http, checksums } }).open({ ...ctx, signal });
    })();
  });
}

// --- internal ---


function selectFileSet(idOrAlias: string, config: OpenConfig): { dataset: Dataset; fileSet: FileSet } {
  const dataset = getDataset(idOrAlias);
  const where = `openDataset(${dataset.id})`;
  const download = dataset.download;
  if (!download) throw new ConfigError(where, "the catalog has no file layout for this dataset");
  const subsets = [...new Set(download.files.map((f) => f.subset))];
  const subset = config.subset ?? subsets[0];
  const inSubset = download.files.filter((f) => f.subset === subset);
  if (inSubset.length === 0) {
    throw new ConfigError(where, `no subset "${config.subset}"; the catalog has files for: ${subsets.map((s) => s ?? "(default)").join(", ")}`);
  }
  const splits = inSubset.map((f) => f.split);
  const split = config.split ?? (splits.includes("train") ? "train" : splits[0]);
  const fileSet = inSubset.find((f) => f.split === split);
  if (!fileSet) throw new ConfigError(where, `no split "${config.split}" in subset "${subset}"; it has: ${splits.join(", ")}`);
  const available = fileSet.available ?? download.available;
  const howToGet = fileSet.howToGet ?? download.howToGet;
  if (!available && !config.baseUrl) {
    throw new ConfigError(
      where,
      `these files are not served over plain HTTP${download.note ? ` (${download.note})` : ""}${howToGet ? `. How to get them: ${howToGet}` : ""}; then pass baseUrl: the folder of your copy, or a mirror`,
    );
  }
  if (!READABLE.has(fileSet.format)) throw new ConfigError(where, `files in "${fileSet.format}" format cannot be read as documents${howToGet ? `: ${howToGet}` : ""}`);
  if (!STREAMED.has(fileSet.compression) && fileSet.format !== "parquet") {
    throw new ConfigError(
      where,
      `${fileSet.compression} files (${fileSet.path}) cannot be streamed yet: unpack them (${UNPACK[fileSet.compression] ?? "with the matching tool"}) and read the unpacked copy with read()`,
    );
  }
  assertRelativePath(fileSet.path, where);
  return { dataset, fileSet };
}

const UNPACK: Record<string, string> = { "7z": "7z x" };

/** The catalog's names for codecs, as read() names them (a zip goes by its name: its members each have their own). */
const READER_COMPRESSION: Record<string, "none" | "bzip2"> = { snappy: "none", bz2: "bzip2" };

function readerOptions(dataset: Dataset, fileSet: FileSet, config: OpenConfig): ReadOptionsInput & { http: object } {
  const format = fileSet.format === "wet" || fileSet.format === "warc" ? "warc" : fileSet.format === "tsv" ? "csv" : fileSet.format === "txt" ? "text" : fileSet.format;
  const idField = fileSet.idField ?? dataset.schema?.idField;
  return {
    format: format as "jsonl",
    // a listed set goes by each file's name (MNBVC's crawler/oscar mixes `.jsonl` and `.jsonl.gz`);
    // a template's files are what the catalog says, whatever their names
    compression: isGlob(fileSet.path) || fileSet.compression === "zip" ? "infer" : (READER_COMPRESSION[fileSet.compression] ?? (fileSet.compression as "gzip")),
    ...(config.password !== undefined ? { password: config.password } : {}),
    textField: fileSet.textField ?? dataset.schema?.textField ?? "text",
    ...(idField ? { idField } : {}),
    ...(fileSet.text ? { text: fileSet.text } : {}),
    ...(fileSet.textSplit ? { split: fileSet.textSplit } : {}),
    ...(fileSet.lineJoin !== undefined ? { lineJoin: fileSet.lineJoin } : {}),
    ...(fileSet.gutenbergStrip ? { gutenbergStrip: true } : {}),
    ...(config.limit !== undefined ? { limit: config.limit } : {}),
    onError: config.onError,
    sharding: config.sharding,
    ...(config.rejected ? { rejected: config.rejected } : {}),
    http: { ...config.http, ...(config.token ? { token: config.token } : {}) },
  };
}

/** The base as a URL ending in "/": http(s) and file:// as given, a plain path as a file:// URL. */
function baseOf(baseUrl: string): URL {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl) ? new URL(baseUrl) : new URL(`file://${encodePath(resolvePath(baseUrl))}`);
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

function resolvePath(path: string): string {
  return path.startsWith("/") ? path : `${process.cwd()}/${path}`;
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function below(base: URL, path: string, where: string): string {
  // the path as written: the URL parser's own decoding (%2e%2e, tabs) is what the check below must see
  const url = new URL(path, base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) throw new ConfigError(where, `refusing "${path}": it leaves ${base.href}`);
  return url.href;
}

function pick(paths: string[], config: OpenConfig, where: string): string[] {
  if (typeof config.shards === "number") return paths.slice(0, config.shards);
  if (!Array.isArray(config.shards)) return paths;
  return config.shards.map((i) => {
    if (i >= paths.length) throw new ConfigError(where, `shard ${i} does not exist: there are ${paths.length}`);
    return paths[i]!;
  });
}

/** The paths a listing file names (Common Crawl's `warc.paths.gz`: one path per line), in its order. */
async function listedPaths(listing: string, local: string | undefined, dataset: Dataset, fileSet: FileSet, config: OpenConfig): Promise<string[]> {
  const file = local !== undefined ? fileURLToPath(listing) : listing;
  if (local !== undefined && !(await stat(file).catch(() => undefined))?.isFile()) throw missing(dataset, fileSet, file, "missing listing");
  const paths: string[] = [];
  const lines = read(file, { format: "text", split: "line", http: { ...config.http, ...(config.token ? { token: config.token } : {}) } });
  for await (const doc of lines) {
    const path = doc.text.trim();
    if (path) paths.push(path);
  }
  return paths;
}

function missing(dataset: Dataset, fileSet: FileSet, expected: string, what: string): InputError {
  const howToGet = fileSet.howToGet ?? dataset.download?.howToGet;
  return new InputError(
    { file: expected },
    `${what}: the local copy of ${dataset.id} should hold ${fileSet.path}${fileSet.subset ? ` (subset ${fileSet.subset})` : ""}${howToGet ? `. How to get it: ${howToGet}` : ""}`,
  );
}
