// UTF-8 of a pre-token into a reused buffer, without TextEncoder's per-call allocation (the merge
// loop runs it once per new word).

/** Writes the UTF-8 of `piece` (of its units start..end) into `b` (at least 3 bytes per UTF-16 unit) and returns its length; a lone surrogate becomes U+FFFD, as TextEncoder (and tiktoken's input) does. */
export function writeUtf8(piece: string, b: Uint8Array, start = 0, end = piece.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = piece.charCodeAt(i);
    if (c < 0x80) b[n++] = c;
    else if (c < 0x800) {
      b[n++] = 0xc0 | (c >> 6);
      b[n++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
        const d = piece.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[n++] = 0xf0 | (cp >> 18);
          b[n++] = 0x80 | ((cp >> 12) & 63);
          b[n++] = 0x80 | ((cp >> 6) & 63);
          b[n++] = 0x80 | (cp & 63);
          i++;
          continue;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      b[n++] = 0xe0 | (c >> 12);
      b[n++] = 0x80 | ((c >> 6) & 63);
      b[n++] = 0x80 | (c & 63);
    }
  }
  return n;
}
