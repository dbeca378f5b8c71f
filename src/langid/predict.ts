// fastText's predict in our own code (facebookresearch/fastText src/fasttext.cc predictLine,
// src/dictionary.cc getLine, src/model.cc, src/loss.cc): the line's input rows are every word's id
// row (when the word is in the dictionary) and its character n-gram rows, plus the `</s>` row that
// ends the line; the hidden vector is their mean; output-layer.ts scores the labels from it.
//
// What makes it fast: a word's rows are summed once and kept (a bounded cache keyed by the word),
// so a repeated word costs one lookup and `dim` additions, and the document is read in place
// (no copy, no UTF-8 encoding) except for a word not yet cached. A word's sum is always made the
// same way (its rows in fastText's order, in float32), so its vector is the same whether it came
// from the cache or was just computed; the words are then summed in float64. fastText adds every
// row to one float32 vector, so the last digits of a score may differ (1.6e-5 at most over the
// sample corpus and the UDHR, with the same best label on all 3104 texts).
// For dim-16 models (lid.176) a new word's rows are summed by a WebAssembly SIMD kernel
// (simd/word-rows.wat), bit-identical to the JavaScript loop in compute(), which stays the fallback.
import { readModelFile, type FastTextModelFile } from "./model-file.js";
import { OutputLayer, type LabelScore } from "./output-layer.js";
import { boundedUtf8, fnv1a, isFastTextSpace, PruneMap, subwordRows, type SubwordRows } from "./subwords.js";
import { KERNEL_LONGEST_WORD, wordRowsKernel, type WordRowsKernel } from "./simd/word-rows.js";

const EOS = "</s>";
const FNV_OFFSET = 2166136261 | 0;
const FNV_PRIME = 16777619;
const LABEL_PREFIX = "__label__";
/** isFastTextSpace as a table over 0-32: the scan tests c > 32 first, then this. */
const SPACE = new Uint8Array(33);
for (let c = 0; c <= 32; c++) SPACE[c] = isFastTextSpace(c) ? 1 : 0;
/** FNV-1a over UTF-16 code units: how the scan hashes a word for the tables (not fastText's hash). */
function codeUnitHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

const tableIndex = (h: number, mask: number): number => (Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0) & mask;

export type { LabelScore };

export interface PredictOptions {
  /** How many labels; -1 for all (fastText's k = -1). */
  k?: number;
  /** Labels scoring below this are left out. */
  threshold?: number;
  /**
   * "line" (fastText's reading): a newline ends the text, as the first line of a file.
   * "space": a newline is one more space, i.e. the text with "\n" replaced by " " (CCNet, datatrove).
   */
  newline?: "line" | "space";
}

/** Words whose summed rows are kept; beyond this the cache starts over. */
const CACHE_WORDS = 1 << 17;
/**
 * Words longer than this (UTF-16 units) are summed each time and not cached: in unspaced scripts a
 * "word" is a whole clause that seldom comes back, and caching those would push out real words.
 */
const LONGEST_CACHED = 32;
/** Open-addressing table over the cached words: a power of two, at most half full. */
const TABLE_SIZE = CACHE_WORDS * 4;

export class FastTextClassifier {
  readonly dim: number;
  readonly labels: string[];
  private readonly file: FastTextModelFile;
  private readonly wordIds = new Map<string, number>();
  // dictionary words by the same code-unit hash the scan computes: id + 1, 0 empty
  private readonly dictTable: Int32Array;
  private readonly dictWords: (string | undefined)[];
  private readonly subwords: SubwordRows;
  private readonly eosId: number;
  private readonly wordNgrams: number;
  // word cache: a word is found by a hash of its UTF-16 code units, computed while the text is
  // scanned for spaces, and compared in place, so a cached word costs no substring; slot -> the
  // word, its summed rows (dim floats), row count (-1: a label token, skipped), fastText hash
  private readonly table = new Int32Array(TABLE_SIZE);
  private readonly tokens: string[] = [];
  private used = 0;
  private readonly eosSum: Float32Array;
  private readonly eosRows: number;
  private readonly eosHash: number;
  private readonly sums: Float32Array;
  private readonly counts: Int32Array;
  private readonly hashes: Int32Array;
  private readonly scratch = { bytes: new Uint8Array(256) };
  private rowScratch = new Int32Array(1024);
  private readonly hidden: Float64Array;
  /** The label scores from the hidden vector (the loss's output layer). */
  private readonly output: OutputLayer;
  /** The WebAssembly SIMD word sums (dim 16), or null: summed in JavaScript. */
  private readonly kernel: WordRowsKernel | null;

  /** `simd: false` sums every word in JavaScript (the reference the kernel is tested against). */
  constructor(file: FastTextModelFile, options: { simd?: boolean } = {}) {
    if (file.args.model !== 3) throw new Error("fastText model is not supervised: it has no labels to predict");
    this.file = file;
    this.dim = file.args.dim;
    this.labels = file.labels.map((l) => (l.startsWith(LABEL_PREFIX) ? l.slice(LABEL_PREFIX.length) : l));
    file.words.forEach((w, i) => {
      if (w !== undefined) this.wordIds.set(w, i);
    });
    this.eosId = this.wordIds.get(EOS) ?? -1;
    let dictSize = 16;
    while (dictSize < file.words.length * 4) dictSize *= 2;
    this.dictTable = new Int32Array(dictSize);
    this.dictWords = file.words;
    for (const [word, id] of this.wordIds) {
      let at = tableIndex(codeUnitHash(word), dictSize - 1);
      while (this.dictTable[at] !== 0) at = (at + 1) & (dictSize - 1);
      this.dictTable[at] = id + 1;
    }
    this.eosSum = this.eosId >= 0 ? file.input.slice(this.eosId * file.args.dim, (this.eosId + 1) * file.args.dim) : new Float32Array(file.args.dim);
    this.eosRows = this.eosId >= 0 ? 1 : 0;
    this.eosHash = fnv1a(new TextEncoder().encode(EOS), 0, EOS.length) | 0;
    this.wordNgrams = file.args.wordNgrams;
    this.subwords = {
      nwords: file.words.length,
      minn: file.args.minn,
      maxn: file.args.maxn,
      bucket: file.args.bucket,
      prune: file.pruneSize < 0 ? undefined : new PruneMap(file.pruneKeys, file.pruneValues, file.args.bucket),
    };
    // one slot more than the cache holds: where a long word is summed
    this.kernel = this.dim === 16 && options.simd !== false ? wordRowsKernel(file.input, this.subwords, CACHE_WORDS + 1) : null;
    this.sums = this.kernel?.sums ?? new Float32Array((CACHE_WORDS + 1) * this.dim);
    this.counts = new Int32Array(CACHE_WORDS + 1);
    this.hashes = new Int32Array(CACHE_WORDS + 1);
    this.hidden = new Float64Array(this.dim);
    this.output = new OutputLayer(file, this.labels);
  }

  static fromBytes(bytes: Uint8Array, file = "fastText model", options: { simd?: boolean } = {}): FastTextClassifier {
    return new FastTextClassifier(readModelFile(bytes, file), options);
  }

  /** The slot of text[start, end) (whose code-unit hash is `h`), computing its rows on first sight. */
  private slotOf(text: string, start: number, end: number, h: number): number {
    const table = this.table;
    const tokens = this.tokens;
    const length = end - start;
    let at = tableIndex(h, TABLE_SIZE - 1);
    for (;;) {
      const entry = table[at]!;
      if (entry === 0) break;
      const word = tokens[entry - 1]!;
      if (word.length === length) {
        let j = 0;
        while (j < length && word.charCodeAt(j) === text.charCodeAt(start + j)) j++;
        if (j === length) return entry - 1;
      }
      at = (at + 1) & (TABLE_SIZE - 1);
    }
    if (this.used >= CACHE_WORDS) {
      table.fill(0);
      this.used = 0;
      at = tableIndex(h, TABLE_SIZE - 1);
    }
    const slot = this.used++;
    table[at] = slot + 1;
    const token = text.slice(start, end);
    tokens[slot] = token;
    this.compute(token, slot, h);
    return slot;
  }

  /** The dictionary id of `token` (code-unit hash `h`), or -1. */
  private dictionaryId(token: string, h: number): number {
    const table = this.dictTable;
    const mask = table.length - 1;
    for (let at = tableIndex(h, mask); ; at = (at + 1) & mask) {
      const entry = table[at]!;
      if (entry === 0) return -1;
      if (this.dictWords[entry - 1] === token) return entry - 1;
    }
  }

  /** Sum the rows of `token` (its word row, if in the dictionary, and its n-gram rows) into `slot`. */
  private compute(token: string, slot: number, h: number): void {
    const dim = this.dim;
    const sums = this.sums;
    const at = slot * dim;
    sums.fill(0, at, at + dim);
    const input = this.file.input;
    const wid = this.dictionaryId(token, h);
    const kernel = this.kernel;
    if (kernel !== null && token.length <= KERNEL_LONGEST_WORD) {
      const length = boundedUtf8(token, kernel.scratch);
      if (this.wordNgrams > 1) this.hashes[slot] = fnv1a(kernel.scratch.bytes, 1, length - 1) | 0;
      if (token.startsWith(LABEL_PREFIX)) this.counts[slot] = -1;
      else this.counts[slot] = kernel.rows(wid, length, this.subwords.maxn > 0 && token !== EOS, slot);
      return;
    }
    const length = boundedUtf8(token, this.scratch);
    const bytes = this.scratch.bytes;
    if (this.wordNgrams > 1) this.hashes[slot] = fnv1a(bytes, 1, length - 1) | 0;
    // Dictionary::getType: a token starting with the label prefix is a label, not an input word
    if (token.startsWith(LABEL_PREFIX)) {
      this.counts[slot] = -1;
      return;
    }
    const maxRows = 1 + length * Math.max(0, this.subwords.maxn);
    if (this.rowScratch.length < maxRows) this.rowScratch = new Int32Array(maxRows * 2);
    const list = this.rowScratch;
    let rows = 0;
    if (wid >= 0) list[rows++] = wid;
    if (this.subwords.maxn > 0 && token !== EOS) rows = subwordRows(bytes, length, this.subwords, list, rows);
    if (dim === 16) sumRows16(input, list, rows, sums, at);
    else {
      for (let r = 0; r < rows; r++) {
        const from = list[r]! * dim;
        for (let d = 0; d < dim; d++) sums[at + d] = sums[at + d]! + input[from + d]!;
      }
    }
    this.counts[slot] = rows;
  }

  /**
   * The best `k` labels for `text`, best first, as native fastText's predict on that line; empty
   * when the line has no input rows.
   */
  predict(text: string, options: PredictOptions = {}): LabelScore[] {
    const k = options.k ?? 1;
    const threshold = options.threshold ?? 0;
    const newlineEnds = (options.newline ?? "line") === "line";
    const dim = this.dim;
    const hidden = this.hidden;
    const sums = this.sums;
    const counts = this.counts;
    hidden.fill(0);
    let rows = 0;
    const wordHashes: number[] | undefined = this.wordNgrams > 1 ? [] : undefined;
    const n = text.length;
    // dim 16 (lid.176): the word sums added in locals, in the same order (float64), then stored
    let h0 = 0,
      h1 = 0,
      h2 = 0,
      h3 = 0,
      h4 = 0,
      h5 = 0,
      h6 = 0,
      h7 = 0;
    let h8 = 0,
      h9 = 0,
      h10 = 0,
      h11 = 0,
      h12 = 0,
      h13 = 0,
      h14 = 0,
      h15 = 0;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (c <= 32 && SPACE[c] === 1) {
        i++;
        if (c === 10 && newlineEnds) break;
        continue;
      }
      const start = i;
      let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      // c > 32 first: one comparison per character of a word (NaN past the end compares false)
      for (c = text.charCodeAt(++i); c > 32 || (i < n && SPACE[c] === 0); c = text.charCodeAt(++i)) h = Math.imul(h ^ c, FNV_PRIME);
      // a literal `</s>` ends the line, as a newline does
      if (i - start === 4 && text.startsWith(EOS, start)) break;
      let slot: number;
      if (i - start <= LONGEST_CACHED) slot = this.slotOf(text, start, i, h);
      else {
        slot = CACHE_WORDS;
        this.compute(text.slice(start, i), slot, h);
      }
      const m = counts[slot]!;
      if (m < 0) continue; // a label in the text
      rows += m;
      const at = slot * dim;
      if (dim === 16) {
        h0 += sums[at]!;
        h1 += sums[at + 1]!;
        h2 += sums[at + 2]!;
        h3 += sums[at + 3]!;
        h4 += sums[at + 4]!;
        h5 += sums[at + 5]!;
        h6 += sums[at + 6]!;
        h7 += sums[at + 7]!;
        h8 += sums[at + 8]!;
        h9 += sums[at + 9]!;
        h10 += sums[at + 10]!;
        h11 += sums[at + 11]!;
        h12 += sums[at + 12]!;
        h13 += sums[at + 13]!;
        h14 += sums[at + 14]!;
        h15 += sums[at + 15]!;
      } else for (let d = 0; d < dim; d++) hidden[d] = hidden[d]! + sums[at + d]!;
      wordHashes?.push(this.hashes[slot]!);
    }
    if (dim === 16) {
      hidden[0] = h0;
      hidden[1] = h1;
      hidden[2] = h2;
      hidden[3] = h3;
      hidden[4] = h4;
      hidden[5] = h5;
      hidden[6] = h6;
      hidden[7] = h7;
      hidden[8] = h8;
      hidden[9] = h9;
      hidden[10] = h10;
      hidden[11] = h11;
      hidden[12] = h12;
      hidden[13] = h13;
      hidden[14] = h14;
      hidden[15] = h15;
    }
    // the newline that ends the line (fastText's Python predict appends one) reads as `</s>`
    rows += this.eosRows;
    for (let d = 0; d < dim; d++) hidden[d] = hidden[d]! + this.eosSum[d]!;
    wordHashes?.push(this.eosHash);
    if (wordHashes) rows += this.addWordNgrams(wordHashes);
    if (rows === 0) return [];
    for (let d = 0; d < dim; d++) hidden[d]! /= rows;
    return this.output.scores(hidden, k, threshold);
  }

  /**
   * Dictionary::addWordNgrams: 64-bit rolling hash of the word hashes, rows for n-grams up to
   * wordNgrams. fastText keeps the word hashes as int32 and widens them to uint64, so a hash with the
   * top bit set enters sign-extended.
   */
  private addWordNgrams(hashes: number[]): number {
    const { bucket, prune, nwords } = this.subwords;
    const input = this.file.input;
    const dim = this.dim;
    const mask = (1n << 64n) - 1n;
    let rows = 0;
    for (let i = 0; i < hashes.length; i++) {
      let h = BigInt.asUintN(64, BigInt(hashes[i]!));
      for (let j = i + 1; j < hashes.length && j < i + this.wordNgrams; j++) {
        h = (h * 116049371n + BigInt.asUintN(64, BigInt(hashes[j]!))) & mask;
        const b = Number(h % BigInt(bucket));
        const r = prune === undefined ? b : prune.get(b);
        if (r < 0) continue;
        const at = (nwords + r) * dim;
        for (let d = 0; d < dim; d++) this.hidden[d] = this.hidden[d]! + input[at + d]!;
        rows++;
      }
    }
    return rows;
  }
}

/**
 * The rows list[0, rows) of `input` summed into out[at, at + 16), for dim 16 (lid.176's): sixteen
 * accumulators that stay in registers, each add rounded to float32 (Math.fround of the double sum
 * of two floats is the float32 sum, so the result is the bit-for-bit same as the Float32Array loop).
 */
function sumRows16(input: Float32Array, list: Int32Array, rows: number, out: Float32Array, at: number): void {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    s4 = 0,
    s5 = 0,
    s6 = 0,
    s7 = 0;
  let s8 = 0,
    s9 = 0,
    s10 = 0,
    s11 = 0,
    s12 = 0,
    s13 = 0,
    s14 = 0,
    s15 = 0;
  const f = Math.fround;
  for (let r = 0; r < rows; r++) {
    const o = list[r]! << 4;
    s0 = f(s0 + input[o]!);
    s1 = f(s1 + input[o + 1]!);
    s2 = f(s2 + input[o + 2]!);
    s3 = f(s3 + input[o + 3]!);
    s4 = f(s4 + input[o + 4]!);
    s5 = f(s5 + input[o + 5]!);
    s6 = f(s6 + input[o + 6]!);
    s7 = f(s7 + input[o + 7]!);
    s8 = f(s8 + input[o + 8]!);
    s9 = f(s9 + input[o + 9]!);
    s10 = f(s10 + input[o + 10]!);
    s11 = f(s11 + input[o + 11]!);
    s12 = f(s12 + input[o + 12]!);
    s13 = f(s13 + input[o + 13]!);
    s14 = f(s14 + input[o + 14]!);
    s15 = f(s15 + input[o + 15]!);
  }
  out[at] = s0;
  out[at + 1] = s1;
  out[at + 2] = s2;
  out[at + 3] = s3;
  out[at + 4] = s4;
  out[at + 5] = s5;
  out[at + 6] = s6;
  out[at + 7] = s7;
  out[at + 8] = s8;
  out[at + 9] = s9;
  out[at + 10] = s10;
  out[at + 11] = s11;
  out[at + 12] = s12;
  out[at + 13] = s13;
  out[at + 14] = s14;
  out[at + 15] = s15;
}
