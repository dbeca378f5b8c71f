// Options every reader shares (datatrove's BaseReader: limit, skip, text_key, id_key), plus what
// datatrove lacks: onError with a rejected sink, so a bad record is counted and kept, never only logged.
import { z } from "zod";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { HttpOptions } from "./sources/http.js";
import { TextAssembly } from "./text-assembly.js";

export const ReaderOptions = z.object({
  textField: z.string().min(1).default("text").describe("record field that holds the document text"),
  text: TextAssembly.optional().describe("how the text is built from several fields or a nested list (overrides textField); see src/io/text-assembly.ts"),
  idField: z.string().min(1).default("id").describe("record field that holds the id; `file:line` when absent"),
  limit: z.number().int().positive().optional().describe("stop after this many documents (per task)"),
  skip: z.number().int().min(0).default(0).describe("skip this many documents first (per task)"),
  onError: z.enum(["fail", "skip"]).default("fail").describe("a bad record or unreadable file: stop, or count it and go on"),
  rejected: sinkSchema.optional().describe("where skipped bad records go, with meta.filter_reason and meta.error"),
  sharding: z
    .enum(["interleaved", "contiguous"])
    .default("interleaved")
    .describe(
      "how tasks share the sorted files: interleaved (files[rank::worldSize], datatrove's) or contiguous blocks, so that task order is file order (multi-stage MinHash then keeps the same copies whatever the number of tasks)",
    ),
  exclude: z
    .array(z.string())
    .optional()
    .describe("folders a directory or glob input passes over (the CLI puts its own output folder here when it sits inside an input)"),
  addFilePath: z.boolean().default(false).describe("set meta.file_path on every document (datatrove's add_file_path)"),
  compression: z
    .enum(["infer", "none", "gzip", "zstd", "bzip2", "xz", "zst_blocks"])
    .default("infer")
    .describe("infer from the extension (.gz, .zst, .bz2, .xz, .zst_blocks: Arctic Shift's block container of JSON rows)"),
  // Decompression bombs. Text compresses 3-10x (gzip ~3-4x, zstd -19 ~5x); gzip cannot exceed
  // ~1032x (deflate's longest match, 258 bytes, costs at least about 2 bits), so a limit near 1000x
  // would stop nothing, while zstd has no such ceiling (64 MiB of zeros -> 2 KB). 100x is Apache
  // POI's default for zip entries (ZipSecureFile.MIN_INFLATE_RATIO = 0.01), checked, as there, only
  // past a floor (64 MiB of output) so that small, very repetitive files still read.
  maxExpansion: z
    .number()
    .positive()
    .default(100)
    .describe(
      "a compressed file (.gz/.zst/.bz2/.xz) expanding more than this many times its compressed bytes (checked past 64 MiB of output) is refused as a decompression bomb",
    ),
  maxDecompressedBytes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("refuse a compressed file (.gz/.zst/.bz2/.xz) whose decompressed output passes this many bytes"),
  // V8's longest string is 2^29 - 24 UTF-16 units (~512 Mi): a longer record cannot become a string at
  // all, and JSON.parse holds the line and its copy at once. Half of that, far past any real document.
  maxRecordBytes: z
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024)
    .describe("a longer JSONL line, text document/line/paragraph (counted in characters) or WARC record body is a bad record"),
  http: HttpOptions.default(HttpOptions.parse({})).describe("for http(s) URLs: token, retries, backoff, timeout, sha256 checksums"),
});
export type ReaderOptionsInput = z.input<typeof ReaderOptions>;
export type ReaderConfig = z.output<typeof ReaderOptions>;
