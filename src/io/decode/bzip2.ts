// bzip2 (older Reddit months `RC_2005-12.bz2`..., Wikipedia dumps `*-pages-articles.xml.bz2`):
// unbzip2-stream, pure JS. It decodes synchronously inside write(), one 100-900 kB block at a time,
// so driving it chunk by chunk keeps memory to one input chunk and its blocks' output.
// Concatenated streams (`cat a.bz2 b.bz2`, pbzip2's output) decode as one.
import unbzip2Stream from "unbzip2-stream";
import { InputError } from "../../errors.js";

interface ThroughStream {
  write(chunk: Buffer): boolean;
  end(): void;
  on(event: "data", listener: (chunk: Buffer) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
}

export async function* bunzip2Chunks(chunks: AsyncIterable<Buffer>, file: string): AsyncIterable<Buffer> {
  const decoder = unbzip2Stream() as unknown as ThroughStream;
  let out: Buffer[] = [];
  let failure: Error | undefined;
  decoder.on("data", (chunk) => out.push(chunk));
  decoder.on("error", (error) => (failure ??= error));
  const drain = function* () {
    if (failure) {
      const message = failure.message ?? String(failure);
      const what = /prematurely|unexpected end/i.test(message) ? "truncated bzip2 stream (unexpected end of file)" : `corrupt bzip2 stream: ${message}`;
      throw new InputError({ file }, what, { cause: failure });
    }
    const ready = out;
    out = [];
    yield* ready;
  };
  let any = false;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    any = true;
    decoder.write(chunk);
    yield* drain();
  }
  if (!any) return;
  decoder.end();
  yield* drain();
}
