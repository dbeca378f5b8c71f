// A location -> its bytes: local paths through the file source, http(s) URLs through the HTTP one,
// s3:// objects through the S3 client.
import { createHash } from "node:crypto";
import type { HttpConfig } from "./http.js";
import { httpChunks, httpRange, httpSize, isUrl } from "./http.js";
import { readFileChunks } from "./file.js";
import { InputError } from "../../errors.js";
import { countBytes } from "../read-progress.js";
import { isS3 } from "../s3/s3-client.js";
import { s3Chunks, s3Range, s3Size } from "../s3/s3-read.js";

/** `progress`, when given, counts the bytes as stored (before decompression) as they stream. */
export function openBytes(location: string, http: HttpConfig, signal?: AbortSignal, progress?: { readBytes: number }): AsyncIterable<Buffer> {
  const chunks = isS3(location)
    ? checked(location, s3Chunks(location, signal), http.checksums[location])
    : isUrl(location)
      ? httpChunks(location, http, signal)
      : readFileChunks(location, signal);
  return progress ? countBytes(chunks, progress) : chunks;
}

/** hyparquet's random-access interface over HTTP Range requests. */
export interface RemoteBuffer {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer>;
}

export async function remoteBuffer(url: string, http: HttpConfig, signal?: AbortSignal): Promise<RemoteBuffer> {
  if (isS3(url)) {
    const size = await s3Size(url, signal);
    if (size === undefined) throw new InputError({ file: url }, "no such object");
    return { byteLength: size, slice: (start, end) => s3Range(url, start, end ?? size, signal) };
  }
  const byteLength = await httpSize(url, http, signal);
  return { byteLength, slice: (start, end) => httpRange(url, start, end ?? byteLength, http, signal) };
}

/** A catalog's sha256 holds for a mirror in a bucket too (the HTTP source checks its own). */
async function* checked(location: string, chunks: AsyncIterable<Buffer>, expected: string | undefined): AsyncIterable<Buffer> {
  if (!expected) return yield* chunks;
  const hash = createHash("sha256");
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
  const got = hash.digest("hex");
  if (got !== expected) throw new InputError({ file: location }, `sha256 mismatch: the catalog says ${expected}, the download is ${got}`);
}
