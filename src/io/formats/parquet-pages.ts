// Checks of a row group's pages before and while hyparquet decodes them, for the corruptions that
// make hyparquet 1.33 loop or abort the process instead of throwing:
//  - a page header missing a required field: a DATA_PAGE_V2 without its level lengths set the level
//    reader's offset to NaN, and readRleBitPackedHybrid (encoding.js) then loops forever;
//  - an RLE run longer than its page: readRle writes the run into a JS array past its end, and V8
//    aborts the whole process (not an exception: "Fatal JavaScript invalid size error") within
//    seconds, before any time bound can stop the thread -- a 5-byte run header did it;
//  - a page or a row group claiming more values than it has: hyparquet allocates by the claim.
// Headers are read with hyparquet's own parser and the runs with its own varint, so a check sees
// what the decoder will see. Runs inside compressed pages are checked as each page is decompressed
// (the compressors hyparquet calls are wrapped), so no page is decompressed twice.
import type { ColumnMetaData, Compressors, FileMetaData, PageHeader, RowGroup, SchemaTree } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { parquetSchema } from "hyparquet";
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getTreePath, isFlatColumn } from "hyparquet/src/schema.js";
import { readVarInt } from "hyparquet/src/thrift.js";

// V8 keeps an array of up to 32 Mi elements (kMaxFastArrayLength) as a flat block; a page claiming
// more becomes a dictionary-mode array hyparquet fills value by value until memory runs out. Writers
// cut pages far below this: at about 1 MiB of data, and parquet-mr and arrow-rs at 20,000 rows too.
const MAX_PAGE_VALUES = 32 * 1024 * 1024;

export interface RowGroupPages {
  group: RowGroup;
  metadata: FileMetaData;
  /** The top-level columns being read. */
  names: readonly string[];
  /** Bytes [start, end) of the file, when in memory. */
  read(start: number, end: number): Uint8Array | undefined;
  compressors: Compressors;
}

/**
 * Checks every page header of the selected column chunks and the runs of the pages stored
 * uncompressed; returns the compressors to decode with, which check each page they decompress.
 * Throws an Error naming the column and the page's byte offset in the file.
 */
export function checkRowGroupPages({ group, metadata, names, read, compressors }: RowGroupPages): Compressors {
  const tree = parquetSchema(metadata);
  const wanted = new Set(names);
  const pending = new Map<number, PendingPage[]>();
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (!meta || !wanted.has(meta.path_in_schema[0]!)) continue;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const bytes = read(start, start + Number(meta.total_compressed_size));
    if (bytes) checkChunk({ bytes, start, meta, path: getTreePath(tree, meta.path_in_schema), rows: Number(group.num_rows), pending });
  }
  const checked: Compressors = {};
  for (const [codec, decompress] of Object.entries(compressors) as [keyof Compressors, NonNullable<Compressors[keyof Compressors]>][]) {
    checked[codec] = (input, length) => {
      const page = decompress(input, length);
      takePending(pending, input)?.check(page);
      return page;
    };
  }
  return checked;
}

// --- internal ---

interface PendingPage {
  compressed: Uint8Array;
  check(page: Uint8Array): void;
}

interface Chunk {
  bytes: Uint8Array;
  /** Where the chunk starts in the file (for messages). */
  start: number;
  meta: ColumnMetaData;
  path: SchemaTree[];
  rows: number;
  pending: Map<number, PendingPage[]>;
}

/** The pages hyparquet's readColumn (column.js) will read, in its order and with its stopping rule. */
function checkChunk({ bytes, start, meta, path, rows, pending }: Chunk): void {
  const flat = isFlatColumn(path);
  const levels = { rep: bitWidth(getMaxRepetitionLevel(path)), def: bitWidth(getMaxDefinitionLevel(path)) };
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  let seen = 0;
  while (flat ? seen < rows : reader.offset < bytes.length - 1) {
    if (reader.offset >= bytes.length - 1) break;
    const at = start + reader.offset;
    const where = `column "${meta.path_in_schema.join(".")}", page at byte ${at}`;
    const fail = (what: string): never => {
      throw new Error(`${where}: ${what}`);
    };
    let header: PageHeader;
    try {
      header = parquetHeader(reader);
    } catch (error) {
      return fail(`unreadable page header (${(error as Error).message})`);
    }
    const body = reader.offset;
    if (header.type === undefined) fail("the page header has no known page type");
    for (const field of ["uncompressed_page_size", "compressed_page_size"] as const) requireCount(header[field], field, "page header", fail);
    if (body + header.compressed_page_size > bytes.length)
      fail(`the page runs ${body + header.compressed_page_size - bytes.length} bytes past its column chunk`);
    const raw = bytes.subarray(body, body + header.compressed_page_size);
    reader.offset = body + header.compressed_page_size;
    const compressed = meta.codec !== "UNCOMPRESSED";
    const expect = (data: Uint8Array, check: (page: Uint8Array) => void) => {
      if (!compressed) return check(data);
      const list = pending.get(data.byteLength) ?? [];
      list.push({ compressed: data, check });
      pending.set(data.byteLength, list);
    };

    if (header.type === "DICTIONARY_PAGE") {
      const h = header.dictionary_page_header ?? fail("DICTIONARY_PAGE without its dictionary_page_header");
      requireCount(h.num_values, "num_values", "DICTIONARY_PAGE header", fail);
      expect(raw, () => undefined);
    } else if (header.type === "DATA_PAGE") {
      const h = header.data_page_header ?? fail("DATA_PAGE without its data_page_header");
      requireCount(h.num_values, "num_values", "DATA_PAGE header", fail);
      if (h.encoding === undefined) fail("the DATA_PAGE header lacks encoding, a required field");
      seen += h.num_values;
      expect(raw, (page) => checkPageV1(page, h.num_values, h.encoding, meta.type, levels, fail));
    } else if (header.type === "DATA_PAGE_V2") {
      const h = header.data_page_header_v2 ?? fail("DATA_PAGE_V2 without its data_page_header_v2");
      for (const field of ["num_values", "num_nulls", "num_rows", "definition_levels_byte_length", "repetition_levels_byte_length"] as const) {
        requireCount(h[field], field, "DATA_PAGE_V2 header", fail);
      }
      if (h.encoding === undefined) fail("the DATA_PAGE_V2 header lacks encoding, a required field");
      if (h.num_nulls > h.num_values) fail(`${h.num_nulls} nulls among ${h.num_values} values`);
      const levelBytes = h.repetition_levels_byte_length + h.definition_levels_byte_length;
      if (levelBytes > raw.length) fail(`levels of ${levelBytes} bytes in a page of ${raw.length}`);
      // V2 keeps the levels outside the compressed part: checked here, as hyparquet reads them
      if (levels.rep) checkRuns(raw, 0, levels.rep, h.num_values, "repetition levels", fail);
      if (levels.def) checkRuns(raw, h.repetition_levels_byte_length, levels.def, h.num_values, "definition levels", fail);
      seen += h.num_values;
      const values = raw.subarray(levelBytes);
      const checkValues = (page: Uint8Array) => checkValueRuns(page, 0, h.num_values - h.num_nulls, h.encoding, meta.type, true, fail);
      if (h.is_compressed === false || header.uncompressed_page_size === levelBytes) checkValues(values);
      else expect(values, checkValues);
    }
  }
  if (flat && seen < rows) {
    throw new Error(`column "${meta.path_in_schema.join(".")}": the row group says ${rows} rows, its pages hold ${seen}`);
  }
}

function checkPageV1(
  page: Uint8Array,
  values: number,
  encoding: string,
  type: string,
  levels: { rep: number; def: number },
  fail: (what: string) => never,
): void {
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  let offset = 0;
  for (const [width, name] of [
    [levels.rep, "repetition levels"],
    [levels.def, "definition levels"],
  ] as const) {
    if (!width) continue;
    if (offset + 4 > page.length) return;
    checkRuns(page, offset + 4, width, values, name, fail);
    offset += 4 + view.getUint32(offset, true);
  }
  // nulls are not known without decoding the levels: the page's value count bounds the runs
  checkValueRuns(page, offset, values, encoding, type, false, fail);
}

/** Dictionary indices and RLE booleans, laid out as datapage.js reads them (V1 and V2 differ for booleans). */
function checkValueRuns(page: Uint8Array, offset: number, values: number, encoding: string, type: string, v2: boolean, fail: (what: string) => never): void {
  if (offset >= page.length) return;
  if (encoding === "PLAIN_DICTIONARY" || encoding === "RLE_DICTIONARY" || (encoding === "RLE" && type !== "BOOLEAN" && !v2)) {
    const width = page[offset]!;
    if (width) checkRuns(page, offset + 1, width, values, "dictionary indices", fail);
  } else if (encoding === "RLE") {
    checkRuns(page, offset + 4, 1, values, "boolean values", fail);
  }
}

/**
 * An RLE/bit-packed hybrid run sequence (Parquet's Encodings.md), read as encoding.js reads it: until
 * `values` values are seen. A run longer than the page is corrupt, whatever follows.
 */
function checkRuns(bytes: Uint8Array, offset: number, width: number, values: number, name: string, fail: (what: string) => never): void {
  if (values > MAX_PAGE_VALUES) fail(`${values} values in one page, more than ${MAX_PAGE_VALUES} (a corrupt count)`);
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset };
  let seen = 0;
  while (seen < values && reader.offset < bytes.length) {
    let header: number;
    try {
      header = readVarInt(reader);
    } catch {
      return; // a varint cut by the page's end: hyparquet stops there itself, with its own error
    }
    if (header & 1) {
      const count = (header >> 1) << 3;
      // a corrupt bit-packed header reads past the page and throws in hyparquet: nothing to add
      if (count <= 0) return;
      seen += count;
      reader.offset += Math.ceil((count * width) / 8);
    } else {
      const count = header >>> 1;
      if (count > values) fail(`${name}: a run of ${count} values in a page of ${values}`);
      seen += count;
      reader.offset += (width + 7) >> 3;
    }
  }
}

function requireCount(value: unknown, field: string, header: string, fail: (what: string) => never): void {
  if (value === undefined) fail(`the ${header} lacks ${field}, a required field`);
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) fail(`the ${header} has ${field} ${String(value)}`);
  if (field.startsWith("num_") && (value as number) > MAX_PAGE_VALUES)
    fail(`the ${header} has ${field} ${String(value)}, more than ${MAX_PAGE_VALUES} (a corrupt count)`);
}

/** The page hyparquet is decompressing, among those checked; its bytes decide, not the call order. */
function takePending(pending: Map<number, PendingPage[]>, input: Uint8Array): PendingPage | undefined {
  const list = pending.get(input.byteLength);
  if (!list) return undefined;
  const i = list.findIndex((p) => Buffer.compare(p.compressed, input) === 0);
  return i < 0 ? undefined : list.splice(i, 1)[0];
}

function bitWidth(value: number): number {
  return 32 - Math.clz32(value);
}
