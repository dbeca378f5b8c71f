// xz (Reddit months `RC_2017-12.xz`..`RC_2018-09.xz`) where the `xz` tool is missing (xz.ts):
// xz-decompress, xz-embedded compiled to wasm (no native build to install), streaming through a
// WHATWG ReadableStream with bounded buffers. On Wikipedia text it decodes at about half the speed of
// `xz -dc`; lzma-native 8 (liblzma through a binding) was slower still there, 42 MB/s of output
// against 86 for `xz -dc`, so it is not a dependency.
import * as xzModule from "xz-decompress";

// xz-decompress is CommonJS that Node's ESM loader cannot see named exports in: under plain Node
// the class sits on the default export, under bundlers and vitest on the namespace.
const { XzReadableStream } = ((xzModule as unknown as { default?: typeof xzModule }).default ?? xzModule) as typeof xzModule;

/** The decoded bytes of the xz input that `next` hands out (undefined: the input ended). */
export async function* xzStream(next: () => Promise<Uint8Array | undefined>, cancel?: () => Promise<void>): AsyncIterable<Uint8Array> {
  // A pull stream: the decoder asks for the next chunk only when it needs input (back-pressure).
  const input = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await next();
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
    async cancel() {
      await cancel?.();
    },
  });
  const reader = new XzReadableStream(input).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      if (value.length > 0) yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** What an xz-decompress failure means, for an InputError. */
export function xzFailure(message: string): string {
  return /end|truncat|buf_error/i.test(message) ? `truncated xz stream (${message})` : `corrupt xz stream: ${message}`;
}
