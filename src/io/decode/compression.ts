// Which codec a file uses, and its decompressed bytes as a stream.
import type { ReaderConfig } from "../reader-options.js";
import { DEFAULT_EXPANSION_LIMITS, limitExpansion, type ExpansionLimits } from "./expansion-limit.js";
import { bunzip2Chunks } from "./bzip2.js";
import { gunzipChunks } from "./gzip.js";
import { namePart } from "../sources/name-part.js";
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

/** The decompressed bytes; a file expanding past `limits` is an InputError (expansion-limit.ts). */
export function decompress(
  chunks: AsyncIterable<Buffer>,
  compression: Compression,
  file: string,
  limits: ExpansionLimits = DEFAULT_EXPANSION_LIMITS,
): AsyncIterable<Buffer> {
  if (compression === "gzip") return limitExpansion(chunks, (c) => gunzipChunks(c, file), file, limits);
  if (compression === "zstd") return limitExpansion(chunks, (c) => unzstdChunks(c, file), file, limits);
  if (compression === "bzip2") return limitExpansion(chunks, (c) => bunzip2Chunks(c, file), file, limits);
  if (compression === "xz") return limitExpansion(chunks, (c) => unxzChunks(c, file), file, limits);
  if (compression === "zst_blocks") return limitExpansion(chunks, (c) => unzstBlocksChunks(c, file), file, limits);
  return chunks;
}
