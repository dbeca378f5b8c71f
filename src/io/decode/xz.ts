// xz (Reddit months `RC_2017-12.xz`..`RC_2018-09.xz`): xz-decompress, xz-embedded compiled to wasm,
// streaming through a WHATWG ReadableStream with bounded buffers (no native build to install).
import * as xzModule from "xz-decompress";
import { CorpuskitError, InputError } from "../../errors.js";

// xz-decompress is CommonJS that Node's ESM loader cannot see named exports in: under plain Node
// the class sits on the default export, under bundlers and vitest on the namespace.
const { XzReadableStream } = ((xzModule as unknown as { default?: typeof xzModule }).default ?? xzModule) as typeof xzModule;

export async function* unxzChunks(chunks: AsyncIterable<Buffer>, file: string): AsyncIterable<Buffer> {
  const source = chunks[Symbol.asyncIterator]();
  // A pull stream: the decoder asks for the next chunk only when it needs input (back-pressure).
  const input = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await source.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await source.return?.();
    },
  });
  const reader = new XzReadableStream(input).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      if (value.length > 0) yield Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  } catch (error) {
    if (error instanceof CorpuskitError) throw error;
    const message = (error as Error).message ?? String(error);
    const what = /end|truncat|buf_error/i.test(message) ? `truncated xz stream (${message})` : `corrupt xz stream: ${message}`;
    throw new InputError({ file }, what, { cause: error });
  } finally {
    await reader.cancel().catch(() => {});
  }
}
