// The catalog's single source of truth: every field of a dataset entry, typed, with the rule that
// every figure and every claim names where it comes from. Types are inferred from the schema
// (zod's way); catalog/*.json files are validated against it and catalog/schema.json is generated
// from it for editors.
import { z } from "zod";
import { recordOf } from "../options.js";
import { TextAssembly } from "../io/text-assembly.js";

/** Where a fact comes from: a dataset card, paper, repository file or page (URL or citation). */
export const SourceRef = z.string().min(3).describe("where the fact comes from: a URL, or a citation such as 'HF card allenai/c4'");

/** A number with its origin. `stated` keeps the original wording ("825 GiB", "about 60M posts"). */
export const Figure = z
  .object({
    value: z.number().nonnegative().describe("the figure in base units: bytes, documents or tokens"),
    stated: z.string().optional().describe("the figure as the source words it"),
    source: SourceRef,
    uncertain: z.boolean().optional().describe("true when the figure could not be confirmed in a primary source"),
    note: z.string().optional(),
  })
  .strict();
export type Figure = z.output<typeof Figure>;

export const TokenFigure = Figure.extend({
  tokenizer: z.string().min(1).describe("the tokenizer the count used, e.g. 'GPT-NeoX', 'T5 SentencePiece', 'whitespace', 'LLaMA'"),
}).strict();

export const Size = z
  .object({
    bytes: Figure.optional().describe("uncompressed text size unless the note says otherwise"),
    compressedBytes: Figure.optional().describe("download size as distributed"),
    documents: Figure.optional(),
    tokens: TokenFigure.optional(),
  })
  .strict();
export type Size = z.output<typeof Size>;

export const STAGES = ["pretraining", "sft", "preference", "evaluation"] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.output<typeof Stage>;

export const DOMAINS = [
  "web", "books", "academic", "code", "qa", "news", "encyclopedia", "social", "math", "legal",
  "dialogue", "instructions", "preference", "evaluation", "patents", "subtitles", "medical", "government", "mixed",
] as const;
export const Domain = z.enum(DOMAINS);
export type Domain = z.output<typeof Domain>;

/** ISO 639-1 (`en`) or 639-3 (`yue`), optionally with a script or region (`zh-Hant`), or `code`. */
export const LanguageCode = z.string().regex(/^(code|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$/, "an ISO 639-1/639-3 code such as 'en' or 'zh-Hant', or 'code'");

export const License = z
  .object({
    spdx: z.string().nullable().describe("SPDX identifier where one exists (e.g. 'ODC-By-1.0', 'Apache-2.0'), null for custom or mixed terms"),
    name: z.string().min(1).describe("the licence as the source names it"),
    commercialUse: z.boolean().nullable().describe("whether the dataset's terms allow commercial use; null when unclear or mixed"),
    note: z.string().optional(),
    source: SourceRef,
    uncertain: z.boolean().optional(),
  })
  .strict();
export type License = z.output<typeof License>;

export const UsedBy = z
  .object({
    model: z.string().min(1),
    note: z.string().optional().describe("e.g. 'Books3 subset only', '15% of the mixture'"),
    source: SourceRef.optional(),
    uncertain: z.boolean().optional(),
  })
  .strict();

export const Paper = z
  .object({
    title: z.string().min(1),
    arxiv: z.string().regex(/^\d{4}\.\d{4,5}$/).optional(),
    year: z.number().int().min(1990).max(2100).optional(),
    url: z.string().url().optional(),
    venue: z.string().optional(),
    uncertain: z.boolean().optional(),
  })
  .strict();

export const HubEntry = z
  .object({
    id: z.string().regex(/^[\w.-]+(\/[\w.-]+)?$/).describe("Hugging Face dataset id, e.g. 'allenai/c4'"),
    configs: z.array(z.string()).optional(),
    gated: z.boolean().optional(),
    note: z.string().optional(),
    uncertain: z.boolean().optional(),
  })
  .strict();

export const FILE_FORMATS = ["jsonl", "parquet", "csv", "tsv", "txt", "warc", "wet", "wat", "json", "arrow", "xml", "sql", "zip", "tar", "mixed"] as const;
export const COMPRESSIONS = ["none", "gzip", "zstd", "bz2", "xz", "zip", "snappy", "7z", "zst_blocks"] as const;

/**
 * A set of files: one subset and split. `path` is relative to `baseUrl` and may hold shard ranges
 * `{00000..01023}` (zero-padded as written) that expand to one URL per shard.
 */
export const FileSet = z
  .object({
    subset: z.string().optional().describe("the subset or config these files belong to (e.g. 'en')"),
    split: z.string().optional().describe("train, validation, test..."),
    format: z.enum(FILE_FORMATS),
    compression: z.enum(COMPRESSIONS),
    path: z
      .string()
      .min(1)
      .describe(
        "path under baseUrl: a template with {00000..01023}-style ranges, or a glob (`train/chunk*/*.jsonl.zst`, `**/RC_*.zst`) listed from a local copy or the hub's tree API",
      ),
    shards: z.number().int().positive().optional().describe("number of files the template expands to"),
    pathsFrom: z
      .string()
      .min(1)
      .optional()
      .describe(
        "a listing under baseUrl, one path per line relative to the same base, gzip by its name (Common Crawl's `wet.paths.gz`): the set's files are its lines, and `path` only shows their shape",
      ),
    sha256: recordOf(z.string(), z.string().regex(/^[0-9a-f]{64}$/)).optional().describe("published checksums by file name"),
    textField: z.string().optional().describe("record field with the text, when it differs from the schema's"),
    idField: z.string().optional().describe("record field with the id, when it differs from the schema's"),
    text: TextAssembly.optional().describe("how the text is assembled from several fields or a nested list (overrides textField)"),
    textSplit: z.enum(["file", "paragraph", "line"]).optional().describe("txt files: one document per file (default), per blank-line-separated block, or per line"),
    lineJoin: z.string().optional().describe('txt files split by paragraph: what joins a block\'s lines ("" for Chinese one-sentence-per-line text)'),
    gutenbergStrip: z.boolean().optional().describe("txt files: cut Project Gutenberg's licence header and footer"),
    baseUrl: z.string().url().optional().describe("where this file set's path resolves, when it differs from the download's (one hub repo per subset)"),
    available: z.boolean().optional().describe("overrides the download's `available` for this file set"),
    howToGet: z.string().optional().describe("how to obtain these files when they are not served over plain HTTP (overrides the download's)"),
    note: z.string().optional(),
    source: SourceRef.optional(),
    uncertain: z.boolean().optional(),
  })
  .strict();
export type FileSet = z.output<typeof FileSet>;

export const Download = z
  .object({
    baseUrl: z.string().url().describe("where `files[].path` resolve (a hub 'resolve/main/' URL or a mirror)"),
    files: z.array(FileSet).min(1),
    note: z.string().optional(),
    available: z.boolean().default(true).describe("false when the files cannot be fetched over plain HTTP (host gone, access by request, login, torrents)"),
    howToGet: z.string().optional().describe("exactly how to obtain the files, and which folder to pass as baseUrl afterwards"),
  })
  .strict();

export const RecordField = z
  .object({
    name: z.string().min(1).describe("field name; dotted for nested fields ('meta.pile_set_name')"),
    type: z.string().min(1).describe("string, int, float, bool, date, object, list<...>"),
    description: z.string().optional(),
  })
  .strict();

export const RecordSchema = z
  .object({
    textField: z.string().min(1).describe("the field that holds the document text"),
    idField: z.string().optional(),
    fields: z.array(RecordField).min(1),
    source: SourceRef.optional(),
    uncertain: z.boolean().optional(),
  })
  .strict();

export const Subset = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    description: z.string().optional(),
    languages: z.array(LanguageCode).optional(),
    size: Size.optional(),
    proportion: z.number().min(0).max(1).optional().describe("share of the whole (0-1); the note says of what (tokens, bytes)"),
    license: z.string().optional(),
    note: z.string().optional(),
    source: SourceRef.optional(),
    uncertain: z.boolean().optional(),
  })
  .strict();

export const DatasetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "kebab-case: lower-case letters, digits and single hyphens"),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]).describe("other names and spellings, e.g. 'NMBVC' for MNBVC"),
    description: z.string().min(20),
    stage: z.array(Stage).min(1).describe("what it is used for; the first is the main use"),
    raw: z.boolean().default(false).describe("a raw source that needs processing before training (Common Crawl, Pushshift)"),
    languages: z.array(LanguageCode).min(1),
    languageCount: z.number().int().positive().optional().describe("for multilingual sets: how many languages"),
    domains: z.array(Domain).min(1),
    size: Size.default({}),
    license: License,
    usedBy: z.array(UsedBy).default([]),
    homepage: z.string().url().optional(),
    repository: z.string().url().optional(),
    paper: Paper.optional(),
    papers: z.array(Paper).optional().describe("further papers (audits, datasheets, successors)"),
    citation: z.string().optional().describe("BibTeX"),
    hub: z.array(HubEntry).default([]),
    download: Download.optional(),
    schema: RecordSchema.optional(),
    subsets: z.array(Subset).default([]),
    related: z.array(z.string()).default([]).describe("ids of related catalog entries (parents, successors, variants)"),
    notes: z.array(z.string()).default([]),
    updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe("when this entry's facts were last checked (YYYY-MM-DD)"),
  })
  .strict();

/** A catalog entry as stored (what a JSON file may omit, such as empty lists). */
export type DatasetInput = z.input<typeof DatasetSchema>;
/** A catalog entry with defaults applied: what every query returns. */
export type Dataset = z.output<typeof DatasetSchema>;
