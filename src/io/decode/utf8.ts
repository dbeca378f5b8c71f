// UTF-8 bytes -> string, counting invalid input instead of failing on it: every invalid sequence
// becomes U+FFFD (as Python's errors="replace" and the WHATWG decoder do) and is counted in Stats.
import { isUtf8 } from "node:buffer";
import type { Stats } from "../../pipeline/stats.js";
import { countOccurrences } from "../../text/count.js";

export function decodeUtf8(bytes: Buffer, stats: Stats | undefined): string {
  const text = bytes.toString("utf8");
  // isUtf8 is simdutf's validator: far cheaper than the decode, so valid input pays almost nothing.
  if (stats && !isUtf8(bytes)) stats.add("replacement_chars", countOccurrences(text, "\uFFFD") - encodedReplacements(bytes));
  return text;
}

/** U+FFFD characters that were already in the input, as their UTF-8 bytes EF BF BD. */
function encodedReplacements(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(REPLACEMENT_UTF8); i !== -1; i = bytes.indexOf(REPLACEMENT_UTF8, i + 3)) n++;
  return n;
}

const REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);
