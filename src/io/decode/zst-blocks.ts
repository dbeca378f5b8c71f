// Arctic Shift's `.zst_blocks` container (Reddit dumps 2023-04..2024-03, described in the README of
// github.com/ArthurHeitmann/zst_blocks_format): a series of blocks, each a little-endian uint32
// compressed size and one zstd frame. A frame decodes to a uint32 row count, a table of
// (uint32 offset, uint32 size) per row, offsets counted from the end of the table, then the rows.
// Each row is one JSON object. Read as plain zstd it is garbage, so it is a codec of its own here:
// the rows come out one per line, so the JSON Lines reader reads them (row n is line n).
//
// A row cannot hold a raw newline inside a JSON string, only as whitespace between tokens, so a
// 0x0A inside a row becomes a space: the row stays the same JSON and stays one line.
import { InputError } from "../../errors.js";
import { unzstdChunks } from "./zstd.js";

/** A block larger than this, compressed or decoded, is damage (the writer's blocks hold a few MB). */
export const MAX_BLOCK_BYTES = 1 << 30;
const ZSTD_MAGIC = 0xfd2fb528;

export async function* unzstBlocksChunks(chunks: AsyncIterable<Buffer>, file: string): AsyncIterable<Buffer> {
  const bytes = new ByteQueue(chunks);
  for (let block = 0, offset = 0; ; block++) {
    const head = await bytes.take(4);
    if (head.length === 0) return;
    const where = `block ${block + 1} (byte ${offset})`;
    if (head.length < 4) throw new InputError({ file }, `truncated zst_blocks file: ${where} has ${head.length} of the 4 bytes of its size`);
    const size = head.readUInt32LE(0);
    if (size < 4 || size > MAX_BLOCK_BYTES)
      throw new InputError({ file }, `not a zst_blocks file, or damaged: ${where} gives a compressed size of ${size} bytes`);
    const frame = await bytes.take(size);
    if (frame.length < size)
      throw new InputError({ file }, `truncated zst_blocks file: ${where} should hold ${size} bytes, the file ends after ${frame.length}`);
    if (frame.readUInt32LE(0) !== ZSTD_MAGIC) throw new InputError({ file }, `not a zst_blocks file, or damaged: ${where} does not start a zstd frame`);
    yield rowsAsLines(await decodeFrame(frame, file, where), file, where);
    offset += 4 + size;
  }
}

async function decodeFrame(frame: Buffer, file: string, where: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const part of unzstdChunks(once(frame), file)) {
      total += part.length;
      if (total > MAX_BLOCK_BYTES) throw new InputError({ file }, `${where} decodes to more than ${MAX_BLOCK_BYTES} bytes: damaged, or not a zst_blocks file`);
      parts.push(Buffer.from(part));
    }
  } catch (error) {
    // say which block: the codec's message names only the file
    if (error instanceof InputError && !error.message.includes(where)) {
      const what = error.message.startsWith(`${error.file}: `) ? error.message.slice(error.file.length + 2) : error.message;
      throw new InputError({ file }, `${where}: ${what}`, { cause: error });
    }
    throw error;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
}

/** The block's rows, each followed by a newline, in table order. */
function rowsAsLines(data: Buffer, file: string, where: string): Buffer {
  const damaged = (what: string) => new InputError({ file }, `damaged zst_blocks ${where}: ${what}`);
  if (data.length < 4) throw damaged(`it decodes to ${data.length} bytes, too few for its row count`);
  const count = data.readUInt32LE(0);
  const start = 4 + count * 8;
  if (start > data.length) throw damaged(`its table of ${count} rows needs ${start} bytes, it decodes to ${data.length}`);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const rowOffset = data.readUInt32LE(4 + i * 8);
    const rowSize = data.readUInt32LE(8 + i * 8);
    if (start + rowOffset + rowSize > data.length)
      throw damaged(`row ${i + 1} (offset ${rowOffset}, ${rowSize} bytes) runs past the block's ${data.length - start} bytes of rows`);
    total += rowSize + 1;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const from = start + data.readUInt32LE(4 + i * 8);
    const rowSize = data.readUInt32LE(8 + i * 8);
    data.copy(out, at, from, from + rowSize);
    for (let nl = out.indexOf(10, at); nl !== -1 && nl < at + rowSize; nl = out.indexOf(10, nl + 1)) out[nl] = 0x20;
    at += rowSize;
    out[at++] = 10;
  }
  return out;
}

async function* once(data: Buffer): AsyncIterable<Buffer> {
  yield data;
}

/** Exact-size reads from a chunk stream, keeping the unread rest of the last chunk. */
class ByteQueue {
  private readonly source: AsyncIterator<Buffer>;
  private rest: Buffer = Buffer.alloc(0);
  private done = false;

  constructor(chunks: AsyncIterable<Buffer>) {
    this.source = chunks[Symbol.asyncIterator]();
  }

  /** `n` bytes, or fewer only at the end of the stream. */
  async take(n: number): Promise<Buffer> {
    if (this.rest.length >= n) return this.cut(n);
    const parts: Buffer[] = [this.rest];
    let have = this.rest.length;
    while (have < n && !this.done) {
      const next = await this.source.next();
      if (next.done) this.done = true;
      else {
        parts.push(next.value);
        have += next.value.length;
      }
    }
    this.rest = Buffer.concat(parts, have);
    return this.cut(Math.min(n, have));
  }

  private cut(n: number): Buffer {
    const out = this.rest.subarray(0, n);
    this.rest = this.rest.subarray(n);
    return out;
  }
}
