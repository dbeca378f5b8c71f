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
  const cls = unitClasses();
  const n = text.length;
  let gap = APART;
  let maybeRuns = false; // two tokens of one chunk begin an exception run that changes tokens
  let i = 0;
  while (i < n) {
    if (cls[text.charCodeAt(i)]! & SPACE) {
      const start = i;
      while (i < n && cls[text.charCodeAt(i)]! & SPACE) i++;
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
    // The chunk's shape: where its units that are neither inert nor digits ("marks") are, and
    // its last ASCII digit. Words, numbers, and words with one mark at either end or both take
    // the shortcuts below, which give what the general path would (tests compare the two).
    const start = i;
    let marks = 0;
    let firstMark = -1;
    let lastMark = -1;
    let lastDigit = -1;
    while (i < n) {
      const k = cls[text.charCodeAt(i)]!;
      if (k & SPACE) break;
      if (!(k & INERT)) {
        if (k & DIGIT) lastDigit = i;
        else {
          if (marks++ === 0) firstMark = i;
          lastMark = i;
        }
      }
      i++;
    }
    const end = i;
    if (shortcuts && end - start === 1) {
      if (record) setGaps(out.length, out.length + 1, gap);
      out.push(text[start]!); // one character: itself, whatever it is
      continue;
    }
    const first = out.length;
    if (!shortcuts) marks = 3; // the general path below
    if (marks === 0 || (marks <= 2 && end - start >= 2 && shortcut(text, start, end, firstMark, lastMark, lastDigit, out))) {
      if (marks === 0) {
        // a word or a number: whole, unless an exception ("cannot", "5pm") or a unit after a digit ("10km")
        if (!isException(text, start, end) && (lastDigit < 0 || lastDigit === end - 1 || !unitAfter(text, lastDigit, end))) {
          if (record) setGaps(out.length, out.length + 1, gap);
          out.push(text.slice(start, end));
          continue;
        }
      } else {
        if (record) setGaps(first, out.length, gap);
        else if (!maybeRuns && out.length - first >= 2 && beginsRun(out, first)) maybeRuns = true;
        continue;
      }
    }
    const chunk = text.slice(start, end);
    let tokens = englishExceptions().get(chunk) ?? (shortcuts ? recentChunks.get(chunk) : undefined);
    if (!tokens) {
      const from = out.length;
      tokenizeChunk(chunk, out, true);
      if (shortcuts && chunk.length <= RECENT_CHUNK_LENGTH) {
        if (recentChunks.size >= RECENT_CHUNKS) recentChunks.clear();
        recentChunks.set(chunk, out.slice(from));
      }
    } else for (const t of tokens) out.push(t);
    if (record) setGaps(first, out.length, gap);
    else if (!maybeRuns && out.length - first >= 2 && beginsRun(out, first)) maybeRuns = true;
  }
  return maybeRuns;
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
  if (isException(text, start, end) || (lead && isException(text, a, end)) || (trail && isException(text, start, b)) || (lead && trail && isException(text, a, b))) return false;
  if (lead) out.push(text[start]!);
  out.push(text.slice(a, b));
  if (trail) out.push(text[end - 1]!);
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
