// spaCy's affix rules for English (spacy/lang/punctuation.py: TOKENIZER_PREFIXES and
// TOKENIZER_SUFFIXES, spacy/lang/en/punctuation.py: TOKENIZER_INFIXES; v3.7.5, unchanged in 3.8),
// evaluated as spaCy's compiled regexes answer them: the prefix rule listed first wins, the suffix
// starting earliest wins, infixes are found left to right. Look-behinds see only the string spaCy
// passes (what is left of the chunk), not what was peeled. Written as code over the character
// classes of spaced-chars.ts instead of regexes: one table read per character.
import { ALPHA, CURRENCY, DIGIT, DOT_AFTER, ICON, INERT, LOWER, PREFIX, QUOTE, SUFFIX, UPPER, classOf, unitClasses } from "./spaced-chars.js";

/** The code point at `i` and its length in units, within [.., end). */
function cpAt(s: string, i: number, end: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** The code point ending at `i` (exclusive), not before `start`; -1 if none. */
function cpBefore(s: string, i: number, start: number): number {
  if (i <= start) return -1;
  const d = s.charCodeAt(i - 1);
  if (d >= 0xdc00 && d <= 0xdfff && i - 2 >= start) {
    const c = s.charCodeAt(i - 2);
    if (c >= 0xd800 && c <= 0xdbff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return d;
}

const width = (cp: number) => (cp > 0xffff ? 2 : 1);
const bits = (cp: number) => (cp < 0 ? 0 : classOf(cp));

/** Length (units) of the prefix spaCy peels off s[a, b), 0 if none: the first matching rule in spaCy's order. */
export function prefixLength(s: string, a: number, b: number): number {
  const c = s.charCodeAt(a);
  if (c === 0x2e) {
    // ".." and longer runs of dots
    let j = a + 1;
    while (j < b && s.charCodeAt(j) === 0x2e) j++;
    return j - a >= 2 ? j - a : 0;
  }
  if (c === 0x2b) {
    // "+" unless a digit follows (a phone number or a signed number keeps it)
    const d = a + 1 < b ? s.charCodeAt(a + 1) : 0;
    return d >= 0x30 && d <= 0x39 ? 0 : 1;
  }
  if (c === 0x55 && b - a >= 3 && s.charCodeAt(a + 1) === 0x53 && s.charCodeAt(a + 2) === 0x24) return 3; // US$
  if ((c === 0x43 || c === 0x41) && b - a >= 2 && s.charCodeAt(a + 1) === 0x24) return 2; // C$, A$
  const cp = cpAt(s, a, b);
  return classOf(cp) & PREFIX ? width(cp) : 0;
}

// After a digit: units ("10km", "5%"), currency signs ("5$", "5US$") and "+" are suffixes.
const UNITS =
  "km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K % км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм кг г мг м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тбكم كم² كم³ م م² م³ سم سم² سم³ مم مم² مم³ كم غرام جرام جم كغ ملغ كوب اكواب";
/** What spaCy peels off the end of a chunk right after an ASCII digit: units, currency signs, "+". */
export const SUFFIXES_AFTER_DIGIT: ReadonlySet<string> = new Set([...UNITS.split(" "), ...CURRENCY, "US$", "C$", "A$", "+"]);
export const AFTER_DIGIT_MAX = Math.max(...[...SUFFIXES_AFTER_DIGIT].map((u) => u.length));
/** The two-unit suffixes: a doubled ellipsis and the possessive 's ("……", "'s", "'S", "’s", "’S"). */
function isPair(c: number, d: number): boolean {
  if (c === 0x2026) return d === 0x2026;
  return (c === 0x27 || c === 0x2019) && (d === 0x73 || d === 0x53);
}

/**
 * Length (units) of the suffix spaCy peels off s[a, b), 0 if none. spaCy's suffix regex is
 * searched left to right, so of all the rules that match up to the end, the one starting
 * earliest wins; look-behinds see only s[a, b).
 */
export function suffixLength(s: string, a: number, b: number): number {
  if (a >= b) return 0;
  let start = b; // the earliest start found so far
  // a run of two or more dots
  let dots = 0;
  while (b - dots > a && s.charCodeAt(b - 1 - dots) === 0x2e) dots++;
  if (dots >= 2) return dots; // nothing else can start earlier: no other rule ends in "."
  // a unit, currency sign or "+" right after the last ASCII digit
  for (let d = b - 1; d >= a && d >= b - 1 - AFTER_DIGIT_MAX; d--) {
    const c = s.charCodeAt(d);
    if (c >= 0x30 && c <= 0x39) {
      if (d + 1 < b && SUFFIXES_AFTER_DIGIT.has(s.slice(d + 1, b))) start = d + 1;
      break;
    }
  }
  if (start < b - 2) return b - start;
  if (b - a >= 2 && isPair(s.charCodeAt(b - 2), s.charCodeAt(b - 1))) return 2;
  if (start < b) return b - start;
  const last = cpBefore(s, b, a);
  const w = width(last);
  if (classOf(last) & SUFFIX) return w;
  if (last === 0x2e) {
    const prev = cpBefore(s, b - 1, a);
    const k = bits(prev);
    if (k & DOT_AFTER) return 1; // after a digit, lower-case letter, punctuation or quote
    const prev2 = cpBefore(s, b - 1 - width(prev), a);
    if (prev2 === 0xb0 && "FfCcKk".includes(String.fromCharCode(prev))) return 1; // "°C."
    if (k & UPPER && bits(prev2) & UPPER) return 1; // after two capitals: "NASA."
  }
  return 0;
}

// Hyphens of more than one character, tried after the one-character ones fail ("-" then "--"...).
const LONG_HYPHENS = ["--", "---", "——"];

/** spaCy's English infix rules, left to right (Python's finditer): [start, end) of each infix in s. */
function findInfixes(s: string): number[] {
  const cls = unitClasses();
  const found: number[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    // no infix starts at a letter or digit
    if (cls[s.charCodeAt(i)]! & (INERT | DIGIT)) {
      i++;
      continue;
    }
    const cp = cpAt(s, i, n);
    const end = infixAt(s, i, cp);
    if (end > i) {
      found.push(i, end);
      i = end;
    } else i += width(cp);
  }
  return found;
}

/** The end of the infix starting at i, or i if none. The rules in spaCy's order. */
function infixAt(s: string, i: number, cp: number): number {
  const n = s.length;
  if (cp === 0x2e && i + 1 < n && s.charCodeAt(i + 1) === 0x2e) {
    let j = i + 2;
    while (j < n && s.charCodeAt(j) === 0x2e) j++;
    return j;
  }
  if (cp === 0x2026) return i + 1;
  const k = classOf(cp);
  if (k & ICON) return i + width(cp);
  const prev = cpBefore(s, i, 0);
  const next = i + width(cp) < n ? cpAt(s, i + width(cp), n) : -1;
  if (infixRule(cp, bits(prev), bits(next), next)) return i + 1;
  if (bits(prev) & (ALPHA | DIGIT)) {
    // longer hyphens and dashes before a letter: "a--b", "a——b"
    for (const h of LONG_HYPHENS) {
      if (s.startsWith(h, i)) {
        const after = i + h.length < n ? cpAt(s, i + h.length, n) : -1;
        if (bits(after) & ALPHA) return i + h.length;
      }
    }
  }
  return i;
}

/**
 * Whether the one-character infix rules split at `c` between characters of classes `pk` and
 * `nk` (`next` is the following code point, -1 at the end). In spaCy's order, for this purpose
 * (the hyphen rules with one character come before the two-character "--").
 */
export function infixRule(c: number, pk: number, nk: number, next: number): boolean {
  switch (c) {
    case 0x2b: // + - * ^ between digits (or before a minus): "2+2", "1-800"
    case 0x2a:
    case 0x5e:
      return (pk & DIGIT) !== 0 && ((nk & DIGIT) !== 0 || next === 0x2d);
    case 0x2d: // also a hyphen before a letter: "e-mail", "3-year"
      return ((pk & DIGIT) !== 0 && ((nk & DIGIT) !== 0 || next === 0x2d)) || ((pk & (ALPHA | DIGIT)) !== 0 && (nk & ALPHA) !== 0);
    case 0x2e: // a period between a lower-case letter and a capital: "end.The"
      return (pk & (LOWER | QUOTE)) !== 0 && (nk & (UPPER | QUOTE)) !== 0;
    case 0x2c: // a comma between letters: "red,green"
      return (pk & ALPHA) !== 0 && (nk & ALPHA) !== 0;
    case 0x2013: // en and em dashes, tilde before a letter
    case 0x2014:
    case 0x7e:
    case 0x3a: // : < > = / before a letter: "and/or", "a=b"
    case 0x3c:
    case 0x3e:
    case 0x3d:
    case 0x2f:
      return (pk & (ALPHA | DIGIT)) !== 0 && (nk & ALPHA) !== 0;
    case 0x2026: // an ellipsis, anywhere
      return true;
  }
  return false;
}

/** spaCy's _attach_tokens for the middle of a chunk: split at its infixes (one at the very start stays attached). */
export function splitInfixes(s: string, out: string[]): void {
  const infixes = findInfixes(s);
  let start = 0;
  for (let k = 0; k < infixes.length; k += 2) {
    const from = infixes[k]!;
    const to = infixes[k + 1]!;
    if (from === 0) continue;
    if (from !== start) out.push(s.slice(start, from));
    out.push(s.slice(from, to));
    start = to;
  }
  if (start < s.length) out.push(start === 0 ? s : s.slice(start));
}
