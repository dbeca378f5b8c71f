// A location -> its bytes: local paths through the file source, http(s) URLs through the HTTP one.
import type { HttpConfig } from "./http.js";
import { httpChunks, httpRange, httpSize, isUrl } from "./http.js";
import { readFileChunks } from "./file.js";
import { countBytes } from "../read-progress.js";

/** `progress`, when given, counts the bytes as stored (before decompression) as they stream. */
export function openBytes(location: string, http: HttpConfig, signal?: AbortSignal, progress?: { readBytes: number }): AsyncIterable<Buffer> {
  const chunks = isUrl(location) ? httpChunks(location, http, signal) : readFileChunks(location, signal);
  return progress ? countBytes(chunks, progress) : chunks;
}

/** hyparquet's random-access interface over HTTP Range requests. */
export interface RemoteBuffer {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer>;
}

export async function remoteBuffer(url: string, http: HttpConfig, signal?: AbortSignal): Promise<RemoteBuffer> {
  const byteLength = await httpSize(url, http, signal);
  return { byteLength, slice: (start, end) => httpRange(url, start, end ?? byteLength, http, signal) };
}
