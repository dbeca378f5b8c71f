// The hashes of a document's shingle units, in order: the words of datatrove's simplify_text output
// as splitWords splits them (the MinHash default), or, for unspaced scripts on request, its
// characters. Each word is hashed once, as MurmurHash3_x86_32 of its UTF-16LE bytes (murmur3.ts);
// a 64-bit word hash is two such lanes with seeds 0 and 1.
//
// Two routes give the same hashes. The reference route builds simplifyText(text) and splitWords of
// it. The fast route reads the original text once: each UTF-16 unit's part in the simplified text is
// learned the first time the unit is seen (by simplifying it between two letters) and kept in a
// table, digits follow simplify_text's number rule, and the words' units go straight into the hash
// without any string being built (3x faster: 48 against 17 MB/s on the sample's spaced text; `npm run bench -- dedup` times signatures). A
// unit it cannot vouch for (astral planes, unspaced scripts, the Greek capital sigma whose
// lowercase depends on its neighbours, combining marks that NFD could reorder) or a chunk shape
// that splitWords' general path handles (a mark inside a word, two marks in a row) sends the
// document down the reference route, and a chunk spaCy's rules split otherwise (a mark they do not
// peel, an exception such as "cannot", a unit after a digit) takes it alone, so the fast route is an
// optimisation only;
// tests/dedup/hashing.test.ts checks that both give the same hashes on every sample and UDHR text.
import { isSpace } from "../../text/code-points.js";
import { PREFIX, SUFFIX, unitClasses } from "../../text/spaced-chars.js";
import { englishExceptions } from "../../text/spaced-exceptions.js";
import { SUFFIXES_AFTER_DIGIT } from "../../text/spaced-affixes.js";
import { spacedTokens } from "../../text/spaced-tokens.js";
import { simplifyText, type SimplifyOptions } from "../../text/normalize.js";
import { isUnspaced, splitWords } from "../../text/words.js";
import { spacyRuleLanguage } from "../../text/spacy-rules.js";
import { HashList } from "./hash-list.js";
import { fmix32, mixBlock, mixTail, murmurUnits } from "../../hash/murmur3.js";

export const SEED_LO = 0;
export const SEED_HI = 1;

export interface TokenHashOptions {
  /** ISO code; unspaced languages (zh, ja, th...) are segmented by a dictionary in splitWords (jieba for zh). */
  language?: string | undefined;
  /** datatrove's TextNormConfig; the defaults when absent. */
  normalize?: SimplifyOptions | undefined;
  /** 1: 32-bit hashes (hi words 0), 2: 64-bit hashes. */
  lanes: 1 | 2;
  /** Character units instead of words for documents in unspaced scripts. */
  charsWhenUnspaced?: boolean;
  /** Off: always take the reference route (tests compare the two). */
  fast?: boolean;
}

/**
 * Fill `out` with the unit hashes of `text`. Returns "chars" when the units are characters (an
 * unspaced document with charsWhenUnspaced), else "words".
 */
export function tokenHashes(text: string, options: TokenHashOptions, out: HashList): "words" | "chars" {
  out.clear();
  const { language, lanes } = options;
  const defaults = options.normalize === undefined || isDefaultNormalize(options.normalize);
  // the fast route scans as English's rules split; German, French... have their own (spacy-rules.ts)
  const spacedLanguage = language === undefined || (!isUnspaced("", language) && !spacyRuleLanguage(language));
  if (options.fast !== false && defaults && spacedLanguage && scanWords(text, lanes, out)) return "words";
  out.clear();
  const simplified = simplifyText(text, options.normalize);
  if (options.charsWhenUnspaced && isUnspaced(simplified, language)) {
    hashChars(simplified, lanes, out);
    return "chars";
  }
  for (const word of splitWords(simplified, language)) {
    out.push(murmurUnits(word, 0, word.length, SEED_LO), lanes === 2 ? murmurUnits(word, 0, word.length, SEED_HI) : 0);
  }
  return "words";
}

/** Whether `text` takes the fast route (for tests: the route must not quietly fall back). */
export function takesFastRoute(text: string): boolean {
  return scanWords(text, 2, new HashList());
}

function hashChars(text: string, lanes: 1 | 2, out: HashList): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    const d = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    const end = c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? i + 2 : i + 1;
    out.push(murmurUnits(text, i, end, SEED_LO), lanes === 2 ? murmurUnits(text, i, end, SEED_HI) : 0);
    i = end - 1;
  }
}

const NORMALIZE_DEFAULTS: Required<SimplifyOptions> = {
  lowercase: true,
  normWhitespace: true,
  removePunctuation: true,
  normUnicodeDiacritics: true,
  normNumbers: true,
  normWeekdays: false,
  normMonthnames: false,
};

function isDefaultNormalize(o: SimplifyOptions): boolean {
  for (const key of Object.keys(NORMALIZE_DEFAULTS) as (keyof SimplifyOptions)[]) {
    if (o[key] !== undefined && o[key] !== NORMALIZE_DEFAULTS[key]) return false;
  }
  return true;
}

// --- the fast route ---

const UNKNOWN = 0;
const SPACE = 1; // becomes a space: whitespace and datatrove's punctuation
const EMPTY = 2; // disappears: combining marks (Mn), dropped after NFD
const WORD1 = 3; // one letter, digit or spacing mark after lowercase + NFD (table `single`)
const WORDN = 4; // several such units (Hangul syllables decompose to jamo; table `multi`)
const DIGIT = 5; // a decimal digit (Nd): a number becomes "0"
const SEP = 6; // "." and ",": a space, or inside a number such as 3.14
const MARK = 7; // a symbol that stays (©, «): its own token at a word's edge (table `single`)
const NUMBER_MARK = 8; // a number separator that stays outside numbers (Arabic comma): a MARK there
const SLOW = 9;

let classes: Uint8Array | undefined;
const single = new Uint16Array(0x10000);
const multi = new Map<number, string>();
const KEPT_RE = /^[\p{L}\p{N}\p{M}]+$/u;
const MARKS_RE = /\p{M}/gu;
const MARK_UNIT_RE = /^[^\p{L}\p{N}\p{M}\s]$/u;
const DIGIT_RE = /\p{Nd}/u;
// simplify_text's number rule joins two digit runs across one of these.
const NUMBER_SEPARATORS = new Set([0x2e, 0x2c, 0x60c, 0x66b, 0x2396, 0x2397, 0x2398]);
// Combining marks of the lowest and highest classes: a mark that NFD moves past either is not a
// starter, and could be reordered with its neighbours' marks.
const LOW_CCC = "\u0334";
const HIGH_CCC = "\u0345";

function unitClass(c: number): number {
  const table = (classes ??= new Uint8Array(0x10000));
  const k = table[c]!;
  if (k !== UNKNOWN) return k;
  table[c] = classOf(c);
  return table[c]!;
}

function classOf(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return SLOW;
  const ch = String.fromCharCode(c);
  if (DIGIT_RE.test(ch)) return DIGIT;
  // the capital sigma lowercases to σ or ς depending on its neighbours
  if (c === 0x3a3 || isUnspaced(ch)) return SLOW;
  // Between two letters, the unit shows what simplify_text makes of it anywhere: lowercasing is
  // context-free once the capital sigma is excluded, and NFD only reorders combining marks, which
  // are dropped (Mn) or, if kept, must be starters (checked below).
  const r = simplifyText(`a${ch}b`);
  if (r === "a b") return NUMBER_SEPARATORS.has(c) ? SEP : SPACE;
  if (r === "ab") return EMPTY;
  if (r.length < 3 || r[0] !== "a" || r[r.length - 1] !== "b") return SLOW;
  const m = r.slice(1, -1);
  if (KEPT_RE.test(m)) {
    if (isUnspaced(m) || !marksAreStarters(m)) return SLOW;
    if (m.length === 1) {
      single[c] = m.charCodeAt(0);
      return WORD1;
    }
    multi.set(c, m);
    return WORDN;
  }
  if (MARK_UNIT_RE.test(m) && !(m.charCodeAt(0) >= 0xd800 && m.charCodeAt(0) <= 0xdfff)) {
    single[c] = m.charCodeAt(0);
    return NUMBER_SEPARATORS.has(c) ? NUMBER_MARK : MARK;
  }
  return SLOW;
}

function marksAreStarters(m: string): boolean {
  for (const [mark] of m.matchAll(MARKS_RE)) {
    for (const probe of [LOW_CCC, HIGH_CCC]) {
      if ((probe + mark).normalize("NFD") !== probe + mark || (mark + probe).normalize("NFD") !== mark + probe) return false;
    }
  }
  return true;
}

/** A one-unit token's hash (a mark split off a word). */
function unitHash(u: number, seed: number): number {
  return fmix32(mixTail(seed, u) ^ 2);
}

// spaCy's tokenizer (spaced-tokens.ts) takes a chunk of the simplified text as lead mark, word and
// trail mark only if the lead is one of its prefixes, the trail one of its suffixes (or a currency
// sign after a digit), the word is no exception it splits ("cannot" -> can, not) and does not end in
// a unit after a digit ("0km" -> 0, km); else that chunk's tokens come from the reference route.
function spacySplitsSo(lead: number, trail: number, lastWasDigit: boolean, tail: number, tailUnits: number): boolean {
  const cls = unitClasses();
  if (lead >= 0 && (!(cls[lead]! & PREFIX) || lead === 0x2018)) return false; // "‘s" is one token
  if (trail >= 0 && !(cls[trail]! & SUFFIX) && !(lastWasDigit && SUFFIXES_AFTER_DIGIT.has(String.fromCharCode(trail)))) return false;
  return !(tailUnits > 0 && unitTailHashes().has(tail));
}

const tailHash = (h: number, u: number) => (Math.imul(h, 31) + u) | 0;
let unitTails: Set<number> | undefined;
let exceptionHashes: Set<number> | undefined;

function unitTailHashes(): Set<number> {
  if (unitTails) return unitTails;
  unitTails = new Set();
  for (const unit of SUFFIXES_AFTER_DIGIT) {
    let h = 0;
    for (let k = 0; k < unit.length; k++) h = tailHash(h, unit.charCodeAt(k));
    unitTails.add(h);
  }
  return unitTails;
}

/** The word hashes (seed 0) of spaCy's exceptions that split a word of letters ("cannot", "dont", "im"). */
function spacyExceptionHashes(): Set<number> {
  if (exceptionHashes) return exceptionHashes;
  exceptionHashes = new Set();
  for (const [chunk, tokens] of englishExceptions()) if (tokens.length > 1) exceptionHashes.add(murmurUnits(chunk, 0, chunk.length, SEED_LO));
  return exceptionHashes;
}

// The low 16 bits of each exception's hash as a bit table (8 KB, in L1 cache): a word whose bit is
// clear is no exception, which is nearly every word (under a thousand of its 65,536 bits are set).
const EXCEPTION_MASK = 2047;
let exceptionTable: Int32Array | undefined;

function exceptionBitTable(): Int32Array {
  if (exceptionTable) return exceptionTable;
  exceptionTable = new Int32Array(EXCEPTION_MASK + 1);
  for (const h of spacyExceptionHashes()) exceptionTable[(h >>> 5) & EXCEPTION_MASK]! |= 1 << (h & 31);
  return exceptionTable;
}

/**
 * The fast route: word hashes straight from the original text, or false when the text holds a
 * unit or a chunk shape only the reference route handles. A chunk (between spaces) is kept to
 * the shapes splitWords' plain paths take whole: letters and digits, optionally with one mark
 * before and one after ("«mot»" gives «, mot, »), or a single mark alone.
 */
function scanWords(text: string, lanes: 1 | 2, out: HashList): boolean {
  const table = (classes ??= new Uint8Array(0x10000));
  const exceptionBits = exceptionBitTable();
  const two = lanes === 2;
  const n = text.length;
  out.reserve(n >>> 1);
  let h1 = SEED_LO;
  let h2 = SEED_HI;
  let pending = -1;
  let units = 0;
  let lead = -1;
  let trail = -1;
  // the units after the word's last digit, hashed (a unit such as "km" there is split off by spaCy)
  let tail = 0;
  let tailUnits = -1;
  let lastWasDigit = false;
  let chunkStart = 0;
  let i = 0;
  for (;;) {
    let k = SPACE;
    let c = 0;
    if (i < n) {
      c = text.charCodeAt(i);
      k = table[c]!;
      if (k === UNKNOWN) k = unitClass(c);
    }
    if (k === SPACE || k === SEP) {
      // the end of a chunk: its tokens in order (lead mark, word, trail mark)
      let lo = 0;
      if (units > 0 && pending >= 0) {
        h1 = mixTail(h1, pending);
        if (two) h2 = mixTail(h2, pending);
      }
      if (units > 0) lo = fmix32(h1 ^ (units * 2));
      // a bare word (no mark, no unit after a digit) is split only if it is an exception: the bit
      // table answers "no" for almost every word without a Set lookup
      const bare = lead < 0 && trail < 0 && tailUnits <= 0;
      if (
        units > 0 &&
        ((!bare && !spacySplitsSo(lead, trail, lastWasDigit, tail, tailUnits)) ||
          ((exceptionBits[(lo >>> 5) & EXCEPTION_MASK]! & (1 << (lo & 31))) !== 0 && spacyExceptionHashes().has(lo)))
      ) {
        // spaCy splits this chunk otherwise ("cannot" -> can, not; "0km" -> 0, km): its tokens
        // from the reference route, on the chunk alone (its simplification is local, see classOf)
        for (const word of spacedTokens(simplifyText(text.slice(chunkStart, i)))) {
          out.push(murmurUnits(word, 0, word.length, SEED_LO), two ? murmurUnits(word, 0, word.length, SEED_HI) : 0);
        }
      } else {
        if (lead >= 0) out.push(unitHash(lead, SEED_LO), two ? unitHash(lead, SEED_HI) : 0);
        if (units > 0) out.push(lo, two ? fmix32(h2 ^ (units * 2)) : 0);
        if (trail >= 0) out.push(unitHash(trail, SEED_LO), two ? unitHash(trail, SEED_HI) : 0);
      }
      if (i >= n) return true;
      h1 = SEED_LO;
      h2 = SEED_HI;
      pending = -1;
      units = 0;
      lead = -1;
      trail = -1;
      tail = 0;
      tailUnits = -1;
      lastWasDigit = false;
      i++;
      chunkStart = i;
      continue;
    }
    if (k === EMPTY) {
      i++;
      continue;
    }
    if (trail >= 0) return false; // something after a trailing mark: splitWords' general path
    if (k === MARK || k === NUMBER_MARK) {
      if (units > 0) trail = single[c]!;
      else if (lead < 0) lead = single[c]!;
      else return false;
      i++;
      continue;
    }
    if (k === WORD1 && tailUnits < 0) {
      // a run of letters (most of a text): each unit straight into the hash, without the
      // dispatch above for every unit
      for (;;) {
        const v = single[c]!;
        i++;
        units++;
        if (pending < 0) pending = v;
        else {
          const block = pending | (v << 16);
          h1 = mixBlock(h1, block);
          if (two) h2 = mixBlock(h2, block);
          pending = -1;
        }
        if (i >= n) break;
        c = text.charCodeAt(i);
        if (table[c] !== WORD1) break;
      }
      lastWasDigit = false;
      continue;
    }
    let u: number;
    if (k === WORD1) {
      u = single[c]!;
      i++;
    } else if (k === DIGIT) {
      // simplify_text: \p{Nd}+([.,،٫⎖⎗⎘]\p{Nd}+)? becomes "0"
      i++;
      while (i < n && unitClass(text.charCodeAt(i)) === DIGIT) i++;
      if (i + 1 < n && NUMBER_SEPARATORS.has(text.charCodeAt(i)) && unitClass(text.charCodeAt(i + 1)) === DIGIT) {
        i += 2;
        while (i < n && unitClass(text.charCodeAt(i)) === DIGIT) i++;
      }
      u = 0x30;
      tail = 0;
      tailUnits = 0;
    } else if (k === WORDN) {
      const m = multi.get(c)!;
      for (let j = 0; j < m.length - 1; j++) {
        const v = m.charCodeAt(j);
        if (tailUnits >= 0) ((tail = tailHash(tail, v)), tailUnits++);
        if (pending < 0) pending = v;
        else {
          const block = pending | (v << 16);
          h1 = mixBlock(h1, block);
          if (two) h2 = mixBlock(h2, block);
          pending = -1;
        }
        units++;
      }
      u = m.charCodeAt(m.length - 1);
      i++;
    } else return false;
    lastWasDigit = k === DIGIT;
    if (!lastWasDigit && tailUnits >= 0) ((tail = tailHash(tail, u)), tailUnits++);
    if (pending < 0) pending = u;
    else {
      const block = pending | (u << 16);
      h1 = mixBlock(h1, block);
      if (two) h2 = mixBlock(h2, block);
      pending = -1;
    }
    units++;
  }
}
