// The decontamination index: the word n-grams of benchmark items as 64-bit hashes, sorted, each with
// a reference to the item it came from, in one compact file that every worker loads.
//
// What an n-gram is follows datatrove's NGramsDecontIndexer/NGramsDecontFilter
// (src/datatrove/pipeline/decont/n_grams.py @ a649de79): the text goes through simplify_text with
// its default TextNormConfig (lowercase, numbers to "0", punctuation to spaces, whitespace collapsed,
// diacritics dropped), then the word tokenizer of the language (spaCy's English rules, jieba for
// Chinese), and an n-gram is n consecutive tokens (n = 12 by default). Per item, datatrove takes the
// n-grams of the gold answer, the n-grams that straddle the query/answer boundary
// (find_overlap_ngrams, on by default) and, if asked, the n-grams of the query alone
// (find_query_ngrams). With both on, that is every n-gram of the query's tokens followed by the
// answer's. An item with fewer than n tokens gives no n-gram and can never match, as in datatrove.
//
// The hashes are those of ngram-hashes.ts.
//
// File layout (little-endian):
//   0   "CKDECONT" (8 bytes)
//   8   u32 format version (1)
//   12  u32 header length H in bytes; then H bytes of UTF-8 JSON (DecontIndexHeader), zero-padded
//       to a multiple of 4
//   ..  u32 count N; then N u32 high halves, N u32 low halves (sorted by high then low, no
//       duplicates), N u32 item references (indices into header.items, or 0xFFFFFFFF for a
//       prefilter entry, below)
//
// Chinese benchmarks cut into jieba words also store a prefilter: the hashes of every run of n
// characters (whitespace removed, UTF-16 units) of their items, salted apart from word n-grams. n
// words of an item in a row are at least n characters of it in a row, so a document none of whose
// character n-grams is in the prefilter cannot match, and is never handed to jieba, which costs
// several times everything else (about 4 against 25 MB/s here; `npm run bench -- decont`).
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import { charGramHashes, charGramPositions, forEachCharGramHash, forEachNgramHash, tokensOf, type NgramHashes, type Tokenization } from "./ngram-hashes.js";
import { simplifyForNgrams } from "./simplify-for-ngrams.js";

export { simplifyForNgrams };

export const DECONT_INDEX_MAGIC = "CKDECONT";
export const DECONT_INDEX_VERSION = 1;

export interface DecontIndexHeader {
  n: number;
  queryNgrams: boolean;
  overlapNgrams: boolean;
  /** The hash scheme, so that a loader never mixes indexes of different schemes. */
  hash: "ck-roll64-v1";
  benchmarks: { name: string; tokenization: Tokenization; items: number; ngrams: number; source: string }[];
  /** Entries that are prefilter character n-grams of jieba-word benchmarks (see the top of the file). */
  prefilter: number;
  /** Item references: [benchmark index, item id]. */
  items: [number, string][];
}

/** One benchmark item as datatrove sees it: the query (prompt) and the gold answer. */
export interface BenchmarkItem {
  id: string;
  query: string;
  answer: string;
}

/** The reference of a prefilter entry (a character n-gram, no item). */
export const PREFILTER_REF = 0xffffffff;

// --- building ---

export interface IndexBuilderOptions {
  n: number;
  queryNgrams: boolean;
  overlapNgrams: boolean;
}

/** Collects the n-grams of benchmark items, then writes them as an index file or an in-memory index. */
export class DecontIndexBuilder {
  private hi = new Uint32Array(1 << 16);
  private lo = new Uint32Array(1 << 16);
  private ref = new Uint32Array(1 << 16);
  private size = 0;
  private readonly benchmarks: DecontIndexHeader["benchmarks"] = [];
  private readonly items: [number, string][] = [];
  private prefilter = 0;

  constructor(readonly options: IndexBuilderOptions) {}

  /** Starts a benchmark; items added next belong to it. */
  beginBenchmark(name: string, tokenization: Tokenization, source: string): void {
    this.benchmarks.push({ name, tokenization, items: 0, ngrams: 0, source });
  }

  add(item: BenchmarkItem): void {
    const bench = this.benchmarks.length - 1;
    const current = this.benchmarks[bench];
    if (!current) throw new Error("DecontIndexBuilder.add before beginBenchmark");
    const { n, queryNgrams, overlapNgrams } = this.options;
    const answer = tokensOf(simplifyForNgrams(item.answer), current.tokenization);
    const query = item.query ? tokensOf(simplifyForNgrams(item.query), current.tokenization) : [];
    // query then answer: with queryNgrams every n-gram of the joined sequence; without it, those
    // that hold at least one answer token (all of them when overlapNgrams, else the answer's own)
    const joined = query.concat(answer);
    const from = queryNgrams ? 0 : overlapNgrams ? Math.max(0, query.length - n + 1) : query.length;
    const ref = this.items.length;
    this.items.push([bench, item.id]);
    current.items++;
    forEachNgramHash(
      joined,
      n,
      (hi, lo) => {
        this.push(hi, lo, ref);
        current.ngrams++;
      },
      from,
    );
    if (current.tokenization === "zh-words") {
      forEachCharGramHash(joined.join(""), n, (hi, lo) => {
        this.push(hi, lo, PREFILTER_REF);
        this.prefilter++;
      });
    }
  }

  private push(hi: number, lo: number, ref: number): void {
    if (this.size === this.hi.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.hi = grow(this.hi);
      this.lo = grow(this.lo);
      this.ref = grow(this.ref);
    }
    this.hi[this.size] = hi;
    this.lo[this.size] = lo;
    this.ref[this.size] = ref;
    this.size++;
  }

  /** The index in memory: sorted, the first item kept where several share an n-gram. */
  finish(): DecontIndex {
    const order = new Uint32Array(this.size);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const { hi, lo, ref } = this;
    order.sort((x, y) => hi[x]! - hi[y]! || lo[x]! - lo[y]! || ref[x]! - ref[y]!);
    const outHi = new Uint32Array(this.size);
    const outLo = new Uint32Array(this.size);
    const outRef = new Uint32Array(this.size);
    let m = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      if (m > 0 && outHi[m - 1] === hi[i] && outLo[m - 1] === lo[i]) continue;
      outHi[m] = hi[i]!;
      outLo[m] = lo[i]!;
      outRef[m] = ref[i]!;
      m++;
    }
    let prefilter = 0;
    for (let i = 0; i < m; i++) if (outRef[i] === PREFILTER_REF) prefilter++;
    const header: DecontIndexHeader = { ...this.options, hash: "ck-roll64-v1", benchmarks: this.benchmarks, items: this.items, prefilter };
    return new DecontIndex(header, outHi.subarray(0, m), outLo.subarray(0, m), outRef.subarray(0, m));
  }
}

// --- the index ---

let candidateScratch = new Int32Array(4096);

function ensureCandidates(size: number): void {
  if (candidateScratch.length < size) candidateScratch = new Int32Array(2 ** Math.ceil(Math.log2(size)));
}

/** The two bits of a hash in its filter word: two 5-bit fields of the high half (the low half picks the word). */
function filterBits2(hi: number): number {
  return (1 << (hi & 31)) | (1 << ((hi >>> 5) & 31));
}

export interface DecontHit {
  benchmark: string;
  item: string;
}

/** A loaded index: lookups by 64-bit hash through a directory on the hash's top bits. */
export class DecontIndex {
  private readonly bits: number;
  private readonly directory: Uint32Array;
  // A two-bit filter in front of the directory, 8 bits per entry: almost every n-gram of a document
  // is absent, and 4 MB of bits stay in cache where 40 MB of hashes do not (a lookup that reached the
  // arrays cost ~0.5 us on this machine). Both bits of an entry sit in one 32-bit word (a blocked
  // Bloom filter, Putze, Sanders and Singler 2007): one memory access per n-gram instead of two, for
  // about 5% false positives instead of 4.7% (`npm run bench -- decont`: the lookups took 40% less time).
  private readonly filterMask: number;
  private readonly filter: Uint32Array;
  /** Which tokenizations the benchmarks use: a document is cut each way its index needs. */
  readonly tokenizations: ReadonlySet<Tokenization>;

  constructor(
    readonly header: DecontIndexHeader,
    private readonly hi: Uint32Array,
    private readonly lo: Uint32Array,
    private readonly ref: Uint32Array,
  ) {
    // about one entry per directory slot
    this.bits = Math.min(26, Math.max(4, Math.ceil(Math.log2(Math.max(1, hi.length)))));
    const slots = 2 ** this.bits;
    this.directory = new Uint32Array(slots + 1);
    const shift = 32 - this.bits;
    for (let i = 0; i < hi.length; i++) this.directory[(hi[i]! >>> shift) + 1]!++;
    for (let s = 0; s < slots; s++) this.directory[s + 1]! += this.directory[s]!;
    this.tokenizations = new Set(header.benchmarks.map((b) => b.tokenization));
    const filterBits = Math.min(31, Math.max(10, Math.ceil(Math.log2(Math.max(1, hi.length) * 8))));
    this.filterMask = 2 ** (filterBits - 5) - 1;
    this.filter = new Uint32Array(2 ** (filterBits - 5));
    for (let i = 0; i < hi.length; i++) this.filter[lo[i]! & this.filterMask]! |= filterBits2(hi[i]!);
  }

  get size(): number {
    return this.hi.length;
  }

  /** Bytes held by the hashes, references and directory (the header's item ids aside). */
  get byteLength(): number {
    return this.hi.byteLength + this.lo.byteLength + this.ref.byteLength + this.directory.byteLength + this.filter.byteLength;
  }

  /** The item reference of an n-gram hash, or -1 (a prefilter entry is not an item: -1 too). */
  lookup(hi: number, lo: number): number {
    const ref = this.find(hi, lo);
    return ref === PREFILTER_REF ? -1 : ref;
  }

  /**
   * The first position whose n-gram is an item's (its reference in `ref`), or -1. The filter words of
   * every position are read in one loop with no early exit, so their cache misses overlap; only the
   * few positions that pass go on to the directory.
   */
  firstHit(hashes: NgramHashes): { position: number; ref: number } | undefined {
    const { hi, lo, count } = hashes;
    const filter = this.filter;
    const mask = this.filterMask;
    ensureCandidates(count);
    const candidates = candidateScratch;
    let k = 0;
    for (let i = 0; i < count; i++) {
      const bits = filterBits2(hi[i]!);
      candidates[k] = i;
      k += (filter[lo[i]! & mask]! & bits) === bits ? 1 : 0;
    }
    for (let j = 0; j < k; j++) {
      const i = candidates[j]!;
      const ref = this.find(hi[i]!, lo[i]!);
      if (ref >= 0 && ref !== PREFILTER_REF) return { position: i, ref };
    }
    return undefined;
  }

  /** Whether any of these character n-gram hashes (charGramHashes) is in the prefilter. */
  anyPrefilter(hashes: NgramHashes): boolean {
    const { hi, lo, count } = hashes;
    for (let i = 0; i < count; i++) if (this.find(hi[i]!, lo[i]!) === PREFILTER_REF) return true;
    return false;
  }

  /**
   * The stretches of `text` (start, end pairs, in order) that can hold a benchmark's word n-gram: the
   * runs of overlapping character n-grams found in the prefilter, widened to the spaces around them.
   * A matching word n-gram is n tokens, at least n characters, every character n-gram of which is an
   * item's, so it lies inside one stretch. jieba cuts at every space (its blocks are runs of Han,
   * letters, digits and `+#&._%-`; whitespace and other characters stand alone), so a stretch cut
   * alone gives the tokens the whole text gives there.
   */
  prefilterStretches(text: string, n: number): number[] {
    const { hi, lo, count } = charGramHashes(text, n);
    const pos = charGramPositions();
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      if (this.find(hi[i]!, lo[i]!) !== PREFILTER_REF) continue;
      const start = text.lastIndexOf(" ", pos[i]!) + 1;
      const space = text.indexOf(" ", pos[i + n - 1]!);
      const end = space < 0 ? text.length : space;
      if (out.length > 0 && start <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, end);
      else out.push(start, end);
    }
    return out;
  }

  /** Whether a character n-gram hash (forEachCharGramHash) is in the prefilter. */
  inPrefilter(hi: number, lo: number): boolean {
    return this.find(hi, lo) === PREFILTER_REF;
  }

  private find(hi: number, lo: number): number {
    const bits = filterBits2(hi);
    if ((this.filter[lo & this.filterMask]! & bits) !== bits) return -1;
    const slot = hi >>> (32 - this.bits);
    const end = this.directory[slot + 1]!;
    for (let i = this.directory[slot]!; i < end; i++) {
      if (this.hi[i] === hi && this.lo[i] === lo) return this.ref[i]!;
    }
    return -1;
  }

  /** Benchmark and item of a reference from lookup(). */
  hit(ref: number): DecontHit {
    const [bench, item] = this.header.items[ref]!;
    return { benchmark: this.header.benchmarks[bench]!.name, item };
  }

  /** The file form (see the layout at the top of this file). */
  toBuffer(): Buffer {
    const json = Buffer.from(JSON.stringify(this.header), "utf8");
    const padded = Math.ceil(json.length / 4) * 4;
    const n = this.hi.length;
    const out = Buffer.alloc(16 + padded + 4 + 12 * n);
    out.write(DECONT_INDEX_MAGIC, 0, "latin1");
    out.writeUInt32LE(DECONT_INDEX_VERSION, 8);
    out.writeUInt32LE(json.length, 12);
    json.copy(out, 16);
    let at = 16 + padded;
    out.writeUInt32LE(n, at);
    at += 4;
    for (const part of [this.hi, this.lo, this.ref]) {
      Buffer.from(part.buffer, part.byteOffset, part.byteLength).copy(out, at);
      at += part.byteLength;
    }
    return out;
  }

  async write(path: string): Promise<void> {
    await writeFile(path, this.toBuffer());
  }

  /** Reads an index file; a file that is not one is an InputError. */
  static load(path: string): DecontIndex {
    return DecontIndex.fromBuffer(readFileSync(path), path);
  }

  static fromBuffer(buf: Buffer, file = "(buffer)"): DecontIndex {
    const bad = (what: string) => new InputError({ file }, `not a decontamination index: ${what}`);
    if (buf.length < 20 || buf.toString("latin1", 0, 8) !== DECONT_INDEX_MAGIC) throw bad(`expected "${DECONT_INDEX_MAGIC}" at the start`);
    const version = buf.readUInt32LE(8);
    if (version !== DECONT_INDEX_VERSION) throw bad(`format version ${version}, this corpuskit reads ${DECONT_INDEX_VERSION}`);
    const jsonLength = buf.readUInt32LE(12);
    const padded = Math.ceil(jsonLength / 4) * 4;
    if (16 + padded + 4 > buf.length) throw bad("the header runs past the end of the file");
    let header: DecontIndexHeader;
    try {
      header = JSON.parse(buf.toString("utf8", 16, 16 + jsonLength)) as DecontIndexHeader;
    } catch (error) {
      throw new InputError({ file }, "not a decontamination index: its header is not JSON", { cause: error });
    }
    if (header.hash !== "ck-roll64-v1" || !Array.isArray(header.items) || !Array.isArray(header.benchmarks)) throw bad("unknown hash scheme or header shape");
    let at = 16 + padded;
    const n = buf.readUInt32LE(at);
    at += 4;
    if (at + 12 * n !== buf.length) throw bad(`${n} entries need ${at + 12 * n} bytes, the file has ${buf.length}`);
    // copy into aligned arrays (a Buffer from readFileSync may sit at any offset of a shared pool)
    const part = (k: number) => {
      const out = new Uint32Array(n);
      Buffer.from(out.buffer).set(buf.subarray(at + 4 * n * k, at + 4 * n * (k + 1)));
      return out;
    };
    if (Buffer.from(new Uint32Array([1]).buffer)[0] !== 1) throw bad("big-endian machines are not supported");
    const ref = part(2);
    for (let i = 0; i < n; i++)
      if (ref[i]! >= header.items.length && ref[i] !== PREFILTER_REF) throw bad(`entry ${i} refers to item ${ref[i]}, there are ${header.items.length}`);
    return new DecontIndex(header, part(0), part(1), ref);
  }
}
