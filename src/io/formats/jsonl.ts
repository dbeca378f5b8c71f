// JSON Lines, plain or gzip or zstd: one JSON object per line, `text` holds the document. The same
// reader takes JSON-array files and wikiextractor output, told apart by their first bytes.
import type { z } from "zod";
import type { Doc } from "../../doc.js";
import { InputError } from "../../errors.js";
import { parseOptions } from "../../options.js";
import type { DocSource } from "../../pipeline/step.js";
import { stripCompression } from "../decode/compression.js";
import { utf8Lines } from "../lines.js";
import { fileBytes, makeReader, type FileReadContext } from "../reader.js";
import { ReaderOptions, type ReaderConfig } from "../reader-options.js";
import { describe } from "../record.js";
import { namePart } from "../sources/name-part.js";
import { jsonArrayDocs } from "./json-array.js";
import { jsonShape, peek } from "./sniff.js";
import { wikiextractorDocs } from "./wikiextractor.js";

export const JsonlOptions = ReaderOptions.extend({});
export type JsonlOptionsInput = z.input<typeof JsonlOptions>;

export const JSONL_EXTENSIONS = [".jsonl", ".ndjson", ".json"];

/** Arctic Shift's block container: its rows are JSON objects whatever the name before it says (`RC_2023-04.zst_blocks`). */
export const ZST_BLOCKS_EXTENSION = ".zst_blocks";

export function isJsonlFile(file: string): boolean {
  if (namePart(file).toLowerCase().endsWith(ZST_BLOCKS_EXTENSION)) return true;
  const base = stripCompression(file).toLowerCase();
  return JSONL_EXTENSIONS.some((ext) => base.endsWith(ext));
}

/**
 * Read JSON Lines files (a path, a directory, a glob, or a list of them).
 * @example for await (const doc of readJsonl("data/*.jsonl.gz", { textField: "content" })) ...
 */
export function readJsonl(inputs: string | readonly string[], options: JsonlOptionsInput = {}): DocSource {
  const config = parseOptions(JsonlOptions, options, "readJsonl");
  return makeReader({ name: "read_jsonl", inputs, options: config, readerFor: () => jsonlFileDocs, accept: isJsonlFile });
}

/**
 * JSON Lines -- or, sniffed from the first bytes since names lie, a JSON array (WuDao's `.json`) or
 * wikiextractor `<doc>` blocks (files with no extension).
 */
export async function* jsonlFileDocs(fc: FileReadContext, options: ReaderConfig): AsyncIterable<Doc> {
  const { file, ctx } = fc;
  const { head, chunks: bytes } = await peek(fileBytes(fc, options));
  const shape = jsonShape(head);
  if (shape === "array") {
    ctx.stats.add("files_json_array");
    return yield* jsonArrayDocs(fc, bytes, options);
  }
  if (shape === "wikiextractor") {
    ctx.stats.add("files_wikiextractor");
    return yield* wikiextractorDocs(fc, bytes, options);
  }
  for await (const batch of utf8Lines(bytes, ctx.stats, options.maxRecordBytes)) {
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.lines[i]!;
      const lineNo = batch.firstLine + i;
      if (batch.tooLong?.includes(i)) {
        const what = `line longer than maxRecordBytes (${options.maxRecordBytes} bytes); raise the option to read it; it starts ${describe(line)}`;
        await fc.bad(new InputError({ file, line: lineNo }, what), line);
        continue;
      }
      if (isBlank(line)) {
        ctx.stats.add("blank_lines");
        continue;
      }
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        await fc.bad(new InputError({ file, line: lineNo }, `invalid JSON: ${(error as Error).message}; got ${describe(line)}`, { cause: error }), line);
        continue;
      }
      let doc = fc.recordDoc(record, { line: lineNo }, () => line);
      if (doc instanceof Promise) doc = await doc;
      if (doc) yield doc;
    }
  }
}

function isBlank(line: string): boolean {
  if (line.length === 0) return true;
  const c = line.charCodeAt(0);
  // fast path: a record starts with "{"
  if (c === 123) return false;
  return line.trim().length === 0;
}
