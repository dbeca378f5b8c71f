// Tokens of text written with spaces between words (English and most languages), in the shape of
// spaCy's English tokenizer, which datatrove uses for them. words.ts picks this or unspaced-words.ts.
// Known difference from spaCy: contractions stay whole ("don't" is one token, spaCy gives "do", "n't").

import { isSpace } from "./code-points.js";

// Spaced scripts follow the shape of spaCy's English tokenizer, which datatrove uses: split on
// whitespace, then peel punctuation off the front and back of each chunk one mark at a time ("..."
// stays one token), and split infixes -- hyphens between letters, and : < > = / between a letter or
// digit and a letter -- so "e-mail" is e, -, mail while "3.14", "U.S." and "don't" stay whole. URLs
// stay whole, as spaCy's URL matcher keeps them.
const PREFIX_RE = /^(?:\.{2,}|…|[^\p{L}\p{N}\p{M}])/u;
const INFIX_RE = /(?<=[\p{L}])(?:--|[-–—~])(?=[\p{L}])|(?<=[\p{L}\p{N}])[:<>=/](?=[\p{L}])/u;
const URL_RE = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+$/i;
// A chunk ending in a period that spaCy keeps whole: an abbreviation such as "U.S." or "e.g.".
const ABBREVIATION_RE = /^(?:\p{L}\.){2,}$/u;
const NON_WORD_RE = /^[^\p{L}\p{N}\p{M}]$/u;
const LETTER_RE = /^\p{L}$/u;

// Most chunks are plain words: letters, digits and marks only, nothing to peel or split.
const PLAIN_WORD_RE = /^[\p{L}\p{N}\p{M}]+$/u;

// One class per UTF-16 unit, looked up while scanning: a table read is several times cheaper than a
// Unicode property regex per chunk. Surrogates have their own class and send a chunk to the regex
// path, which sees whole code points.
const WORD = 1; // \p{L}, \p{N}, \p{M}
const SPACE = 2;
const MARK = 3; // anything else: punctuation and symbols, which spaCy peels off a word's ends
const SURROGATE = 4;
let unitClasses: Uint8Array | undefined;

function classes(): Uint8Array {
  if (unitClasses) return unitClasses;
  const table = new Uint8Array(0x10000);
  const word = /[\p{L}\p{N}\p{M}]/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) table[c] = SURROGATE;
    else if (isSpace(c)) table[c] = SPACE;
    else table[c] = word.test(String.fromCharCode(c)) ? WORD : MARK;
  }
  unitClasses = table;
  return table;
}

/** Every token of spaced text: words and punctuation marks, no whitespace. */
export function spacedTokens(text: string): string[] {
  const cls = classes();
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && cls[text.charCodeAt(i)] === SPACE) i++;
    if (i >= n) break;
    let j = i;
    let plain = true;
    while (j < n) {
      const k = cls[text.charCodeAt(j)];
      if (k === SPACE) break;
      if (k !== WORD) plain = false;
      j++;
    }
    if (plain) {
      out.push(text.slice(i, j));
      i = j;
      continue;
    }
    // Second most common shape: a word with one mark before and/or after it ("word,", "(word",
    // "'word'"): what the general path below would find, peeling the marks one at a time.
    const lead = cls[text.charCodeAt(i)] === MARK ? 1 : 0;
    const trail = cls[text.charCodeAt(j - 1)] === MARK && j - 1 > i + lead ? 1 : 0;
    const b = j - trail;
    let core = i + lead < b;
    for (let a = i + lead; core && a < b; a++) if (cls[text.charCodeAt(a)] !== WORD) core = false;
    if (core) {
      if (lead) out.push(text[i]!);
      out.push(text.slice(i + lead, b));
      if (trail) out.push(text[j - 1]!);
      i = j;
      continue;
    }
    const chunk = text.slice(i, j);
    i = j;
    if (PLAIN_WORD_RE.test(chunk)) {
      out.push(chunk);
      continue;
    }
    if (URL_RE.test(chunk)) {
      out.push(chunk);
      continue;
    }
    let rest = chunk;
    let m: RegExpExecArray | null;
    while (rest.length > 0 && (m = PREFIX_RE.exec(rest)) !== null) {
      out.push(m[0]);
      rest = rest.slice(m[0].length);
    }
    const suffixes: string[] = [];
    let suffix: string;
    while (rest.length > 0 && !isAbbreviation(rest) && (suffix = suffixMark(rest)) !== "") {
      suffixes.push(suffix);
      rest = rest.slice(0, rest.length - suffix.length);
    }
    while (rest.length > 0) {
      const infix = INFIX_RE.exec(rest);
      if (!infix) {
        out.push(rest);
        break;
      }
      if (infix.index > 0) out.push(rest.slice(0, infix.index));
      out.push(infix[0]);
      rest = rest.slice(infix.index + infix[0].length);
    }
    for (let i = suffixes.length - 1; i >= 0; i--) out.push(suffixes[i]!);
  }
  return out;
}

/**
 * The mark peeled off the end of a chunk, as spaCy's suffix rules find it: a run of two or more
 * dots, else the last code point if it is not a letter, digit or mark; "" when there is none. Read
 * from the end: a regex ending in `$` is tried from every position of the chunk, so peeling a chunk
 * that ends in n marks cost O(n^2) ("a" + 80,000 commas took 5 s).
 */
function suffixMark(rest: string): string {
  let dots = 0;
  while (dots < rest.length && rest.charCodeAt(rest.length - 1 - dots) === 0x2e) dots++;
  if (dots >= 2) return rest.slice(rest.length - dots);
  const last = lastCodePoint(rest, rest.length);
  return NON_WORD_RE.test(last) ? last : "";
}

/** "U.S.", "e.g.": ABBREVIATION_RE, tried only when the chunk ends in a letter and a period, so a
 *  long chunk is scanned at most once before its last suffix is peeled. */
function isAbbreviation(rest: string): boolean {
  if (rest.length < 4 || rest.charCodeAt(rest.length - 1) !== 0x2e) return false;
  return LETTER_RE.test(lastCodePoint(rest, rest.length - 1)) && ABBREVIATION_RE.test(rest);
}

/** The code point that ends at `end` (a surrogate pair whole, a lone surrogate alone). */
function lastCodePoint(text: string, end: number): string {
  const low = text.charCodeAt(end - 1);
  const high = text.charCodeAt(end - 2);
  const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return text.slice(pair ? end - 2 : end - 1, end);
}
