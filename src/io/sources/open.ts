// A location -> its bytes: local paths through the file source, http(s) URLs through the HTTP one.
import type { HttpConfig } from "./http.js";
import { httpChunks, httpRange, httpSize, isUrl } from "./http.js";
import { readFileChunks } from "./file.js";

export function openBytes(location: string, http: HttpConfig, signal?: AbortSignal): AsyncIterable<Buffer> {
  return isUrl(location) ? httpChunks(location, http, signal) : readFileChunks(location, signal);
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
