// Benchmark decontamination: drop (or annotate) documents that share a word n-gram with an
// evaluation set, as datatrove's NGramsDecontFilter does (src/datatrove/pipeline/decont/n_grams.py
// @ a649de79; the n-gram rules are in ngram-index.ts). The benchmarks come from the catalog
// (openDataset), from a local copy of a catalog entry, or from any JSONL/Parquet file; their n-grams
// are indexed once into a file (buildDecontIndex) that every worker loads.
//
// Where datatrove and this step differ, on purpose:
// - queryNgrams is on by default: a benchmark question copied without its answer is contamination
//   too (datatrove's find_query_ngrams defaults to False; set queryNgrams: false for its behaviour).
// - a document is cut the way each benchmark was: spaCy's English rules for spaced languages, jieba
//   words (or characters) for Chinese ones, so one index serves MMLU and C-Eval together; datatrove
//   uses one tokenizer per filter.
import { z } from "zod";
import type { Doc } from "../doc.js";
import { ConfigError } from "../errors.js";
import { getDataset } from "../catalog/registry.js";
import { fileURLToPath, pathToFileURL } from "node:url";
import { openDataset, resolveFiles } from "../catalog/open.js";
import { read } from "../io/read.js";
import { parseOptions } from "../options.js";
import { filter } from "../pipeline/filter.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { defineStep } from "../pipeline/step-descriptor.js";
import type { Step } from "../pipeline/step.js";
import { hasHan, ngramHashes, tokensOf, type Tokenization } from "./ngram-hashes.js";
import { DecontIndex, DecontIndexBuilder, type BenchmarkItem } from "./ngram-index.js";
import { simplifyNotingWide } from "./simplify-for-ngrams.js";

// --- what to index ---

const FieldList = z.array(z.string().min(1)).min(1);

const CatalogAgainst = z
  .object({
    id: z.string().min(1).describe("catalog evaluation entry id or alias (gsm8k, mmlu, c-eval...)"),
    baseUrl: z.string().min(1).optional().describe("a local copy or mirror to read the entry's files from (a URL, or a folder path)"),
    subset: z.string().optional().describe("subset/config (default: the first the entry lists)"),
    splits: z.array(z.string()).optional().describe("splits to index (default: test if the entry has it, else every split)"),
    fields: FieldList.optional().describe("record fields of one item: the query fields, then the answer field last (default: the entry's own mapping)"),
    language: z.string().optional().describe("the benchmark's language (default: the entry's first)"),
  })
  .strict();

const FileAgainst = z
  .object({
    name: z.string().min(1).describe("the benchmark's name in meta.contaminated_by and Stats"),
    path: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe("JSONL or Parquet file(s), folders or globs"),
    fields: FieldList.optional().describe(
      "record fields of one item: the query fields, then the answer field last (may be left out when name is gsm8k, mmlu or c-eval: their published columns)",
    ),
    language: z
      .string()
      .optional()
      .describe("the benchmark's language: zh is cut into jieba words or characters (default: the catalog entry's when name is one, else en)"),
  })
  .strict();

export const Against = z.union([z.string().min(1), CatalogAgainst, FileAgainst]);
export type AgainstInput = z.input<typeof Against>;

export const DecontIndexOptions = z
  .object({
    against: z
      .array(Against)
      .min(1)
      .describe('benchmarks: catalog ids ("gsm8k"), { id, baseUrl } for a local copy, or { name, path, fields } for any JSONL/Parquet file'),
    n: z.number().int().min(1).max(64).default(12).describe("words per n-gram (datatrove's n_grams)"),
    queryNgrams: z
      .boolean()
      .default(true)
      .describe("index the n-grams of the question alone too (datatrove's find_query_ngrams, which defaults to false there)"),
    overlapNgrams: z.boolean().default(true).describe("index the n-grams that straddle question and answer (datatrove's find_overlap_ngrams)"),
    chinese: z.enum(["words", "chars"]).default("words").describe("Chinese benchmarks: jieba words (datatrove's tokenizer) or single characters"),
  })
  .strict();
export type DecontIndexOptionsInput = z.input<typeof DecontIndexOptions>;

/** How a catalog entry's record becomes query and answer, where its fields need more than a list. */
type ItemMapper = (record: Record<string, unknown>) => { query: string; answer: string };

const CATALOG_ITEMS: Record<string, ItemMapper> = {
  // GSM8K: the problem, then the worked solution ending in "#### <answer>"
  gsm8k: (r) => ({ query: str(r.question), answer: str(r.answer) }),
  // MMLU (cais/mmlu): the question and its four choices; the gold is the text of the right choice
  mmlu: (r) => {
    const choices = Array.isArray(r.choices) ? r.choices.map(str) : [];
    const k = typeof r.answer === "number" ? r.answer : "ABCD".indexOf(str(r.answer));
    return { query: [str(r.question), ...choices].join("\n"), answer: choices[k] ?? "" };
  },
  // C-Eval: the question and options A-D; the gold is the right option's text and the explanation
  "c-eval": (r) => {
    const options = ["A", "B", "C", "D"].map((k) => str(r[k]));
    const k = "ABCD".indexOf(str(r.answer).trim());
    return { query: [str(r.question), ...options].join("\n"), answer: [k >= 0 ? options[k]! : "", str(r.explanation)].filter(Boolean).join("\n") };
  },
};

function str(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(str).join("\n");
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}

function byFields(fields: readonly string[]): ItemMapper {
  return (r) => ({
    query: fields
      .slice(0, -1)
      .map((f) => str(r[f]))
      .filter(Boolean)
      .join("\n"),
    answer: str(r[fields[fields.length - 1]!]),
  });
}

function tokenizationFor(language: string, chinese: "words" | "chars"): Tokenization {
  const base = language.toLowerCase().split(/[-_]/)[0]!;
  if (base === "zh" || base === "cmn" || base === "yue") return chinese === "words" ? "zh-words" : "zh-chars";
  return "spaced";
}

interface ResolvedBenchmark {
  name: string;
  language: string;
  source: string;
  items: () => AsyncIterable<BenchmarkItem>;
}

function resolveAgainst(entry: z.output<typeof Against>): ResolvedBenchmark {
  if (typeof entry === "string") return resolveAgainst(parseOptions(CatalogAgainst, { id: entry }, "decontaminate.against"));
  if ("path" in entry) {
    // a local file of a benchmark the catalog knows (cais/mmlu's or ceval-exam's Parquet files,
    // which the catalog cannot stream) takes that benchmark's columns unless fields says otherwise
    const known = tryDataset(entry.name);
    const mapper = entry.fields ? byFields(entry.fields) : known ? CATALOG_ITEMS[known.id] : undefined;
    if (!mapper) throw new ConfigError("decontaminate", `against "${entry.name}": give fields (the query fields, then the answer field)`);
    const textField = entry.fields?.[0] ?? known?.schema?.textField ?? "question";
    return {
      name: entry.name,
      language: entry.language ?? known?.languages?.[0] ?? "en",
      source: Array.isArray(entry.path) ? entry.path.join(",") : (entry.path as string),
      items: () => records(read(entry.path, { textField }), textField, mapper),
    };
  }
  const dataset = getDataset(entry.id);
  const mapper = entry.fields ? byFields(entry.fields) : CATALOG_ITEMS[dataset.id];
  if (!mapper) throw new ConfigError("decontaminate", `the catalog has no item mapping for "${dataset.id}": give fields (query fields, then the answer field)`);
  const files = dataset.download?.files ?? [];
  const subset = entry.subset ?? files[0]?.subset;
  const inSubset = files.filter((f) => f.subset === subset);
  const splits = entry.splits ?? (inSubset.some((f) => f.split === "test") ? ["test"] : inSubset.map((f) => f.split));
  const textField = dataset.schema?.textField ?? "text";
  const local = entry.baseUrl !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(entry.baseUrl);
  const baseUrl = local ? pathToFileURL(entry.baseUrl!.endsWith("/") ? entry.baseUrl! : `${entry.baseUrl}/`).href : entry.baseUrl;
  const open = (split: string | undefined): AsyncIterable<Doc> => {
    const where = { ...(subset ? { subset } : {}), ...(split ? { split } : {}), ...(baseUrl ? { baseUrl } : {}) };
    if (!local) return openDataset(dataset.id, where);
    // a local copy: the same files the catalog names, read from disk
    const { urls, fileSet } = resolveFiles(dataset.id, where);
    if (fileSet.format !== "jsonl" && fileSet.format !== "parquet" && fileSet.format !== "csv") {
      throw new ConfigError(
        "decontaminate",
        `"${dataset.id}" is published as ${fileSet.format}, which cannot be read as items; convert it to JSONL and use { name, path, fields }`,
      );
    }
    return read(
      urls.map((u) => fileURLToPath(u)),
      { format: fileSet.format, textField, ...(dataset.schema?.idField ? { idField: dataset.schema.idField } : {}) },
    );
  };
  return {
    name: dataset.id,
    language: entry.language ?? dataset.languages?.[0] ?? "en",
    source: `catalog:${dataset.id}${entry.baseUrl ? ` from ${entry.baseUrl}` : ""} (${splits.map((s) => s ?? "default").join(", ")})`,
    items: async function* () {
      for (const split of splits) {
        for await (const item of records(open(split), textField, mapper)) yield { ...item, id: split ? `${split}/${item.id}` : item.id };
      }
    },
  };
}

function tryDataset(name: string) {
  try {
    const dataset = getDataset(name);
    return CATALOG_ITEMS[dataset.id] ? dataset : undefined;
  } catch {
    return undefined;
  }
}

async function* records(docs: AsyncIterable<Doc>, textField: string, mapper: ItemMapper): AsyncIterable<BenchmarkItem> {
  for await (const doc of docs) {
    const { query, answer } = mapper({ ...doc.meta, [textField]: doc.text });
    // the file name, not the whole path of wherever the copy sits
    yield { id: doc.id.replace(/^.*[\\/]/, ""), query, answer };
  }
}

/** Reads every benchmark named in `against` and indexes its items' n-grams (in memory). */
export async function buildDecontIndexInMemory(options: DecontIndexOptionsInput): Promise<DecontIndex> {
  const o = parseOptions(DecontIndexOptions, options, "buildDecontIndex");
  const builder = new DecontIndexBuilder({ n: o.n, queryNgrams: o.queryNgrams, overlapNgrams: o.overlapNgrams });
  for (const entry of o.against) {
    const bench = resolveAgainst(entry);
    builder.beginBenchmark(bench.name, tokenizationFor(bench.language, o.chinese), bench.source);
    for await (const item of bench.items()) builder.add(item);
  }
  return builder.finish();
}

export interface DecontIndexSummary {
  path: string;
  ngrams: number;
  bytes: number;
  benchmarks: { name: string; items: number; ngrams: number; tokenization: Tokenization; source: string }[];
}

/**
 * Build the index file that `decontaminate({ index })` loads (`corpuskit decont index`).
 * @example await buildDecontIndex({ against: ["gsm8k", { id: "mmlu", baseUrl: "data/mmlu/" }] }, "decont.idx")
 */
export async function buildDecontIndex(options: DecontIndexOptionsInput, output: string): Promise<DecontIndexSummary> {
  const index = await buildDecontIndexInMemory(options);
  const buf = index.toBuffer();
  const { writeFile } = await import("node:fs/promises");
  await writeFile(output, buf);
  return { path: output, ngrams: index.size, bytes: buf.length, benchmarks: index.header.benchmarks };
}

// --- the step ---

export const DecontaminateOptions = z
  .object({
    index: z.string().min(1).optional().describe("index file from buildDecontIndex / `corpuskit decont index` (loaded once per worker)"),
    against: z
      .array(Against)
      .min(1)
      .optional()
      .describe("benchmarks to index at start-up instead of a file (each worker builds its own: prefer index for parallel runs)"),
    n: z.number().int().min(1).max(64).default(12).describe("words per n-gram, with against (an index file carries its own)"),
    queryNgrams: z.boolean().default(true).describe("with against: index the question's own n-grams too"),
    overlapNgrams: z.boolean().default(true).describe("with against: index the n-grams straddling question and answer"),
    chinese: z.enum(["words", "chars"]).default("words").describe("with against: Chinese benchmarks as jieba words or characters"),
    mode: z.enum(["drop", "annotate"]).default("drop").describe("drop contaminated documents, or keep all and set meta.contaminated_by"),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type DecontaminateInput = z.input<typeof DecontaminateOptions>;

/** What `meta.contaminated_by` holds: the first benchmark n-gram found in the document. */
export interface Contamination {
  benchmark: string;
  item: string;
  ngram: string;
}

/** The first benchmark n-gram found in `text`, or undefined (the filter's decision, exposed for tests and tools). */
export function findContamination(index: DecontIndex, text: string): Contamination | undefined {
  const n = index.header.n;
  const { text: simplified, wide } = simplifyNotingWide(text);
  for (const tokenization of index.tokenizations) {
    // Han and kana start at U+2E80: most documents need no search for them
    if (tokenization !== "spaced" && !(wide && hasHan(simplified))) continue;
    // jieba only on the stretches where some run of n characters is a benchmark's (ngram-index.ts:
    // the prefilter), which costs several times everything else
    const stretches = tokenization === "zh-words" ? index.prefilterStretches(simplified, n) : undefined;
    for (let k = 0; k < (stretches?.length ?? 1); k += 2) {
      const tokens = tokensOf(stretches ? simplified.slice(stretches[k], stretches[k + 1]) : simplified, tokenization);
      const hit = index.firstHit(ngramHashes(tokens, n));
      if (hit) return { ...index.hit(hit.ref), ngram: tokens.slice(hit.position, hit.position + n).join(tokenization === "spaced" ? " " : "") };
    }
  }
  return undefined;
}

/**
 * @example pipe(read("crawl/*.jsonl.gz"), decontaminate({ index: "decont.idx" }), writeJsonl("out"))
 */
export function decontaminate(options: DecontaminateInput = {}): Step {
  const o = parseOptions(DecontaminateOptions, options, "decontaminate");
  if (!o.index === !o.against) throw new ConfigError("decontaminate", "give exactly one of index (a file from buildDecontIndex) or against (benchmarks)");
  let index: Promise<DecontIndex> | undefined;
  const load = () =>
    (index ??= o.index
      ? Promise.resolve(DecontIndex.load(o.index))
      : buildDecontIndexInMemory({ against: o.against!, n: o.n, queryNgrams: o.queryNgrams, overlapNgrams: o.overlapNgrams, chinese: o.chinese }));
  return filter(
    "decontaminate",
    async (doc: Doc, ctx) => {
      const hit = findContamination(await load(), doc.text);
      if (!hit) return true;
      ctx.stats.add(`contaminated_${hit.benchmark}`);
      const meta = { contaminated_by: hit };
      return o.mode === "annotate" ? { keep: true, meta } : { keep: false, reason: "contaminated", meta };
    },
    { rejected: o.rejected },
  );
}

export const decontaminateStep = defineStep({
  name: "decontaminate",
  options: DecontaminateOptions,
  create: decontaminate,
  description: "drop or annotate documents that share a word 12-gram with benchmark items (MMLU, GSM8K, C-Eval, any JSONL/Parquet)",
  reference: "datatrove NGramsDecontFilter",
  parallel: true,
});
