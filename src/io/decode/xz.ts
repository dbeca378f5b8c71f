// xz: decoded on a thread of its own (decode-worker.ts) beside the parsing on this one, as
// `xz -dc f | parser` runs the two in two processes. The thread pulls input chunk by chunk from here
// and may have at most OUTPUT_CREDIT output batches unread, so memory does not grow with the file.
// Small inputs (under SMALL_INPUT, read to their end in the first chunks) decode on this thread:
// a thread costs more to start than they take to decode.
import { CorpuskitError, InputError } from "../../errors.js";
import { DecodeThread } from "./decode-thread.js";
import { xzFailure, xzStream } from "./xz-stream.js";

const SMALL_INPUT = 1 << 20;

export async function* unxzChunks(chunks: AsyncIterable<Buffer>, file: string): AsyncIterable<Buffer> {
  const source = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (!ended && headBytes < SMALL_INPUT) {
    const next = await source.next();
    if (next.done) ended = true;
    else if (next.value.length > 0) {
      head.push(next.value);
      headBytes += next.value.length;
    }
  }
  if (headBytes === 0) return;
  const input = async (): Promise<Uint8Array | undefined> => {
    if (head.length > 0) return head.shift();
    if (ended) return undefined;
    const next = await source.next();
    if (!next.done) return next.value;
    ended = true;
    return undefined;
  };
  let thread: DecodeThread | undefined;
  try {
    if (ended) {
      for await (const out of xzStream(input)) yield Buffer.from(out.buffer, out.byteOffset, out.byteLength);
      return;
    }
    thread = new DecodeThread({ codec: "xz" });
    for (;;) {
      const reply = await thread.next();
      if (reply.kind === "need-input") {
        // copied, not transferred: a file stream's small chunks may share one ArrayBuffer
        thread.send({ kind: "input", chunk: await input() });
      } else if (reply.kind === "output") {
        yield Buffer.from(reply.chunk.buffer, reply.chunk.byteOffset, reply.chunk.byteLength);
        thread.send({ kind: "read" });
      } else if (reply.kind === "done") return;
    }
  } catch (error) {
    if (error instanceof CorpuskitError) throw error;
    throw new InputError({ file }, xzFailure((error as Error).message ?? String(error)), { cause: error });
  } finally {
    await thread?.close();
    if (!ended) await source.return?.();
  }
}
