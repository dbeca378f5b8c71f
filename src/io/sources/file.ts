// Local files as a stream of byte chunks: the one byte source every format reads from.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { InputError } from "../../errors.js";

/** Large reads: fewer chunks means fewer line-splitting and decoding calls per MB. */
export const CHUNK_BYTES = 1 << 20;

/** The file's bytes, chunk by chunk. A missing or unreadable file is an InputError naming it. */
export async function* readFileChunks(file: string, signal?: AbortSignal): AsyncIterable<Buffer> {
  await assertReadableFile(file);
  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES, signal });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    if ((error as { name?: string }).name === "AbortError") return;
    throw new InputError({ file }, `cannot read: ${(error as Error).message}`, { cause: error });
  } finally {
    stream.destroy();
  }
}

export async function assertReadableFile(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError({ file }, "is a directory, expected a file");
    return info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new InputError({ file }, what, { cause: error });
  }
}
