// datatrove's simplify_text (default TextNormConfig) as the decontamination index and filter apply it
// to benchmark items and documents, in one pass (src/clean/ngram-index.ts says what an n-gram is).
import punctuation from "../text/data/punctuation.json" with { type: "json" };

// simplify_text in one pass over the text (the regex chain of src/text/normalize.ts's simplifyText,
// five passes, was most of the filter's time; `npm run bench -- decont`). Per BMP code unit a class:
// 0 copy, 1 punctuation or whitespace (a space), 2 decimal digit, 3 combining mark (dropped after
// NFD), 4 changed by NFD (replaced by its decomposition without marks). The output may differ from
// simplifyText's only in runs of spaces (a dropped mark between two spaces), which no tokenizer here
// keeps: the tokens are the same (tests/clean/decontaminate.test.ts checks it on the sample).
const COPY = 0;
const SPACE = 1;
const DIGIT = 2;
const MARK = 3;
const DECOMPOSE = 4;
let classes: Uint8Array | undefined;
const decompositions = new Map<number, string>();
const NUMBER_SEPARATORS = new Set([0x2e, 0x2c, 0x60c, 0x66b, 0x2396, 0x2397, 0x2398]);
const ND_RE = /^\p{Nd}$/u;
const MN_RE = /\p{Mn}/gu;
const WS_RE = /^\s$/u;

function classTable(): Uint8Array {
  if (classes) return classes;
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (ND_RE.test(ch)) t[c] = DIGIT;
    else if (WS_RE.test(ch)) t[c] = SPACE;
    else if (/^\p{Mn}$/u.test(ch)) t[c] = MARK;
    else if (ch.normalize("NFD") !== ch) {
      t[c] = DECOMPOSE;
      decompositions.set(c, ch.normalize("NFD").replace(MN_RE, ""));
    }
  }
  // numbers go first in simplify_text: a full-width digit in the punctuation list becomes "0"
  for (const c of punctuation.punctuation) if (t[c] !== DIGIT) t[c] = SPACE;
  classes = t;
  return t;
}

/** datatrove's simplify_text (default TextNormConfig), up to runs of spaces: see above. */
export function simplifyForNgrams(text: string): string {
  return simplify(text, undefined);
}

/**
 * The same, and whether the output holds a character from U+2E80 on (where Han and kana begin), so
 * that a caller looks for Chinese only then.
 */
export function simplifyNotingWide(text: string): { text: string; wide: boolean } {
  const seen = { wide: false };
  return { text: simplify(text, seen), wide: seen.wide };
}

function simplify(text: string, seen: { wide: boolean } | undefined): string {
  const t = classTable();
  const s = text.toLowerCase();
  let wide = false;
  let out = "";
  let start = 0; // start of the pending run to copy as is
  let space = true; // the output ends with a space (or is empty)
  const flush = (i: number) => {
    if (i > start) {
      out += s.slice(start, i);
      space = false;
    }
  };
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    const k = c >= 0xd800 && c <= 0xdbff ? astralClass(s, i) : t[c]!;
    if (k === COPY) {
      if (c >= 0x2e80) wide = true;
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      continue;
    }
    // one space between two copied characters stays in the run: prose is then one slice per
    // sentence, not one per word (a third of the time on English text)
    if (c === 0x20 && i > start && i + 1 < n && t[s.charCodeAt(i + 1)] === COPY && s.charCodeAt(i + 1) < 0xd800) {
      i++;
      continue;
    }
    flush(i);
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    if (k === SPACE) {
      if (!space) out += " ";
      space = true;
      i += width;
    } else if (k === DIGIT) {
      // \p{Nd}+([.,،٫⎖⎗⎘]\p{Nd}+)? becomes one "0"
      i = digitsEnd(s, i, t);
      if (i + 1 < n && NUMBER_SEPARATORS.has(s.charCodeAt(i)) && isDigitAt(s, i + 1, t)) i = digitsEnd(s, i + 1, t);
      out += "0";
      space = false;
    } else if (k === MARK) {
      i += width;
    } else {
      const d =
        width === 2
          ? s
              .slice(i, i + 2)
              .normalize("NFD")
              .replace(MN_RE, "")
          : decompositions.get(c)!;
      if (d.length > 0) {
        // a compatibility ideograph (U+F900...) decomposes to a Han character
        for (let j = 0; j < d.length; j++) if (d.charCodeAt(j) >= 0x2e80) wide = true;
        out += d;
        space = false;
      }
      i += width;
    }
    start = i;
  }
  flush(n);
  if (seen) seen.wide = wide;
  return space && out.length > 0 ? out.slice(0, -1) : out;
}

function isDigitAt(s: string, i: number, t: Uint8Array): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? astralClass(s, i) === DIGIT : t[c] === DIGIT;
}

function digitsEnd(s: string, i: number, t: Uint8Array): number {
  while (i < s.length && isDigitAt(s, i, t)) i += s.charCodeAt(i) >= 0xd800 && s.charCodeAt(i) <= 0xdbff && i + 1 < s.length ? 2 : 1;
  return i;
}

function astralClass(s: string, i: number): number {
  if (i + 1 >= s.length) return COPY; // a lone high surrogate: kept as it is
  const ch = s.slice(i, i + 2);
  if (ND_RE.test(ch)) return DIGIT;
  if (/^\p{Mn}$/u.test(ch)) return MARK;
  return ch.normalize("NFD") !== ch ? DECOMPOSE : COPY;
}
