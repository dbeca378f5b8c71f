// Byte chunks -> lines, in batches. Partial lines are kept as a list of chunk slices and joined
// once when their newline arrives, so a 50 MB line costs one copy, not one per chunk (no quadratic
// re-concatenation). Complete lines of a chunk are decoded in pieces of about 32 KiB, cut at a
// newline, and split in JS: V8 decodes a 1 MiB chunk into a string in its large-object space at half
// the speed of the same bytes in 32 KiB pieces (Node 20: 135 vs 335 MB/s on multilingual JSONL,
// `npm run bench -- read-codecs`), and a piece never cuts a line.
// A line longer than maxLineBytes is not kept: its bytes are dropped as they arrive (memory stays
// bounded whatever the input) and the batch marks it, with its first bytes as a sample.
import type { Stats } from "../pipeline/stats.js";
import { decodeUtf8 } from "./decode/utf8.js";

export interface LineBatch {
  /** 1-based number of `lines[0]` in the file. */
  firstLine: number;
  lines: string[];
  /** Indices in `lines` of lines over maxLineBytes; their entry holds only the line's first bytes. */
  tooLong?: number[];
}

/** Bytes of an over-long line kept to show what it was (in `rejected` and errors). */
export const SAMPLE_BYTES = 1024;

export async function* utf8Lines(chunks: AsyncIterable<Buffer>, stats?: Stats, maxLineBytes = Infinity): AsyncIterable<LineBatch> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // the line being read is already over the limit: its sample is kept, the rest is dropped
  let dropping: string | undefined;
  let next = 1;
  const hold = (bytes: Buffer) => {
    if (dropping !== undefined) return;
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes > maxLineBytes) {
      dropping = decodeUtf8(Buffer.concat(pending).subarray(0, SAMPLE_BYTES), undefined);
      pending = [];
      pendingBytes = 0;
    }
  };
  for await (const chunk of chunks) {
    let start = 0;
    const first = chunk.indexOf(10);
    if (first === -1) {
      if (chunk.length > 0) hold(chunk);
      continue;
    }
    const batch: LineBatch = { firstLine: next, lines: [] };
    const { lines } = batch;
    hold(chunk.subarray(0, first));
    if (dropping !== undefined) (batch.tooLong ??= []).push(lines.push(dropping) - 1);
    else lines.push(decodeUtf8(pending.length === 1 ? pending[0]! : Buffer.concat(pending), stats));
    pending = [];
    pendingBytes = 0;
    dropping = undefined;
    start = first + 1;
    const last = chunk.lastIndexOf(10);
    if (last > first) {
      if (last - start > maxLineBytes) splitChecked(chunk.subarray(start, last), batch, stats, maxLineBytes);
      else decodeInPieces(chunk, start, last, lines, stats);
    }
    if (last + 1 < chunk.length) hold(chunk.subarray(last + 1));
    yield batch;
    next += lines.length;
  }
  if (dropping !== undefined) yield { firstLine: next, lines: [dropping], tooLong: [0] };
  else if (pending.length > 0) yield { firstLine: next, lines: [decodeUtf8(Buffer.concat(pending), stats)] };
}

/** Bytes decoded per call: the string (up to 2 bytes per char) stays below V8's large-object size (128 KiB). */
const PIECE_BYTES = 32 * 1024;

/** The lines in `chunk[start, end)` (which ends before a newline), decoded a piece at a time. */
function decodeInPieces(chunk: Buffer, start: number, end: number, lines: string[], stats: Stats | undefined): void {
  let at = start;
  while (at <= end) {
    let stop = at + PIECE_BYTES >= end ? end : chunk.indexOf(10, at + PIECE_BYTES);
    if (stop === -1 || stop > end) stop = end;
    for (const line of decodeUtf8(chunk.subarray(at, stop), stats).split("\n")) lines.push(line);
    at = stop + 1;
  }
}

/** Complete lines of one chunk, one at a time, when one of them may be over the limit (a chunk larger than it). */
function splitChecked(bytes: Buffer, batch: LineBatch, stats: Stats | undefined, maxLineBytes: number): void {
  let at = 0;
  for (;;) {
    const nl = bytes.indexOf(10, at);
    const end = nl === -1 ? bytes.length : nl;
    if (end - at > maxLineBytes) {
      (batch.tooLong ??= []).push(batch.lines.push(decodeUtf8(bytes.subarray(at, at + SAMPLE_BYTES), undefined)) - 1);
    } else batch.lines.push(decodeUtf8(bytes.subarray(at, end), stats));
    if (nl === -1) return;
    at = nl + 1;
  }
}
