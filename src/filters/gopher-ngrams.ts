// The word n-gram measures of the Gopher repetition rules (gopher-repetition.ts): the most frequent
// n-gram's share and the characters in repeated n-grams, as datatrove's GopherRepetitionFilter
// computes them, on word ids and rolling hashes instead of joined strings.
import { textLength } from "../text/code-points.js";

/** The shares the n-gram rules compare (exported for tests): top n-gram and repeated n-gram characters over the text. */
export function nGramShares(
  text: string,
  words: readonly string[],
  topNs: readonly number[],
  dupNs: readonly number[],
): { top: Map<number, number>; dup: Map<number, number> } {
  const length = textLength(text);
  const joined = joinWords(words);
  const top = new Map<number, number>();
  const grams = new GramLevels(joined.ids);
  for (const n of topNs) {
    const t = topNGram(grams, n, joined);
    if (t) top.set(n, (t.length * t.count) / length);
  }
  const dup = new Map<number, number>();
  for (const n of dupNs) dup.set(n, repeatedNGramChars(words, n, joined) / length);
  return { top, dup };
}

/** Whether words a..a+n and b..b+n are the same words: ids are exact word identities (see joinWords). */
function sameWords(joined: Joined, a: number, b: number, n: number): boolean {
  const { ids } = joined;
  for (let k = 0; k < n; k++) if (ids[a + k] !== ids[b + k]) return false;
  return true;
}

/**
 * The most frequent n-gram, as datatrove's Counter(" ".join(...)).most_common(1): words hold no
 * spaces, so two space-joined n-grams are equal exactly when their word tuples are; on a tie the one
 * seen first wins. Returns its length in code points (words plus the n-1 spaces) and its count.
 */
export function topNGram(grams: GramLevels, n: number, joined: Joined): { length: number; count: number } | undefined {
  const level = grams.level(n);
  if (!level) return undefined;
  const { counts, first, distinct } = level;
  // ids are numbered in order of first appearance: on a tie the smaller id is the n-gram seen first
  let best = 0;
  for (let id = 1; id < distinct; id++) if (counts[id]! > counts[best]!) best = id;
  const at = first[best]!;
  return { length: joined.cpOffsets[at + n]! - joined.cpOffsets[at]! + n - 1, count: counts[best]! };
}

/**
 * Exact ids of the n-grams at each position, for n = 1, 2, 3...: the n-gram at i is the pair
 * (id of the (n-1)-gram at i, id of word i+n-1), so each level is one pass of a hash table keyed by
 * two integers, and equal ids mean equal word tuples with nothing to compare word by word. Ids are
 * numbered 0, 1, 2... in order of first appearance. Levels are built on demand and kept.
 */
interface GramLevel {
  ids: Int32Array; // per position
  counts: Int32Array; // per id
  first: Int32Array; // per id: first position
  distinct: number;
}

export class GramLevels {
  private readonly levels: (GramLevel | undefined)[] = [];

  constructor(private readonly words: Int32Array) {}

  /** The level of n-grams, or undefined when there are fewer than n words. */
  level(n: number): GramLevel | undefined {
    if (this.words.length < n) return undefined;
    let built = this.levels.length;
    if (built === 0) {
      this.levels.push(undefined, wordLevel(this.words));
      built = 2;
    }
    for (let k = built; k <= n; k++) this.levels.push(pairLevel(this.levels[k - 1]!, this.words, k));
    return this.levels[n];
  }
}

function wordLevel(ids: Int32Array): GramLevel {
  let distinct = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i]! >= distinct) distinct = ids[i]! + 1;
  const counts = scratch(1, 0, Math.max(1, distinct)).fill(0);
  const first = scratch(1, 1, Math.max(1, distinct)).fill(-1);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const seen = counts[id]!;
    counts[id] = seen + 1;
    if (seen === 0) first[id] = i;
  }
  return { ids, counts, first, distinct };
}

function pairLevel(previous: GramLevel, words: Int32Array, n: number): GramLevel {
  const m = words.length - n + 1;
  const ids = scratch(n, 2, m);
  const counts = scratch(n, 0, Math.max(1, m)).fill(0);
  const first = scratch(n, 1, Math.max(1, m));
  const table = new PositionTable(m);
  const { positions, mask, shift } = table;
  const left = previous.ids;
  const leftCounts = previous.counts;
  let distinct = 0;
  for (let i = 0; i < m; i++) {
    const a = left[i]!;
    // An n-gram whose first n-1 words occur only here occurs only here: a new id, no table look
    // (most 3- and 4-grams of prose are such).
    if (leftCounts[a] === 1) {
      first[distinct] = i;
      ids[i] = distinct;
      counts[distinct++] = 1;
      continue;
    }
    const b = words[i + n - 1]!;
    let slot = Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> shift;
    for (;;) {
      const p = positions[slot]!;
      if (p === -1) {
        positions[slot] = i;
        first[distinct] = i;
        ids[i] = distinct++;
        break;
      }
      if (left[p] === a && words[p + n - 1] === b) {
        ids[i] = ids[p]!;
        break;
      }
      slot = (slot + 1) & mask;
    }
    const id = ids[i]!;
    counts[id] = counts[id]! + 1;
  }
  return { ids, counts, first, distinct };
}

/**
 * Characters in repeated n-grams, as datatrove computes them: n-grams joined with NO separator (so
 * ["ab","c"] and ["a","bc"] are the same n-gram), an n-gram seen before adds its length and the scan
 * jumps past it, otherwise it moves one word. Each n-gram is compared by the polynomial hash of its
 * joined characters (from the prefix hashes at word boundaries), then character by character.
 */
export function repeatedNGramChars(words: readonly string[], n: number, joined: Joined): number {
  const { offsets, cpOffsets, prefix } = joined;
  const table = new PositionTable(Math.max(1, words.length - n + 1));
  const { hashes, positions, mask, shift } = table;
  const power = powers(offsets[words.length]!);
  let repeated = 0;
  let i = 0;
  while (i + n <= words.length) {
    const a = offsets[i]!;
    const b = offsets[i + n]!;
    const h = (prefix[i + n]! - Math.imul(prefix[i]!, power[b - a]!)) | 0;
    // The same linear probing as in pairLevel, inlined on purpose: a comparison callback per n-gram
    // cost more than the rest of this loop (measured), and the two equality tests differ.
    let slot = Math.imul(h, 0x9e3779b1) >>> shift;
    let seen = false;
    for (;;) {
      const p = positions[slot]!;
      if (p === -1) {
        positions[slot] = i;
        hashes[slot] = h;
        break;
      }
      if (hashes[slot] === h && offsets[p + n]! - offsets[p]! === b - a && sameJoined(words, joined, p, i, n)) {
        seen = true;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (seen) {
      repeated += cpOffsets[i + n]! - cpOffsets[i]!;
      i += n;
    } else i++;
  }
  return repeated;
}

/** Whether words p..p+n and i..i+n, each joined with no separator, are the same characters. */
function sameJoined(words: readonly string[], joined: Joined, p: number, i: number, n: number): boolean {
  if (sameWords(joined, p, i, n)) return true;
  // different word tuples can still join to the same string: walk both character by character
  let wa = p;
  let ka = 0;
  let wb = i;
  let kb = 0;
  for (;;) {
    while (wa < p + n && ka === words[wa]!.length) (wa++, (ka = 0));
    while (wb < i + n && kb === words[wb]!.length) (wb++, (kb = 0));
    if (wa === p + n || wb === i + n) return wa === p + n && wb === i + n;
    if (words[wa]!.charCodeAt(ka++) !== words[wb]!.charCodeAt(kb++)) return false;
  }
}

/**
 * An open-addressing hash table of first positions (of words, n-grams), in typed arrays: no object
 * per entry (the Map-of-arrays version spent most of its time allocating). One table is in use at a
 * time, so every table takes the same scratch buffers: clearing is a memset, allocation is not.
 */
class PositionTable {
  readonly hashes: Int32Array;
  readonly positions: Int32Array;
  readonly mask: number;
  /** 32 - log2(size): the top bits of a multiplied hash pick the slot (Fibonacci hashing). */
  readonly shift: number;

  constructor(expected: number) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.hashes = scratch(0, 4, size);
    this.positions = scratch(0, 5, size).fill(-1);
    this.mask = size - 1;
    this.shift = Math.clz32(size) + 1;
  }
}

/**
 * The words seen as one string joined with no separator, without building it: UTF-16 and code-point
 * offsets of each word, the polynomial prefix hash of the joined characters at each word boundary
 * (so any run of words hashes in O(1)), and an exact id per distinct word (`ids`), which stands in
 * for the word in n-gram tuples.
 */
export interface Joined {
  offsets: Int32Array;
  cpOffsets: Int32Array;
  prefix: Int32Array;
  ids: Int32Array;
}

const BASE = 0x01000193;

// Typed arrays for one document's work, reused from document to document: a new ArrayBuffer per
// array and document was a good share of the garbage collector's time (measured). Keyed by owner
// (0: joinWords and the PositionTable, n >= 1: the n-gram level) and slot; a view of the right length is handed out, and
// each user clears what it needs. Safe because a filter finishes one document before the next.
// Buffers over 2^18 entries (1 MB; documents of a quarter million words) are not kept.
const scratchBuffers = new Map<number, Int32Array>();

function scratch(owner: number, slot: number, length: number): Int32Array {
  const key = owner * 8 + slot;
  let buffer = scratchBuffers.get(key);
  if (!buffer || buffer.length < length) {
    buffer = new Int32Array(Math.max(length, Math.min((buffer?.length ?? 0) * 2, 1 << 18), 1024));
    if (buffer.length <= 1 << 18) scratchBuffers.set(key, buffer);
  }
  return buffer.subarray(0, length);
}

// BASE^k mod 2^32 for k up to the longest text seen, shared by all documents (grown on demand).
let powerTable = new Int32Array(0);

function powers(length: number): Int32Array {
  if (powerTable.length > length) return powerTable;
  const table = new Int32Array(Math.max(length + 1, powerTable.length * 2, 4096));
  table[0] = 1;
  for (let k = 1; k < table.length; k++) table[k] = Math.imul(table[k - 1]!, BASE);
  powerTable = table;
  return table;
}

export function joinWords(words: readonly string[]): Joined {
  const count = words.length;
  const offsets = scratch(0, 0, count + 1);
  const cpOffsets = scratch(0, 1, count + 1);
  const prefix = scratch(0, 2, count + 1);
  const ids = scratch(0, 3, count);
  offsets[0] = 0;
  cpOffsets[0] = 0;
  prefix[0] = 0;
  // An exact id per distinct word (0, 1, 2... in order of first appearance), found through the
  // word's own hash and confirmed by string equality; so equal ids mean equal words.
  const { hashes: slotHash, positions: slotWord, mask, shift } = new PositionTable(count);
  let next = 0;
  let p = 0;
  for (let i = 0; i < count; i++) {
    const word = words[i]!;
    // Polynomial hash modulo 2^32 with Math.imul (exact integer arithmetic), continued across words
    // so that prefix[i] is the hash of all words before i joined; the word's own hash beside it.
    // Code points are counted in the same loop: a low surrogate after a high one is not a new one.
    let h = 0;
    let cps = 0;
    let previous = 0;
    for (let k = 0; k < word.length; k++) {
      const c = word.charCodeAt(k);
      p = (Math.imul(p, BASE) + c) | 0;
      h = (Math.imul(h, BASE) + c) | 0;
      if (!(c >= 0xdc00 && c <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff)) cps++;
      previous = c;
    }
    prefix[i + 1] = p;
    offsets[i + 1] = offsets[i]! + word.length;
    cpOffsets[i + 1] = cpOffsets[i]! + cps;
    let slot = Math.imul(h, 0x9e3779b1) >>> shift;
    for (;;) {
      const w = slotWord[slot]!;
      if (w === -1) {
        slotWord[slot] = i;
        slotHash[slot] = h;
        ids[i] = next++;
        break;
      }
      if (slotHash[slot] === h && words[w] === word) {
        ids[i] = ids[w]!;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { offsets, cpOffsets, prefix, ids };
}
