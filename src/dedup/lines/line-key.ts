// CCNet's paragraph key (cc_net/dedup.py compute_hashes): the first 8 bytes of the SHA-1 of the
// UTF-8 line after normalize_for_dedup, read as a little-endian uint64 (CCNet's HASH_TYPE). Kept
// here as its two 32-bit words, low first: out[0] is bytes 0-3, out[1] bytes 4-7.
import { hash } from "node:crypto";
import { codePointLength } from "../../text/code-points.js";
import { normalizeForDedup } from "../../text/normalize.js";

/** The key of a line that normalizes to `normalized` (not empty). */
export function lineKey(normalized: string, out: Int32Array): void {
  const digest = hash("sha1", normalized, "buffer");
  out[0] = digest.readInt32LE(0);
  out[1] = digest.readInt32LE(4);
}

/**
 * What dedup does with a line: "blank" when it normalizes to nothing, "short" when the normalized
 * line has fewer than `minLength` characters (never deduplicated), else its key goes to `out`.
 */
export function classifyLine(line: string, minLength: number, out: Int32Array): "blank" | "short" | "key" {
  const normalized = normalizeForDedup(line);
  if (normalized.length === 0) return "blank";
  if (minLength > 0 && codePointLength(normalized) < minLength) return "short";
  lineKey(normalized, out);
  return "key";
}
