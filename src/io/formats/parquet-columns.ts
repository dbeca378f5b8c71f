// How a decoded row group crosses from the decoder thread (parquet-worker.ts) to the reader, column by
// column. A string cannot move between threads: postMessage copies it, and the copy is rebuilt on
// the reader's thread. Text columns therefore cross as the decompressed pages holding their UTF-8
// bytes, moved (not copied), with each value's place in them, and become strings on the reader's
// thread with the decoder hyparquet itself uses; the decoder thread keeps decompression, page parsing
// and levels. This took about two thirds of the decoder thread's work away (strings made and copied),
// and the reader's share is what hyparquet's string decoding cost it before the thread existed.

/**
 * A ParquetParsers.stringFromBytes that keeps hyparquet's strings as their bytes (views into a page)
 * and notes each page they come from: only those are taken for text, never a binary column's bytes.
 */
export function utf8Keeper(): { pages: Set<ArrayBufferLike>; stringFromBytes(bytes: Uint8Array | undefined): Uint8Array | undefined } {
  const pages = new Set<ArrayBufferLike>();
  return {
    pages,
    stringFromBytes(bytes) {
      if (bytes) pages.add(bytes.buffer);
      return bytes;
    },
  };
}

/**
 * A column of a row group. `text`: the used part of each page its strings are in, starting at byte
 * `starts[page]` of the original page, and per row three numbers: page (-1 null, -2 undefined),
 * offset, length. `repeats`: values share bytes (a dictionary page), so equal strings can be shared.
 * `values`: anything else, int64 made plain.
 */
export type ColumnValues =
  { kind: "values"; values: unknown[] } | { kind: "text"; pages: ArrayBuffer[]; starts: number[]; where: Int32Array; repeats: boolean };

/**
 * A column's values for one row group, as text when they are kept strings. `moved`: the pages
 * already moved by the row group's other columns.
 */
export function packColumn(values: readonly unknown[], strings: Set<ArrayBufferLike>, moved: Set<ArrayBufferLike>): ColumnValues {
  const where = new Int32Array(values.length * 3);
  const sources: ArrayBufferLike[] = [];
  const ids = new Map<ArrayBufferLike, number>();
  const starts: number[] = [];
  const ends: number[] = [];
  const previous: number[] = [];
  let last: ArrayBufferLike | undefined;
  let id = -1;
  let repeats = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      where[3 * i] = v === null ? -1 : -2;
      continue;
    }
    if (!(v instanceof Uint8Array)) return { kind: "values", values: values.map((value) => plainValue(value, strings)) };
    const { buffer, byteOffset, byteLength } = v;
    if (buffer !== last) {
      if (!strings.has(buffer)) return { kind: "values", values: values.map((value) => plainValue(value, strings)) };
      last = buffer;
      id = ids.get(last) ?? -1;
      if (id < 0) {
        ids.set(last, (id = sources.length));
        sources.push(last);
        starts.push(byteOffset);
        ends.push(0);
        previous.push(-1);
      }
    }
    // a page of plain values is read front to back; an offset going back is a dictionary's entry again
    if (byteOffset <= previous[id]!) repeats = true;
    previous[id] = byteOffset;
    if (byteOffset < starts[id]!) starts[id] = byteOffset;
    if (byteOffset + byteLength > ends[id]!) ends[id] = byteOffset + byteLength;
    where[3 * i] = id;
    where[3 * i + 1] = byteOffset;
    where[3 * i + 2] = byteLength;
  }
  if (sources.length === 0) return { kind: "values", values: [...values] };
  // A page is moved as it is, unless it may be shared: a small one can be a slice of Node's Buffer
  // pool (zlib's output), which moving would take from under other Buffers; those are copied.
  const pages = sources.map((page, i) => {
    if (page instanceof ArrayBuffer && page.byteLength > Buffer.poolSize && !moved.has(page)) {
      moved.add(page);
      starts[i] = 0;
      return page;
    }
    return (page as ArrayBuffer).slice(starts[i]!, Math.max(starts[i]!, ends[i]!));
  });
  return { kind: "text", pages, starts, where, repeats };
}

/** The buffers a row group's message moves instead of copying. */
export function transferList(columns: readonly ColumnValues[]): ArrayBuffer[] {
  return columns.flatMap((c) => (c.kind === "text" ? [...c.pages, c.where.buffer as ArrayBuffer] : []));
}

/** A row group's rows on the reader's thread; row(i) gives row i's values, column by column. */
export interface GroupRows {
  count: number;
  row(i: number): unknown[];
}

// The decoder hyparquet's own stringFromBytes uses (convert.js): the same bytes give the same text.
const utf8 = new TextDecoder();

export function groupRows(count: number, columns: readonly ColumnValues[]): GroupRows {
  const cells = columns.map((column): ((i: number) => unknown) => {
    if (column.kind === "values") return (i) => column.values[i];
    const { pages, starts, where, repeats } = column;
    const shared = repeats ? new Map<number, string>() : undefined;
    return (i) => {
      const page = where[3 * i]!;
      if (page < 0) return page === -1 ? null : undefined;
      const offset = where[3 * i + 1]! - starts[page]!;
      const key = page * 2 ** 32 + offset;
      const known = shared?.get(key);
      if (known !== undefined) return known;
      const text = utf8.decode(new Uint8Array(pages[page]!, offset, where[3 * i + 2]));
      shared?.set(key, text);
      return text;
    };
  });
  return { count, row: (i) => cells.map((cell) => cell(i)) };
}

/** int64 columns arrive as bigint: JSON cannot hold those, so small ones become numbers. */
function plainValue(value: unknown, strings: Set<ArrayBufferLike>): unknown {
  if (typeof value === "bigint") {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  return value instanceof Uint8Array && strings.has(value.buffer) ? utf8.decode(value) : value;
}
