// xz: decoded beside the parsing, as `xz -dc f | parser` runs the two in two processes. By the `xz`
// tool itself where it is installed (xz-utils is on nearly every Linux and macOS machine): on real
// text (Wikipedia dumps) liblzma decodes at about twice the speed of xz-embedded compiled to wasm,
// which capped read() at 1.7x the time of `xz -dc | parser` (bench/REPORT.md, read-codecs).
// Without the tool, the wasm decoder runs on a thread of its own (decode-worker.ts), pulling input
// chunk by chunk from here with at most OUTPUT_CREDIT output batches unread. Either way memory does
// not grow with the file. Small inputs (under SMALL_INPUT, read to their end in the first chunks)
// decode on this thread: a thread or a process costs more to start than they take to decode.
import { CorpuskitError, InputError } from "../../errors.js";
import { DecodeThread } from "./decode-thread.js";
import { startTool, throughTool, type LocalFile } from "./tool-decoder.js";
import { xzFailure, xzStream } from "./xz-stream.js";

const SMALL_INPUT = 1 << 20;

/**
 * `tool: false` keeps to the wasm decoder (tests cover both); `local`: the file the tool may read
 * itself, given how many of its bytes were read here.
 */
export async function* unxzChunks(
  chunks: AsyncIterable<Buffer>,
  file: string,
  { tool = true, local }: { tool?: boolean; local?: ((already: number) => LocalFile) | undefined } = {},
): AsyncIterable<Buffer> {
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
    const direct = local?.(headBytes);
    const started = tool ? await startTool("xz", ["-d", "-c", "-Q"], direct) : undefined;
    if (started) {
      const rest = direct
        ? undefined
        : (async function* () {
            for (let chunk = await input(); chunk !== undefined; chunk = await input()) yield chunk as Buffer;
          })();
      yield* throughTool(started, rest, file, xzFailure, direct);
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
