// UTF-8 bytes -> string, counting invalid input instead of failing on it: every invalid sequence
// becomes U+FFFD (as Python's errors="replace" and the WHATWG decoder do) and is counted in Stats.
import { isUtf8 } from "node:buffer";
import type { Stats } from "../../pipeline/stats.js";

export function decodeUtf8(bytes: Buffer, stats: Stats | undefined): string {
  const text = bytes.toString("utf8");
  // isUtf8 is simdutf's validator: far cheaper than the decode, so valid input pays almost nothing.
  if (stats && !isUtf8(bytes)) stats.add("replacement_chars", countReplacements(text) - countReplacements(undefined, bytes));
  return text;
}

/** U+FFFD in `text`; with `bytes`, the ones already present as real EF BF BD in the input. */
function countReplacements(text: string | undefined, bytes?: Buffer): number {
  let n = 0;
  if (text !== undefined) {
    for (let i = text.indexOf("\uFFFD"); i !== -1; i = text.indexOf("\uFFFD", i + 1)) n++;
    return n;
  }
  const marker = Buffer.from([0xef, 0xbf, 0xbd]);
  for (let i = bytes!.indexOf(marker); i !== -1; i = bytes!.indexOf(marker, i + 3)) n++;
  return n;
}
