// CSV and TSV via fast-csv: a header row (or given column names) maps each row to a record, then the
// record becomes a Doc as JSON records do. TSV has no quoting (IANA text/tab-separated-values), so
// a stray `"` in a Tatoeba sentence is text, not the start of a quoted cell.
import { Readable } from "node:stream";
import { parse } from "fast-csv";
import { z } from "zod";
import type { Doc } from "../../doc.js";
import { InputError } from "../../errors.js";
import { parseOptions } from "../../options.js";
import type { DocSource } from "../../pipeline/step.js";
import { decodeChunks } from "../decode/charset.js";
import { stripCompression } from "../decode/compression.js";
import { fileBytes, makeReader, type FileReadContext } from "../reader.js";
import { setField } from "../record.js";
import { csvRowPieces } from "./csv-rows.js";
import { ReaderOptions } from "../reader-options.js";

export const CsvOptions = ReaderOptions.extend({
  delimiter: z.string().length(1).optional().describe('"," for .csv, tab for .tsv unless set'),
  quote: z.string().length(1).nullable().optional().describe('quote character; `"` for .csv, none for .tsv unless set'),
  headers: z
    .union([z.literal(true), z.array(z.string().min(1))])
    .default(true)
    .describe("true: the first row names the columns; or the column names"),
  renameHeaders: z.boolean().default(false).describe("with `headers` as names: the file also has a header row, replace it"),
  encoding: z.string().default("utf-8").describe('text encoding, or "auto"'),
});
export type CsvOptionsInput = z.input<typeof CsvOptions>;
type CsvConfig = z.output<typeof CsvOptions>;

export const CSV_EXTENSIONS = [".csv", ".tsv"];

export function isCsvFile(file: string): boolean {
  const base = stripCompression(file).toLowerCase();
  return CSV_EXTENSIONS.some((ext) => base.endsWith(ext));
}

/**
 * Read CSV or TSV files; each row is a record with the header names as fields.
 * @example readCsv("sentences.tsv", { headers: ["id", "lang", "text"] })
 */
export function readCsv(inputs: string | readonly string[], options: CsvOptionsInput = {}): DocSource {
  const config = parseOptions(CsvOptions, options, "readCsv");
  return makeReader({ name: "read_csv", inputs, options: config, readerFor: () => csvFileDocs, accept: isCsvFile });
}

export async function* csvFileDocs(fc: FileReadContext, options: CsvConfig): AsyncIterable<Doc> {
  const { file, ctx } = fc;
  const tsv = stripCompression(file).toLowerCase().endsWith(".tsv");
  const bytes = fileBytes(fc, options);
  const delimiter = options.delimiter ?? (tsv ? "\t" : ",");
  const quote = options.quote === undefined ? (tsv ? null : '"') : options.quote;
  const text = csvRowPieces(decodeChunks(bytes, options.encoding, file, ctx.stats), { delimiter, quote, maxRowChars: options.maxRecordBytes, file });
  const parser = parse({
    headers: options.headers === true ? (options.renameHeaders ? true : standInProto) : standInProto(options.headers),
    renameHeaders: options.renameHeaders,
    delimiter,
    quote,
    ignoreEmpty: true,
    strictColumnHandling: true,
  });
  const invalid: { row: string[]; record: number; reason: string | undefined }[] = [];
  parser.on("data-invalid", (row: unknown, record: number, reason?: string) => {
    const cells = Array.isArray(row) ? row.map(String) : Object.values(row as Record<string, unknown>).map(String);
    invalid.push({ row: cells, record, reason });
  });
  const input = Readable.from(text);
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  let record = 0;
  try {
    for await (const row of parser) {
      record++;
      yield* reportInvalid(fc, invalid);
      const fields = restoreProto(row as Record<string, unknown>);
      let doc = fc.recordDoc(fields, { record }, () => JSON.stringify(fields));
      if (doc instanceof Promise) doc = await doc;
      if (doc) yield doc;
    }
    yield* reportInvalid(fc, invalid);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError({ file, record: record + 1 }, `invalid CSV: ${(error as Error).message}`, { cause: error });
  } finally {
    input.destroy();
    parser.destroy();
  }
}

// fast-csv builds each row by assignment, so a column named "__proto__" went to the prototype setter
// and vanished from the record. It is parsed under a stand-in name and given back its own name here.
const PROTO_STAND_IN = "\u0000__proto__";

function standInProto<T extends string | null | undefined>(names: T[]): T[] {
  return names.map((name) => (name === "__proto__" ? (PROTO_STAND_IN as T) : name));
}

function restoreProto(row: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(row, PROTO_STAND_IN)) return row;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(row)) setField(fields, key === PROTO_STAND_IN ? "__proto__" : key, row[key]);
  return fields;
}

/** Rows with the wrong number of cells, as fast-csv reports them beside the good rows. */
async function* reportInvalid(fc: FileReadContext, invalid: { row: string[]; record: number; reason: string | undefined }[]): AsyncIterable<Doc> {
  while (invalid.length > 0) {
    const bad = invalid.shift()!;
    const what = bad.reason ?? `row has ${bad.row.length} cells, which does not match the header`;
    await fc.bad(new InputError({ file: fc.file, record: bad.record }, what), bad.row.join(","));
  }
}
