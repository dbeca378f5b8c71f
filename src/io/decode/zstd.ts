// zstd: Node 20's zlib has none. fzstd is a pure-JS decoder with a true push API, so memory stays
// one window plus one chunk however large the file. zstddec's wasm is faster but only streams from a
// synchronous iterable, and its `decode()` returns wrong output on frames without a content size.
import { Decompress } from "fzstd";
import { InputError } from "../../errors.js";

export async function* unzstdChunks(chunks: AsyncIterable<Buffer>, file: string): AsyncIterable<Buffer> {
  const out: Uint8Array[] = [];
  const decoder = new Decompress((data) => {
    out.push(data);
  });
  let sawInput = false;
  const failed = (error: unknown) => {
    const message = (error as Error).message ?? String(error);
    const what = /unexpected eof|end of/i.test(message) ? "truncated zstd stream (unexpected end of data)" : `corrupt zstd stream: ${message}`;
    return new InputError({ file }, what, { cause: error });
  };
  for await (const chunk of chunks) {
    sawInput ||= chunk.length > 0;
    try {
      decoder.push(chunk);
    } catch (error) {
      yield* drain(out);
      throw failed(error);
    }
    yield* drain(out);
  }
  if (!sawInput) return;
  try {
    decoder.push(new Uint8Array(0), true);
  } catch (error) {
    yield* drain(out);
    throw failed(error);
  }
  yield* drain(out);
}

function* drain(out: Uint8Array[]): Iterable<Buffer> {
  while (out.length > 0) {
    const u8 = out.shift()!;
    yield Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  }
}
