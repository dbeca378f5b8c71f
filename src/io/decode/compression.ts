// Which codec a file uses, and its decompressed bytes as a stream.
import type { ReaderConfig } from "../reader-options.js";
import { DEFAULT_EXPANSION_LIMITS, limitExpansion, type ExpansionLimits } from "./expansion-limit.js";
import { bunzip2Chunks } from "./bzip2.js";
import { gunzipChunks } from "./gzip.js";
import { namePart } from "../sources/name-part.js";
import type { LocalFile } from "./tool-decoder.js";
import { unxzChunks } from "./xz.js";
import { unzstBlocksChunks } from "./zst-blocks.js";
import { unzstdChunks } from "./zstd.js";

export type Compression = "none" | "gzip" | "zstd" | "bzip2" | "xz" | "zst_blocks";

export function compressionOf(file: string, option: ReaderConfig["compression"] = "infer"): Compression {
  if (option !== "infer") return option;
  const lower = namePart(file).toLowerCase();
  if (lower.endsWith(".gz") || lower.endsWith(".gzip")) return "gzip";
  if (lower.endsWith(".zst") || lower.endsWith(".zstd")) return "zstd";
  if (lower.endsWith(".bz2")) return "bzip2";
  if (lower.endsWith(".xz")) return "xz";
  if (lower.endsWith(".zst_blocks")) return "zst_blocks";
  return "none";
}

/** The name without its compression suffix (and, for a URL, its query): `a.jsonl.gz` -> `a.jsonl`. */
export function stripCompression(file: string): string {
  return namePart(file).replace(/\.(gz|gzip|zst|zstd|bz2|xz|zst_blocks)$/i, "");
}

/**
 * The decompressed bytes; a file expanding past `limits` is an InputError (expansion-limit.ts).
 * `local`: `chunks` are this local file's bytes from its start, counted into `progress` as they
 * stream; a decoding tool (xz, zstd --long) then reads the file itself (tool-decoder.ts).
 */
export function decompress(
  chunks: AsyncIterable<Buffer>,
  compression: Compression,
  file: string,
  limits: ExpansionLimits = DEFAULT_EXPANSION_LIMITS,
  local?: { path: string; progress?: { readBytes: number } | undefined },
): AsyncIterable<Buffer> {
  const direct = (consumed: (bytes: number) => void) => (local ? toolInput(local, consumed) : undefined);
  if (compression === "gzip") return limitExpansion(chunks, (c) => gunzipChunks(c, file), file, limits);
  if (compression === "zstd") return limitExpansion(chunks, (c, consumed) => unzstdChunks(c, file, direct(consumed)), file, limits);
  if (compression === "bzip2") return limitExpansion(chunks, (c) => bunzip2Chunks(c, file), file, limits);
  if (compression === "xz") return limitExpansion(chunks, (c, consumed) => unxzChunks(c, file, { local: direct(consumed) }), file, limits);
  if (compression === "zst_blocks") return limitExpansion(chunks, (c) => unzstBlocksChunks(c, file), file, limits);
  return chunks;
}

/**
 * The file for a tool to read itself, given the bytes of it this thread already read (`already`,
 * counted into progress by the byte source): the tool's position moves progress on from there.
 */
function toolInput(local: { path: string; progress?: { readBytes: number } | undefined }, consumed: (bytes: number) => void): (already: number) => LocalFile {
  return (already) => {
    let counted = already;
    return {
      path: local.path,
      onPosition(bytes) {
        consumed(bytes);
        if (local.progress && bytes > counted) local.progress.readBytes += bytes - counted;
        counted = Math.max(counted, bytes);
      },
    };
  };
}
