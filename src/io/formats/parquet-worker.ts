// The Parquet decoder's own thread; parquet-decoder.ts starts one per file and reads its messages.
// hyparquet (1.33.0, the latest) can loop forever, synchronously, on a corrupt page: no timer on the
// thread running it can fire. Here it runs where the main thread can terminate it. Each row group,
// when the main thread asks for it: fetch its selected column chunks into memory (disk or network:
// not timed), say "decoding", check its pages (parquet-pages.ts), decode it from memory (timed by
// the main thread), send its columns. The next group decodes while the main thread reads this one.
import { parentPort, workerData } from "node:worker_threads";
import { gunzipSync } from "node:zlib";
import {
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type AsyncBuffer,
  type ColumnData,
  type Compressors,
  type FileMetaData,
  type RowGroup,
} from "hyparquet";
import { compressors as bundled } from "hyparquet-compressors";
import { InputError, NetworkError } from "../../errors.js";
import { threadFailure, type ThreadFailure } from "../../runtime/thread-error.js";
import type { StoredBytes } from "../reader.js";
import type { HttpConfig } from "../sources/http.js";
import { packColumn, transferList, utf8Keeper, type ColumnValues } from "./parquet-columns.js";
import { checkRowGroupPages } from "./parquet-pages.js";

/** What the main thread hands the thread (workerData). */
export interface ParquetJob {
  /** The name errors give (a zip member's `a.zip/x.parquet`); read from it unless `at` says where. */
  file: string;
  remote: boolean;
  /** The file's bytes when they lie elsewhere: a stored zip member, or a deflated one spilled to a temporary file. */
  at?: StoredBytes | undefined;
  /** The columns asked for, text and id included; undefined for all. */
  columns: string[] | undefined;
  http: HttpConfig;
}

/** A row group as the main thread needs it: for record numbers and the decode time bound. */
export interface GroupInfo {
  rows: number;
  /** Uncompressed size, as the footer gives it. */
  bytes: number;
}

export type DecoderMessage =
  | { kind: "opened"; names: string[]; groups: GroupInfo[] }
  | { kind: "decoding"; group: number }
  /** The row group's columns, in the order of `names`. */
  | { kind: "rows"; group: number; count: number; columns: ColumnValues[] }
  | { kind: "failed"; failure: ThreadFailure };

/** The main thread's only message: decode the next row group. */
export type DecoderRequest = "next";

// hyparquet's own rule for reading selected columns: chunks closer than 8 KiB are read together
// (plan.js, columnGapLimit). Coalescing at least as far means each of its reads falls in one of ours.
const GAP = 8 * 1024;

if (parentPort) {
  const port = parentPort;
  let asked = 0;
  let wake: (() => void) | undefined;
  port.on("message", () => {
    asked++;
    wake?.();
  });
  const post = (message: DecoderMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  decode(workerData as ParquetJob, post, async (group) => {
    while (asked <= group) await new Promise<void>((resolve) => (wake = resolve));
  })
    .catch((error: unknown) => post({ kind: "failed", failure: threadFailure(error) }))
    .finally(() => port.close());
}

async function decode(job: ParquetJob, post: (m: DecoderMessage, transfer?: ArrayBuffer[]) => void, askedFor: (group: number) => Promise<void>): Promise<void> {
  const { file } = job;
  const compressors: Compressors = { ...bundled, GZIP: gunzipPage };
  const fail = (what: string, error: unknown, record?: number) =>
    new InputError(record === undefined ? { file } : { file, record }, `${what}: ${(error as Error).message}`, { cause: error });
  let buffer: AsyncBuffer;
  let metadata: FileMetaData;
  let names: string[];
  try {
    if (job.remote) {
      // undici and the HTTP options' schema load only for a URL
      const { remoteBuffer } = await import("../sources/open.js");
      buffer = await remoteBuffer(file, job.http);
    } else if (job.at) {
      buffer = sliceOf(await asyncBufferFromFile(job.at.path), job.at.start, job.at.length);
    } else {
      buffer = await asyncBufferFromFile(file);
    }
    metadata = await parquetMetadataAsync(buffer);
    // Rows come as arrays and become objects on the main thread: hyparquet's own objects are built by
    // assignment, so a column named "__proto__" went to the object's prototype setter and vanished.
    names = job.columns ? columnsPresent(job.columns, metadata) : parquetSchema(metadata).children.map((c) => c.element.name);
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw fail("not a readable parquet file", error);
  }
  post({ kind: "opened", names, groups: metadata.row_groups.map((g) => ({ rows: Number(g.num_rows), bytes: Number(g.total_byte_size) })) });
  let rowStart = 0;
  for (let g = 0; g < metadata.row_groups.length; g++) {
    await askedFor(g);
    const group = metadata.row_groups[g]!;
    const rowEnd = rowStart + Number(group.num_rows);
    const where = `row group starting at row ${rowStart + 1}`;
    let memory: InMemory;
    try {
      memory = await fetchChunks(buffer, group, names);
    } catch (error) {
      if (error instanceof NetworkError) throw error;
      throw fail(`cannot read the ${where}`, error, rowStart + 1);
    }
    post({ kind: "decoding", group: g });
    let columns: ColumnValues[];
    try {
      const checked = checkRowGroupPages({ group, metadata, names, read: (start, end) => memory.bytes(start, end), compressors });
      columns = await decodeColumns({ file: memory, metadata, rowStart, rowEnd, compressors: checked }, names);
    } catch (error) {
      throw fail(`cannot decode the ${where}`, error, rowStart + 1);
    }
    post({ kind: "rows", group: g, count: rowEnd - rowStart, columns }, transferList(columns));
    rowStart = rowEnd;
  }
}

// --- internal ---

interface InMemory extends AsyncBuffer {
  /** Bytes [start, end) of the file when they were fetched, else undefined. */
  bytes(start: number, end: number): Uint8Array | undefined;
}

/**
 * The selected column chunks of a row group, read into memory; the AsyncBuffer hyparquet decodes
 * from then never waits on the disk or the network. A range outside them (a footer that lies about
 * its chunks) still reads through `file`.
 */
async function fetchChunks(file: AsyncBuffer, group: RowGroup, names: readonly string[]): Promise<InMemory> {
  const wanted = new Set(names);
  const ranges: { start: number; end: number }[] = [];
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (!meta || !wanted.has(meta.path_in_schema[0]!)) continue;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const end = Math.min(start + Number(meta.total_compressed_size), file.byteLength);
    if (Number.isSafeInteger(start) && start >= 0 && end > start) ranges.push({ start, end });
  }
  ranges.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.start <= last.end + GAP) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  const parts = await Promise.all(merged.map(async (r) => ({ start: r.start, data: new Uint8Array(await file.slice(r.start, r.end)) })));
  const find = (start: number, end: number) => parts.find((p) => p.start <= start && end <= p.start + p.data.byteLength);
  return {
    byteLength: file.byteLength,
    bytes(start, end) {
      const last = Math.min(end, file.byteLength);
      const part = find(start, last);
      return part?.data.subarray(start - part.start, last - part.start);
    },
    slice(start, end = file.byteLength) {
      const part = find(start, end);
      if (!part) return file.slice(start, end);
      const from = part.data.byteOffset + start - part.start;
      return part.data.buffer.slice(from, from + end - start) as ArrayBuffer;
    },
  };
}

/**
 * hyparquet-compressors' gzip never checks the CRC-32 that ends a gzip member, so a corrupt page
 * decoded into wrong text without a word (200 overwritten bytes in a test file gave 8 altered documents).
 * Node's zlib checks it, and is native. A page never holds more than its header says.
 */
function gunzipPage(input: Uint8Array, length: number): Uint8Array {
  return gunzipSync(input, { maxOutputLength: Math.max(length, 1) });
}

function columnsPresent(columns: string[], metadata: { schema: { name: string }[] }): string[] {
  const names = new Set(metadata.schema.map((s) => s.name));
  return columns.filter((c) => names.has(c));
}

interface RowGroupRead {
  file: AsyncBuffer;
  metadata: FileMetaData;
  rowStart: number;
  rowEnd: number;
  compressors: Compressors;
}

/**
 * The row group as hyparquet decodes it, column by column (its onChunk; rows would be turned back
 * into columns here). Top-level scalar columns keep their strings' bytes (see parquet-columns.ts);
 * nested ones are read apart with hyparquet's own strings, which map keys need.
 */
async function decodeColumns(group: RowGroupRead, names: readonly string[]): Promise<ColumnValues[]> {
  const leaves = new Set(
    parquetSchema(group.metadata)
      .children.filter((c) => c.children.length === 0 && c.element.repetition_type !== "REPEATED")
      .map((c) => c.element.name),
  );
  const flat = names.filter((n) => leaves.has(n));
  const nested = names.filter((n) => !leaves.has(n));
  const keeper = utf8Keeper();
  const count = group.rowEnd - group.rowStart;
  const columns = new Map(names.map((n) => [n, new Array<unknown>(count)]));
  const onChunk = ({ columnName, columnData, rowStart }: ColumnData) => {
    const values = columns.get(columnName);
    if (!values) return;
    // a chunk may reach past the row group (hyparquet's note on onChunk): only its rows are kept
    const from = Math.max(0, group.rowStart - rowStart);
    const to = Math.min(columnData.length, group.rowEnd - rowStart);
    for (let i = from; i < to; i++) values[rowStart - group.rowStart + i] = columnData[i];
  };
  const read = (columns: string[], parsers?: { stringFromBytes: (bytes: Uint8Array) => unknown }) =>
    columns.length === 0 ? Promise.resolve() : parquetRead({ ...group, columns, onChunk, ...(parsers && { parsers }) });
  await Promise.all([read(flat, { stringFromBytes: keeper.stringFromBytes }), read(nested)]);
  const moved = new Set<ArrayBufferLike>();
  return names.map((name) => packColumn(columns.get(name)!, keeper.pages, moved));
}

/** Bytes [start, start + length) of `whole`, as a file of their own. */
function sliceOf(whole: AsyncBuffer, start: number, length: number): AsyncBuffer {
  if (start + length > whole.byteLength) throw new Error(`the member's ${length} bytes at ${start} run past the archive's ${whole.byteLength}`);
  return { byteLength: length, slice: (from, to = length) => whole.slice(start + from, start + Math.min(to, length)) };
}
