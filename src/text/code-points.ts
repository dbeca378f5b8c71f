// Python's len(): code points, not UTF-16 units. Ratios computed over characters must use this to
// match datatrove on text with emoji or rare CJK characters (astral planes count once, not twice).
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** JavaScript's \s: whitespace between words (Python's str.split() differs only on U+FEFF, U+0085 and \x1c-\x1f). */
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

// Python's len() of a text (code points), as datatrove's ratios divide by it. Most texts have no
// astral character, and a regex finds that out faster than counting surrogate pairs.

const HIGH_SURROGATE = /[\ud800-\udbff]/;

export function textLength(text: string): number {
  return hasAstral(text) ? codePointLength(text) : text.length;
}

/** Whether the text has an astral character (a high surrogate): only then do code points and UTF-16 units differ. */
export function hasAstral(text: string): boolean {
  return HIGH_SURROGATE.test(text);
}
