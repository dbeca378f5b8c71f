// Byte chunks -> lines, in batches. Partial lines are kept as a list of chunk slices and joined
// once when their newline arrives, so a 50 MB line costs one copy, not one per chunk (no quadratic
// re-concatenation). Complete lines of a chunk are decoded in one call and split in JS.
import type { Stats } from "../pipeline/stats.js";
import { decodeUtf8 } from "./decode/utf8.js";

export interface LineBatch {
  /** 1-based number of `lines[0]` in the file. */
  firstLine: number;
  lines: string[];
}

export async function* utf8Lines(chunks: AsyncIterable<Buffer>, stats?: Stats): AsyncIterable<LineBatch> {
  let pending: Buffer[] = [];
  let next = 1;
  for await (const chunk of chunks) {
    let start = 0;
    const first = chunk.indexOf(10);
    if (first === -1) {
      if (chunk.length > 0) pending.push(chunk);
      continue;
    }
    const lines: string[] = [];
    const head = chunk.subarray(0, first);
    lines.push(decodeUtf8(pending.length > 0 ? Buffer.concat([...pending, head]) : head, stats));
    pending = [];
    start = first + 1;
    const last = chunk.lastIndexOf(10);
    if (last > first) {
      const body = decodeUtf8(chunk.subarray(start, last), stats);
      for (const line of body.split("\n")) lines.push(line);
    }
    if (last + 1 < chunk.length) pending.push(chunk.subarray(last + 1));
    yield { firstLine: next, lines };
    next += lines.length;
  }
  if (pending.length > 0) yield { firstLine: next, lines: [decodeUtf8(Buffer.concat(pending), stats)] };
}
