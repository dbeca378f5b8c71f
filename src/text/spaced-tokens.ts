// Tokens of text written with spaces between words, as spaCy's English tokenizer makes them
// (spacy.blank("en"), spaCy 3.7.5 = 3.8), which is what datatrove's split_into_words uses for
// English and, with its default language, for every document. words.ts picks this or
// unspaced-words.ts. The steps are spaCy's (spacy/tokenizer.pyx): cut at whitespace; a chunk in
// the exception table is split as the table says (spaced-exceptions.ts); otherwise prefixes and
// suffixes are peeled off its ends until none is left or what remains is an exception; the
// middle stays whole if it is an exception or a URL (spaced-url.ts), else it is split at infixes;
// last, token runs that spell an exception with affixes in it (":)", "co.") are merged back
// (spaced-runs.ts). Character classes: spaced-chars.ts; affix rules: spaced-affixes.ts; the
// general path for one chunk: spaced-chunk.ts. Words, numbers and words with one mark take
// shortcuts here. Checked against spaCy's own output on real paragraphs
// (tests/fixtures/spacy-en-tokens.jsonl).
import { DIGIT, DOT_AFTER, ICON, INERT, PREFIX, SPACE, SUFFIX, UPPER, unitClasses } from "./spaced-chars.js";
import { englishExceptions, isException } from "./spaced-exceptions.js";
import { AFTER_DIGIT_MAX, SUFFIXES_AFTER_DIGIT, infixRule } from "./spaced-affixes.js";
import { tokenizeChunk } from "./spaced-chunk.js";
import { APART, ONE_SPACE, SAME_CHUNK, beginsRun, mergeExceptionRuns } from "./spaced-runs.js";

/** Every token of spaced text: words and punctuation marks, no whitespace (datatrove's word_tokenize). */
export function spacedTokens(text: string): string[] {
  const out: string[] = [];
  tokenize(text, out, false);
  return out;
}

/** The same tokens with every chunk taken through spaCy's whole procedure: no shortcut, no cache (for tests). */
export function spacedTokensByRules(text: string): string[] {
  const out: string[] = [];
  tokenize(text, out, false, false);
  return out;
}

/**
 * spaCy's tokens with its whitespace tokens kept: a run of whitespace other than the single space
 * after a token is a token too ("\n", or " " for the second of two spaces). The sentencizer
 * counts them (spaced-sentences.ts); datatrove's word lists drop them.
 */
export function spacedTokensWithSpaces(text: string): string[] {
  const out: string[] = [];
  tokenize(text, out, true);
  return out;
}

// --- chunks ---

// What separates each token from the one before (spaced-runs.ts), recorded when runs are merged.
let gaps = new Uint8Array(1024);

function tokenize(text: string, out: string[], spaces: boolean, shortcuts = true): void {
  // Exception runs are rare: the first pass only notes whether one may need merging; then a
  // second pass records what separates the tokens, and the runs are merged.
  if (!scan(text, out, spaces, false, shortcuts)) return;
  out.length = 0;
  scan(text, out, spaces, true, shortcuts);
  mergeExceptionRuns(out, gaps);
}

/** Appends the tokens of `text` (gaps recorded if `record`); true if exception runs may need merging. */
function scan(text: string, out: string[], spaces: boolean, record: boolean, shortcuts: boolean): boolean {
  const kind = unitKinds();
  const cls = unitClasses();
  const plain = plainExceptionKeys();
  const n = text.length;
  let gap = APART;
  let maybeRuns = false; // two tokens of one chunk begin an exception run that changes tokens
  let i = 0;
  while (i < n) {
    if (kind[text.charCodeAt(i)] === K_SPACE) {
      const start = i;
      while (i < n && kind[text.charCodeAt(i)] === K_SPACE) i++;
      gap = start > 0 && i - start === 1 && text.charCodeAt(start) === 0x20 ? ONE_SPACE : APART;
      // the single space after a token belongs to it; anything more is a token of its own
      if (spaces) {
        const from = start > 0 && text.charCodeAt(start) === 0x20 ? start + 1 : start;
        if (from < i) {
          if (record) setGaps(out.length, out.length + 1, APART);
          out.push(text.slice(from, i));
        }
      }
      continue;
    }
    const start = i;
    i = scanChunk(text, start, kind);
    const marks = shape[0]!;
    const firstMark = shape[1]!;
    const lastMark = shape[2]!;
    const lastDigit = shape[3]!;
    const first = out.length;
    // Most chunks are words or numbers: whole, unless an exception ("cannot", "5pm") or a unit after a digit ("10km").
    if (
      shortcuts &&
      marks === 0 &&
      (lastDigit < 0 || lastDigit === i - 1 || !unitAfter(text, lastDigit, i)) &&
      !(plain[plainKey(text, start, i)] && isException(text, start, i))
    ) {
      out.push(text.slice(start, i));
    } else if (
      shortcuts &&
      marks === 1 &&
      firstMark === i - 1 &&
      i - start >= 2 &&
      (lastDigit < 0 || lastDigit === i - 2) &&
      isSuffixAfter(cls, text.charCodeAt(i - 1), text.charCodeAt(i - 2)) &&
      !isException(text, start, i) &&
      !isException(text, start, i - 1)
    ) {
      // the next most common: a word and a punctuation mark ("word,", "end.", "2019)"); no run of
      // exception tokens can start there that the whole chunk (an exception itself) would not
      out.push(text.slice(start, i - 1), text[i - 1]!);
    } else pushChunk(text, start, i, marks, firstMark, lastMark, lastDigit, out, shortcuts);
    if (record) setGaps(first, out.length, gap);
    else if (!maybeRuns && out.length - first >= 2 && beginsRun(out, first)) maybeRuns = true;
  }
  return maybeRuns;
}

// Exceptions made of letters and digits only ("cannot", "dont", "5pm"), by first and last unit
// (low 7 bits) and length: a word whose key matches none is no exception, without hashing it.
let plainKeys: Uint8Array | undefined;
const plainKey = (text: string, start: number, end: number) =>
  ((text.charCodeAt(start) & 0x7f) << 11) | ((text.charCodeAt(end - 1) & 0x7f) << 4) | Math.min(end - start, 15);

function plainExceptionKeys(): Uint8Array {
  if (plainKeys) return plainKeys;
  const kind = unitKinds();
  plainKeys = new Uint8Array(1 << 18);
  for (const chunk of englishExceptions().keys()) {
    if ([...chunk].every((ch) => ch.length === 1 && (kind[ch.charCodeAt(0)] === K_INERT || kind[ch.charCodeAt(0)] === K_DIGIT)))
      plainKeys[plainKey(chunk, 0, chunk.length)] = 1;
  }
  return plainKeys;
}

// Each BMP unit's part in a chunk's shape: inert (letters...), whitespace, an ASCII digit, or a mark.
const K_INERT = 0;
const K_SPACE = 1;
const K_DIGIT = 2;
const K_MARK = 3;
let kinds: Uint8Array | undefined;

function unitKinds(): Uint8Array {
  if (kinds) return kinds;
  const cls = unitClasses();
  kinds = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) kinds[c] = cls[c]! & SPACE ? K_SPACE : cls[c]! & INERT ? K_INERT : cls[c]! & DIGIT ? K_DIGIT : K_MARK;
  return kinds;
}

// The last chunk's shape, from scanChunk: how many units are neither inert nor digits ("marks"),
// where the first and last are, and its last ASCII digit. In a typed array rather than a returned
// object: the tokenizer's hot loop reads it once per chunk without an allocation.
const shape = new Int32Array(4);

/** Scans the chunk at text[start..] up to the next whitespace: fills `shape`, returns the chunk's end. */
function scanChunk(text: string, start: number, kind: Uint8Array): number {
  let marks = 0;
  let firstMark = -1;
  let lastMark = -1;
  let lastDigit = -1;
  let i = start;
  for (; i < text.length; i++) {
    const k = kind[text.charCodeAt(i)];
    if (k === K_INERT) continue;
    if (k === K_SPACE) break;
    if (k === K_DIGIT) lastDigit = i;
    else {
      if (marks++ === 0) firstMark = i;
      lastMark = i;
    }
  }
  shape[0] = marks;
  shape[1] = firstMark;
  shape[2] = lastMark;
  shape[3] = lastDigit;
  return i;
}

/**
 * The tokens of the chunk at text[start..] (up to the next whitespace) appended to `out`, and the
 * chunk's end; -1 instead when two of them begin an exception run, which only a whole-text pass
 * settles. For the sentence count (spaced-sentences.ts), which tokenizes only the chunks it must.
 */
export function chunkTokens(text: string, start: number, out: string[]): number {
  const i = scanChunk(text, start, unitKinds());
  const first = out.length;
  pushChunk(text, start, i, shape[0]!, shape[1]!, shape[2]!, shape[3]!, out, true);
  return out.length - first >= 2 && beginsRun(out, first) ? -1 : i;
}

/**
 * The tokens of one chunk, text[start, end), before exception runs are merged (a run only merges
 * inside a chunk: the caller checks beginsRun). Words, numbers, and words with one mark at either
 * end or both take shortcuts, which give what the general path would (tests compare the two).
 */
function pushChunk(
  text: string,
  start: number,
  end: number,
  marks: number,
  firstMark: number,
  lastMark: number,
  lastDigit: number,
  out: string[],
  shortcuts: boolean,
): void {
  if (shortcuts && end - start === 1) {
    out.push(text[start]!); // one character: itself, whatever it is
    return;
  }
  if (shortcuts && marks === 0) {
    if (!isException(text, start, end) && (lastDigit < 0 || lastDigit === end - 1 || !unitAfter(text, lastDigit, end))) {
      out.push(text.slice(start, end));
      return;
    }
  } else if (shortcuts && ((marks <= 2 && shortcut(text, start, end, firstMark, lastMark, lastDigit, out)) || trailingShortcut(text, start, end, out))) return;
  const chunk = text.slice(start, end);
  const tokens = englishExceptions().get(chunk) ?? (shortcuts ? recentChunks.get(chunk) : undefined);
  if (tokens) {
    for (const t of tokens) out.push(t);
    return;
  }
  const from = out.length;
  tokenizeChunk(chunk, out, true);
  if (shortcuts && chunk.length <= RECENT_CHUNK_LENGTH) {
    if (recentChunks.size >= RECENT_CHUNKS) recentChunks.clear();
    recentChunks.set(chunk, out.slice(from));
  }
}

// The general path's answers for recent chunks, as spaCy caches them: punctuated chunks repeat
// ("e.g.,", "(1)", "U.S."), and a lookup costs less than peeling again. Cleared when full.
const recentChunks = new Map<string, readonly string[]>();
const RECENT_CHUNKS = 20_000;
const RECENT_CHUNK_LENGTH = 64;

/**
 * A word (letters, digits) with one mark before it, after it, or both ("word,", "(word", "(word)",
 * "2023."), or with one mark inside ("e-mail", "and/or", "a:b"). Appends the tokens and returns
 * true, or returns false (appending nothing) when the chunk needs the general path: an exception
 * may be involved, a mark is no affix there, or the word ends in a unit after a digit.
 */
function shortcut(text: string, start: number, end: number, firstMark: number, lastMark: number, lastDigit: number, out: string[]): boolean {
  const cls = unitClasses();
  const lead = firstMark === start;
  const trail = lastMark === end - 1;
  if (lastDigit >= 0 && lastDigit < end - 1 && unitAfter(text, lastDigit, end)) return false;
  if (!lead && !trail) return firstMark === lastMark && infixShortcut(text, start, end, firstMark, out);
  if (firstMark !== lastMark && !(lead && trail)) return false;
  const a = lead ? start + 1 : start;
  const b = trail ? end - 1 : end;
  if (a >= b) return false;
  if (lead && !(cls[text.charCodeAt(start)]! & PREFIX)) return false;
  if (trail) {
    const t = text.charCodeAt(end - 1);
    if (!(cls[t]! & SUFFIX) && !(t === 0x2e && dotIsSuffix(text, a, b))) return false;
  }
  if (lastDigit >= a && lastDigit < b - 1 && unitAfter(text, lastDigit, b)) return false;
  // the exceptions spaCy would try on the way: the chunk, without its prefix, without its suffix, the word
  if (
    isException(text, start, end) ||
    (lead && isException(text, a, end)) ||
    (trail && isException(text, start, b)) ||
    (lead && trail && isException(text, a, b))
  )
    return false;
  if (lead) out.push(text[start]!);
  out.push(text.slice(a, b));
  if (trail) out.push(text[end - 1]!);
  return true;
}

/**
 * A word or a number ("3.14", "1,000": "." and "," between digits) with marks only after it, and
 * perhaps one before: "word),", "(word).", "1.2.", "2019);". spaCy peels the marks off the end one
 * at a time (each is a suffix there: punctuation, quotes, icons, or a "." after a digit, a
 * lower-case letter, punctuation or two capitals) and keeps the number whole (no infix splits it,
 * and an address such as 8.8.8.8 is a URL: whole too). Appends the tokens and returns true, or
 * returns false (nothing appended) for the general path.
 */
function trailingShortcut(text: string, start: number, end: number, out: string[]): boolean {
  const cls = unitClasses();
  const kind = unitKinds();
  let t = end;
  while (t > start && kind[text.charCodeAt(t - 1)] === K_MARK) t--;
  const lead = kind[text.charCodeAt(start)] === K_MARK ? 1 : 0;
  const a = start + lead;
  if (a >= t || (lead && !(cls[text.charCodeAt(start)]! & PREFIX))) return false;
  let separators = 0;
  let letters = 0;
  let lastDigit = -1;
  for (let i = a; i < t; i++) {
    const k = kind[text.charCodeAt(i)];
    if (k === K_DIGIT) lastDigit = i;
    else if (k === K_INERT) letters++;
    else {
      const c = text.charCodeAt(i);
      if (!((c === 0x2e || c === 0x2c) && i > a && kind[text.charCodeAt(i - 1)] === K_DIGIT && i + 1 < t && kind[text.charCodeAt(i + 1)] === K_DIGIT))
        return false;
      separators++;
    }
  }
  if (separators > 0 ? letters > 0 : t === end) return false; // a number, or a word with marks after it
  if (lastDigit >= a && lastDigit < t - 1 && unitAfter(text, lastDigit, t)) return false;
  for (let p = end - 1; p >= t; p--) {
    const c = text.charCodeAt(p);
    if (cls[c]! & SUFFIX) {
      if (c === 0x2026 && p > t && text.charCodeAt(p - 1) === 0x2026) return false; // "……" is one suffix
      continue;
    }
    if (c !== 0x2e || text.charCodeAt(p - 1) === 0x2e) return false; // "..": a run of dots
    const k = cls[text.charCodeAt(p - 1)]!;
    if (!(k & DOT_AFTER) && !(p - 2 >= a && k & UPPER && cls[text.charCodeAt(p - 2)]! & UPPER)) return false;
  }
  // the exceptions spaCy would try on the way: the word with fewer and fewer marks, and with its prefix
  for (let e = t; e <= end; e++) if (isException(text, a, e)) return false;
  if (lead && (isException(text, start, end) || isException(text, start, end - 1))) return false;
  if (lead) out.push(text[start]!);
  out.push(text.slice(a, t));
  for (let p = t; p < end; p++) out.push(text[p]!);
  return true;
}

/**
 * A word with one mark inside (no prefix or suffix can apply): split at the mark if an infix rule
 * takes it, else whole. Not for a "." (it may make a URL), a "$" ("US$5" has a prefix) nor "'s"
 * at the end (a suffix).
 */
function infixShortcut(text: string, start: number, end: number, mark: number, out: string[]): boolean {
  const c = text.charCodeAt(mark);
  if (c === 0x2e || c === 0x24) return false; // "$" may end a prefix: "US$", "C$", "A$"
  if ((c === 0x27 || c === 0x2019) && mark === end - 2 && (text.charCodeAt(end - 1) | 0x20) === 0x73) return false;
  if (isException(text, start, end)) return false;
  const cls = unitClasses();
  if (cls[c]! & ICON || infixRule(c, cls[text.charCodeAt(mark - 1)]!, cls[text.charCodeAt(mark + 1)]!, text.charCodeAt(mark + 1))) {
    out.push(text.slice(start, mark), text[mark]!, text.slice(mark + 1, end));
  } else out.push(text.slice(start, end));
  return true;
}

/** Whether mark `c` after unit `before` (a letter or digit) is a suffix: punctuation, or "." after a lower-case letter or digit. */
function isSuffixAfter(cls: Uint16Array, c: number, before: number): boolean {
  return (cls[c]! & SUFFIX) !== 0 || (c === 0x2e && (cls[before]! & DOT_AFTER) !== 0);
}

/** Whether a "." after text[a, b) (a word of inert units and digits) is a suffix. */
function dotIsSuffix(text: string, a: number, b: number): boolean {
  const cls = unitClasses();
  const k = cls[text.charCodeAt(b - 1)]!;
  return (k & DOT_AFTER) !== 0 || (b - a >= 2 && (k & UPPER) !== 0 && (cls[text.charCodeAt(b - 2)]! & UPPER) !== 0);
}

/** Whether text[digit + 1, end) is a unit, currency sign or "+" (a suffix after the digit). */
function unitAfter(text: string, digit: number, end: number): boolean {
  return end - digit - 1 <= AFTER_DIGIT_MAX && SUFFIXES_AFTER_DIGIT.has(text.slice(digit + 1, end));
}

function setGaps(first: number, end: number, gap: number): void {
  if (gaps.length < end) grow(end);
  gaps[first] = gap;
  for (let k = first + 1; k < end; k++) gaps[k] = SAME_CHUNK;
}

function grow(size: number): void {
  let length = gaps.length;
  while (length < size) length *= 2;
  const next = new Uint8Array(length);
  next.set(gaps);
  gaps = next;
}
