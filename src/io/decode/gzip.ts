// gzip via Node's zlib (multi-member files, as `cat a.gz b.gz` makes, decode as one stream).
import { createGunzip } from "node:zlib";
import { Readable } from "node:stream";
import { CorpuskitError, InputError } from "../../errors.js";

export async function* gunzipChunks(chunks: AsyncIterable<Buffer>, file: string): AsyncIterable<Buffer> {
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  const input = Readable.from(chunks, { objectMode: false });
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    // The byte source's own errors (a missing file, a failed download) pass through unchanged.
    if (error instanceof CorpuskitError) throw error;
    const message = (error as Error).message;
    const what = /unexpected end/i.test(message) ? "truncated gzip stream (unexpected end of file)" : `corrupt gzip stream: ${message}`;
    throw new InputError({ file }, what, { cause: error });
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
