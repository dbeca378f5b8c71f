// The tokens and n-gram hashes of the decontamination index (ngram-index.ts) and of the documents
// checked against it.
//
// The hash is ours, not datatrove's xxhash of the joined n-gram string: each token is hashed once
// (two independent 32-bit lanes), and an n-gram's hash is a polynomial rolling sum of its tokens'
// hashes in each lane, so a document costs O(1) per position whatever n is. 64 bits make a false
// match negligible: about 1e-12 per document of 10^4 n-grams against 10^6 indexed ones.
import { jiebaWords } from "../text/jieba-words.js";
import { spacedTokens } from "../text/spaced-tokens.js";

/** How a benchmark's text is cut into tokens: spaCy's English rules, jieba words, or Chinese characters. */
export type Tokenization = "spaced" | "zh-words" | "zh-chars";

const HAN_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Whether a text holds a character that the Chinese tokenizations cut (Han or kana). */
export function hasHan(text: string): boolean {
  return HAN_RE.test(text);
}

/** The tokens of an already simplified text. */
export function tokensOf(simplified: string, tokenization: Tokenization): string[] {
  if (tokenization === "spaced") return spacedTokens(simplified);
  if (tokenization === "zh-words") return jiebaWords(simplified);
  return charTokens(simplified);
}

const SPLIT_CHAR_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;

/** Each Han or kana character alone; other runs between whitespace whole. */
function charTokens(text: string): string[] {
  return text.match(SPLIT_CHAR_RE) ?? [];
}

// Two lanes: murmur3's per-block mixing with different seeds, then its finalizer.
function tokenHashA(s: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix(h ^ s.length);
}

function tokenHashB(s: string): number {
  let h = 0x3c6ef372;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0x85ebca6b);
    k = (k << 13) | (k >>> 19);
    h ^= Math.imul(k, 0xc2b2ae35);
    h = (h << 15) | (h >>> 17);
    h = (Math.imul(h, 5) + 0x52dce729) | 0;
  }
  return fmix(h ^ s.length);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const BASE_A = 0x01000193;
const BASE_B = 0x5bd1e995;

function power(base: number, e: number): number {
  let p = 1;
  for (let i = 0; i < e; i++) p = Math.imul(p, base);
  return p;
}

/** The hashes of a document's n-grams, position by position (views of scratch arrays reused by the next call). */
export interface NgramHashes {
  hi: Uint32Array;
  lo: Uint32Array;
  count: number;
}

let scratchHi = new Uint32Array(4096);
let scratchLo = new Uint32Array(4096);
let scratchA = new Int32Array(4096);
let scratchB = new Int32Array(4096);
let scratchPos = new Int32Array(4096);

function ensureScratch(size: number): void {
  if (scratchHi.length >= size) return;
  const length = 2 ** Math.ceil(Math.log2(size));
  scratchHi = new Uint32Array(length);
  scratchLo = new Uint32Array(length);
  scratchA = new Int32Array(length);
  scratchB = new Int32Array(length);
  scratchPos = new Int32Array(length);
}

/**
 * The hash of every n-gram of `tokens` from token `from` on, in order: entry i is the n-gram that
 * starts at token `from + i`. Hashing all positions first and looking them up after (DecontIndex.
 * firstHit) lets the processor overlap the lookups' cache misses.
 */
export function ngramHashes(tokens: readonly string[], n: number, from = 0): NgramHashes {
  const m = tokens.length - from;
  if (m < n) return { hi: scratchHi, lo: scratchLo, count: 0 };
  ensureScratch(m);
  const ha = scratchA;
  const hb = scratchB;
  for (let i = 0; i < m; i++) {
    ha[i] = tokenHashA(tokens[i + from]!);
    hb[i] = tokenHashB(tokens[i + from]!);
  }
  return roll(ha, hb, m, n, 0);
}

/** Where each unit that charGramHashes hashed sits in its text (a view reused by the next call). */
export function charGramPositions(): Int32Array {
  return scratchPos;
}

/** The salted hash of every run of n UTF-16 units of `text` other than " " (the prefilter's character n-grams). */
export function charGramHashes(text: string, n: number): NgramHashes {
  ensureScratch(text.length);
  const ha = scratchA;
  const hb = scratchB;
  let m = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) continue;
    scratchPos[m] = i;
    ha[m] = fmix(Math.imul(c, 0x9e3779b1) ^ 0x85ebca77) | 0;
    hb[m] = fmix(Math.imul(c, 0xc2b2ae3d) ^ 0x27d4eb2f) | 0;
    m++;
  }
  if (m < n) return { hi: scratchHi, lo: scratchLo, count: 0 };
  return roll(ha, hb, m, n, PREFILTER_SALT);
}

/** Polynomial rolling sums of n per-unit hashes in two lanes, mixed into each other at each position. */
function roll(ha: Int32Array, hb: Int32Array, m: number, n: number, salt: number): NgramHashes {
  const topA = power(BASE_A, n - 1);
  const topB = power(BASE_B, n - 1);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, BASE_A) + ha[i]!) | 0;
    b = (Math.imul(b, BASE_B) + hb[i]!) | 0;
  }
  const count = m - n + 1;
  const outHi = scratchHi;
  const outLo = scratchLo;
  for (let start = 0; ; start++) {
    // the two lanes are mixed into each other so that neither half is a linear function of the tokens
    outHi[start] = (fmix(a ^ Math.imul(b, 0x27d4eb2d)) ^ salt) >>> 0;
    outLo[start] = fmix(b ^ Math.imul(a, 0x165667b1) ^ 0x5f356495);
    const next = start + n;
    if (next >= m) break;
    a = (Math.imul(a - Math.imul(ha[start]!, topA), BASE_A) + ha[next]!) | 0;
    b = (Math.imul(b - Math.imul(hb[start]!, topB), BASE_B) + hb[next]!) | 0;
  }
  return { hi: outHi, lo: outLo, count };
}

/**
 * Calls `visit(hi, lo, start)` for the hash of every n-gram of `tokens` (start: the first token's
 * index); stops early when visit returns true. Returns whether it stopped.
 */
export function forEachNgramHash(tokens: readonly string[], n: number, visit: (hi: number, lo: number, start: number) => boolean | void, from = 0): boolean {
  const { hi, lo, count } = ngramHashes(tokens, n, from);
  for (let i = 0; i < count; i++) if (visit(hi[i]!, lo[i]!, i + from) === true) return true;
  return false;
}

const PREFILTER_SALT = 0x6a09e667;

/** Calls `visit(hi, lo)` for the salted hash of every run of n UTF-16 units of `text` other than " "; stops when visit returns true. */
export function forEachCharGramHash(text: string, n: number, visit: (hi: number, lo: number) => boolean | void): boolean {
  const { hi, lo, count } = charGramHashes(text, n);
  for (let i = 0; i < count; i++) if (visit(hi[i]!, lo[i]!) === true) return true;
  return false;
}
