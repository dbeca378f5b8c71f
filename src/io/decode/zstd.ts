// zstd: Node 20's zlib has none. zstddec's wasm build of the reference decoder runs at 3-4x the
// speed of the pure-JS fzstd (`npm run bench -- read` times our .jsonl.zst reading), streams frames without a
// content size and `--long` windows. Its streaming API pulls input from a *synchronous* iterable,
// so this driver keeps one chunk queued before every step of the decoder: the decoder takes at most
// one new chunk per step, so it never finds the queue empty before the file has ended.
// (zstddec's one-shot `decode()` is never used: it returns wrong output on frames without a size.)
import type { ZSTDDecoder } from "zstddec/stream";
import { InputError } from "../../errors.js";
import type { LocalFile } from "./tool-decoder.js";
import { DEFAULT_WINDOW_LIMIT, unzstdLongChunks, zstdWindowSize } from "./zstd-long.js";

let ready: Promise<ZSTDDecoder> | undefined;

function decoder(): Promise<ZSTDDecoder> {
  ready ??= (async () => {
    // an ES module only: loaded when the first .zst is read (tsup.config.ts also bundles it into the CommonJS build)
    const { ZSTDDecoder } = await import("zstddec/stream");
    const d = new ZSTDDecoder();
    await d.init();
    return d;
  })();
  return ready;
}

/**
 * zstddec does not check ZSTD_decompressStream's error codes: on corrupt input it yields empty
 * output forever without taking more input. A healthy decoder that makes no output takes the next
 * chunk at its next step, so a long run of steps with neither output nor input is corruption.
 */
const MAX_EMPTY_STEPS = 64;

/** `local`: the file a decoding tool may read itself, given how many of its bytes were read here. */
export async function* unzstdChunks(chunks: AsyncIterable<Buffer>, file: string, local?: (already: number) => LocalFile): AsyncIterable<Buffer> {
  const source = chunks[Symbol.asyncIterator]();
  const queue: Uint8Array[] = [];
  let ended = false;
  const fill = async () => {
    while (queue.length === 0 && !ended) {
      const next = await source.next();
      if (next.done) ended = true;
      else if (next.value.length > 0) queue.push(next.value);
    }
  };
  await fill();
  if (queue.length === 0) return;
  // zstddec refuses windows past 128 MiB (and only says so by making no progress): those frames go
  // to the decoder in zstd-long.ts, with the chunk already read put back in front.
  const window = zstdWindowSize(queue[0]!);
  if (window !== undefined && window > DEFAULT_WINDOW_LIMIT) {
    const first = queue.splice(0);
    const rest = (async function* () {
      yield* first as Buffer[];
      for (;;) {
        const next = await source.next();
        if (next.done) return;
        yield next.value;
      }
    })();
    const already = first.reduce((n, c) => n + c.length, 0);
    try {
      yield* unzstdLongChunks(rest, file, window, local?.(already));
    } finally {
      // a tool that read the file itself left the stream here unread: close it
      await source.return?.();
    }
    return;
  }
  const input: Iterable<Uint8Array> = {
    [Symbol.iterator]: () => ({
      next: () => (queue.length > 0 ? { value: queue.shift()!, done: false } : { value: undefined, done: true }),
    }),
  };
  const steps = (await decoder()).decodeStreaming(input);
  let empty = 0;
  try {
    for (;;) {
      await fill();
      const queued = queue.length;
      let step: IteratorResult<Uint8Array>;
      try {
        step = steps.next();
      } catch (error) {
        const message = (error as Error).message;
        const what = /incomplete|more data/i.test(message) ? "truncated zstd stream (unexpected end of data)" : `corrupt zstd stream: ${message}`;
        throw new InputError({ file }, what, { cause: error });
      }
      if (step.done) return;
      const out = step.value;
      if (queue.length < queued) empty = 0;
      if (out.length === 0) {
        if (++empty > MAX_EMPTY_STEPS) throw new InputError({ file }, "corrupt zstd stream: the decoder makes no progress");
        continue;
      }
      empty = 0;
      yield Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    }
  } finally {
    // Free the decoder's wasm memory when the consumer stops early.
    steps.return?.(undefined);
    await source.return?.();
  }
}
