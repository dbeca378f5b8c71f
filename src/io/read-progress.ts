// How far a reader is through its task's input, measured in the one unit the input's size is known
// in before reading: bytes of the input files as stored (compressed, on disk). Documents and text
// bytes cannot give a percent, because how many a file holds is only known once it is read.
import { stat } from "node:fs/promises";
import { hasUrlScheme } from "../locations.js";

export interface ReadProgress {
  /** The sum of this task's input file sizes; undefined while being measured, or when one is a URL. */
  totalBytes?: number;
  /** Bytes of those files consumed so far. */
  readBytes: number;
}

/** What a reader's open() returns: its documents, with their live ReadProgress alongside. */
export type WithReadProgress<T> = AsyncIterable<T> & { readonly progress?: ReadProgress };

/**
 * Attached to the opened iterable, not to the DocSource: each open() (one per task) has its own
 * progress, so two tasks opening one source never share a counter.
 */
export function attachReadProgress<T>(docs: AsyncIterable<T>, progress: ReadProgress | undefined): WithReadProgress<T> {
  return progress ? Object.assign(docs, { progress }) : docs;
}

export function readProgressOf(docs: AsyncIterable<unknown>): ReadProgress | undefined {
  return (docs as WithReadProgress<unknown>).progress;
}

/** Counts the bytes as they stream past, before any decompression. */
export async function* countBytes(chunks: AsyncIterable<Buffer>, progress: { readBytes: number }): AsyncIterable<Buffer> {
  for await (const chunk of chunks) {
    progress.readBytes += chunk.length;
    yield chunk;
  }
}

/** A local file's size as stored; undefined for a URL (no request is made just for a progress line). */
export async function sizeOnDisk(file: string): Promise<number | undefined> {
  if (hasUrlScheme(file)) return undefined;
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}

/**
 * The files' total size, or undefined if one is unknown. One stat at a time: the reader does not wait
 * for it, and a burst of thousands of stats would queue ahead of its reads in libuv's thread pool.
 */
export async function totalSize(files: readonly string[], stopped: () => boolean): Promise<number | undefined> {
  let total = 0;
  for (const file of files) {
    if (stopped()) return undefined;
    const size = await sizeOnDisk(file);
    if (size === undefined) return undefined;
    total += size;
  }
  return total;
}
