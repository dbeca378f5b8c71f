// Options every reader shares (datatrove's BaseReader: limit, skip, text_key, id_key), plus what
// datatrove lacks: onError with a rejected sink, so a bad record is counted and kept, never only logged.
import { z } from "zod";
import { isSink, type Sink } from "../pipeline/step.js";
import { HttpOptions } from "./sources/http.js";

export const sinkSchema = z.custom<Sink<unknown>>((value) => isSink(value), {
  message: "expected a sink such as writeJsonl(dir)",
});

export const ReaderOptions = z.object({
  textField: z.string().min(1).default("text").describe("record field that holds the document text"),
  idField: z.string().min(1).default("id").describe("record field that holds the id; `file:line` when absent"),
  limit: z.number().int().positive().optional().describe("stop after this many documents (per task)"),
  skip: z.number().int().min(0).default(0).describe("skip this many documents first (per task)"),
  onError: z.enum(["fail", "skip"]).default("fail").describe("a bad record or unreadable file: stop, or count it and go on"),
  rejected: sinkSchema.optional().describe("where skipped bad records go, with meta.filter_reason and meta.error"),
  sharding: z
    .enum(["interleaved", "contiguous"])
    .default("interleaved")
    .describe("how tasks share the sorted files: interleaved (files[rank::worldSize], datatrove's) or contiguous blocks, so that task order is file order (multi-stage MinHash then keeps the same copies whatever the number of tasks)"),
  addFilePath: z.boolean().default(false).describe("set meta.file_path on every document (datatrove's add_file_path)"),
  compression: z.enum(["infer", "none", "gzip", "zstd"]).default("infer").describe("infer from the extension (.gz, .zst)"),
  http: HttpOptions.default(HttpOptions.parse({})).describe("for http(s) URLs: token, retries, backoff, timeout, sha256 checksums"),
});
export type ReaderOptionsInput = z.input<typeof ReaderOptions>;
export type ReaderConfig = z.output<typeof ReaderOptions>;
