// Byte-level BPE tokenizer.json files (Llama 3, Qwen 2/3, GPT-NeoX, Mistral Nemo, DeepSeek, GPT-2)
// on our own engine: the pair tables and merge heap of the tiktoken engine (bpe-tables.ts,
// bpe-merge.ts) with a word cache, run as Hugging Face's tokenizers runs the file:
// 1. added tokens are cut out of the raw text first (leftmost, longest at one place), each one id;
// 2. the normalizer (NFC, NFKC...) on the text between them, then the added tokens marked
//    `normalized` (GPT-NeoX's runs of spaces) cut out of the normalized text, as AddedVocabulary's
//    extract_and_normalize does;
// 3. the pre-tokenizer: each Split's regex (Isolated: matches and the text between them are words),
//    in the declared order, each on the words of the one before; ByteLevel's own GPT-2 regex when
//    its use_regex is set;
// 4. each word's UTF-8 bytes merged by the merges' ranks (the list order), or, with ignore_merges,
//    looked up whole first (Hugging Face's BPE::tokenize_with_cache).
// A file using anything else (WordPiece, Unigram, Metaspace, byte_fallback, dropout, prefix
// spaces, stripping added tokens, a regex we do not translate) gets undefined, and the caller uses
// @huggingface/tokenizers, so the choice is automatic and the ids stay the library's.
import { BpeMerger } from "./bpe-merge.js";
import { BpeTables } from "./bpe-tables.js";
import { BYTE_CHAR, CHAR_BYTE } from "./bpe/byte-level.js";
import { SPLIT_PATTERN } from "./bpe/pretokenize.js";
import { decodeTokenBytes } from "./decode-bytes.js";
import { onigToJs } from "./onig-regex.js";
import { WordTable } from "./word-table.js";
import { writeUtf8 } from "./write-utf8.js";

/** The parts of tokenizer.json this engine reads. */
export interface TokenizerJsonFile {
  added_tokens?: { id: number; content: string; special?: boolean; lstrip?: boolean; rstrip?: boolean; single_word?: boolean; normalized?: boolean }[];
  normalizer?: TokenizerJsonComponent | null;
  pre_tokenizer?: TokenizerJsonComponent | null;
  decoder?: TokenizerJsonComponent | null;
  model?: {
    type?: string;
    vocab?: Record<string, number> | unknown[];
    merges?: (string | [string, string])[];
    dropout?: number | null;
    byte_fallback?: boolean;
    ignore_merges?: boolean;
    continuing_subword_prefix?: string | null;
    end_of_word_suffix?: string | null;
  };
}

interface TokenizerJsonComponent {
  type?: string;
  [key: string]: unknown;
}

const CACHE_LIMIT = 100_000;
const NORMAL_FORMS = new Set(["NFC", "NFD", "NFKC", "NFKD"]);

/** Why the engine does not take a tokenizer.json, or its plan. */
type Plan = { why: string } | { splits: RegExp[]; normalForm: string | undefined };

/** Reads what the file declares; anything outside the covered subset is a reason to decline. */
function plan(json: TokenizerJsonFile): Plan {
  const model = json.model;
  if (model?.type !== "BPE" || !model.vocab || Array.isArray(model.vocab) || !Array.isArray(model.merges)) return { why: "not a BPE model" };
  if (model.dropout || model.byte_fallback) return { why: "dropout or byte fallback" };
  if (model.continuing_subword_prefix || model.end_of_word_suffix) return { why: "subword prefixes or suffixes" };
  const normalizers = json.normalizer
    ? json.normalizer.type === "Sequence"
      ? ((json.normalizer.normalizers as TokenizerJsonComponent[]) ?? [])
      : [json.normalizer]
    : [];
  if (normalizers.length > 1 || normalizers.some((n) => !NORMAL_FORMS.has(n.type ?? ""))) return { why: "a normalizer other than one Unicode normal form" };
  const pre = json.pre_tokenizer;
  const steps = pre ? (pre.type === "Sequence" ? ((pre.pretokenizers as TokenizerJsonComponent[]) ?? []) : [pre]) : [];
  const last = steps.at(-1);
  if (last?.type !== "ByteLevel" || last.add_prefix_space) return { why: "not a byte-level pre-tokenizer (ByteLevel last, without a prefix space)" };
  const splits: RegExp[] = [];
  for (const step of steps.slice(0, -1)) {
    const pattern = step.pattern as { Regex?: string; String?: string } | undefined;
    if (step.type !== "Split" || step.behavior !== "Isolated" || step.invert) return { why: `a ${step.type} pre-tokenizer` };
    const source = pattern?.Regex !== undefined ? onigToJs(pattern.Regex) : pattern?.String?.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    if (!source) return { why: `a Split regex we do not translate: ${JSON.stringify(pattern)}` };
    splits.push(new RegExp(source, "yv"));
  }
  if (last.use_regex !== false) splits.push(new RegExp(onigToJs(SPLIT_PATTERN.gpt2)!, "yv"));
  for (const t of json.added_tokens ?? []) {
    if (t.lstrip || t.rstrip || t.single_word) return { why: `added token ${JSON.stringify(t.content)} strips or matches whole words` };
  }
  return { splits, normalForm: normalizers[0]?.type };
}

export class TokenizerJsonBpe {
  readonly vocabSize: number;
  private readonly tables: BpeTables;
  private readonly merger: BpeMerger;
  /** Added tokens matched in the raw text, and those matched in the normalized text. */
  private readonly added: RegExp | undefined;
  private readonly addedNormalized: RegExp | undefined;
  private readonly addedIds = new Map<string, number>();
  private readonly tokenBytes: Uint8Array[] = [];
  /**
   * Merged words: a one-token word as -1 - id, a longer one as its place in `pool` (its length, then
   * its ids). Numbers, not an array per word: the cache allocates nothing the collector must trace.
   */
  private readonly cache = new WordTable(CACHE_LIMIT);
  /** With ignore_merges, the words that are one token (their id). */
  private readonly whole: WordTable | undefined;
  private pool = new Int32Array(1 << 16);
  private poolEnd = 0;
  private bytes = new Uint8Array(1024);
  private ids = new Uint32Array(1 << 16);
  private count = 0;
  private readonly scratch: number[] = [];
  /** Each split's pattern unanchored, to find the next word where none starts at the sticky one's place. */
  private readonly searches: RegExp[];

  private constructor(
    json: TokenizerJsonFile,
    private readonly splits: readonly RegExp[],
    private readonly normalForm: string | undefined,
  ) {
    this.searches = splits.map((p) => new RegExp(p.source, "gv"));
    const vocab = json.model!.vocab as Record<string, number>;
    const ids = new Map(Object.entries(vocab));
    const byteId = BYTE_CHAR.map((c) => ids.get(c) ?? -1);
    const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    const byText = new Map<string, number>();
    let size = 0;
    for (const [token, id] of ids) {
      size = Math.max(size, id + 1);
      const bytes = Uint8Array.from(token, (c) => CHAR_BYTE.get(c) ?? 0);
      this.tokenBytes[id] = bytes;
      if (!json.model!.ignore_merges) continue;
      // ignore_merges: a word that is a token is that token, whatever the merges would make of it
      try {
        byText.set(utf8.decode(bytes), id);
      } catch {
        // not valid UTF-8 alone: never a whole word
      }
    }
    const merges: [number, number, number][] = [];
    for (const merge of json.model!.merges!) {
      const [left, right] = typeof merge === "string" ? splitMerge(merge) : merge;
      const a = ids.get(left);
      const b = ids.get(right);
      const merged = ids.get(left + right);
      // Hugging Face refuses such a file; here it is only a merge that never applies
      merges.push(a === undefined || b === undefined || merged === undefined ? [-2, -2, -2] : [a, b, merged]);
    }
    this.tables = BpeTables.fromMerges(merges, byteId);
    if (byText.size > 0) {
      const whole = new WordTable(byText.size);
      for (const [text, id] of byText) whole.set(text, 0, text.length, WordTable.hash(text, 0, text.length), id);
      this.whole = whole;
    }
    this.merger = new BpeMerger(this.tables);
    const encoder = new TextEncoder();
    for (const t of json.added_tokens ?? []) {
      this.addedIds.set(t.content, t.id);
      this.tokenBytes[t.id] = encoder.encode(t.content);
      size = Math.max(size, t.id + 1);
    }
    this.vocabSize = size;
    // leftmost first, the longest at one place (Hugging Face's AddedVocabulary uses an Aho-Corasick
    // automaton with leftmost-longest matching); a token's `normalized` defaults to !special
    // (AddedToken::from)
    const tokens = (json.added_tokens ?? []).filter((t) => t.content.length > 0);
    this.added = alternation(tokens.filter((t) => !(t.normalized ?? !t.special)).map((t) => t.content));
    this.addedNormalized = alternation(tokens.filter((t) => t.normalized ?? !t.special).map((t) => t.content));
    // GPT-NeoX's vocab leaves out the bytes UTF-8 never uses (C0, C1, F5-FF): the text, well-formed
    // UTF-16 made UTF-8, never needs them
    if (byteId.some((id, b) => id === -1 && b !== 0xc0 && b !== 0xc1 && b < 0xf5)) throw new Error("a byte-level vocab without every byte UTF-8 uses");
  }

  /** The engine for a tokenizer.json, or why it does not cover it. */
  static from(json: TokenizerJsonFile): TokenizerJsonBpe | { why: string } {
    const p = plan(json);
    if ("why" in p) return p;
    try {
      return new TokenizerJsonBpe(json, p.splits, p.normalForm);
    } catch (error) {
      return { why: (error as Error).message };
    }
  }

  encode(text: string): number[] {
    return Array.from(this.encodeToArray(text));
  }

  encodeToArray(text: string): Uint32Array {
    this.count = 0;
    // Hugging Face's tokenizers sees UTF-8, where a lone surrogate cannot be: the Node binding's
    // string conversion (napi_get_value_string_utf8) makes each one U+FFFD, which the pre-tokenizer
    // then reads as a symbol (\p{S}), not as the unassigned code unit JavaScript's regex sees
    const wellFormed = text as unknown as { isWellFormed(): boolean; toWellFormed(): string };
    if (!wellFormed.isWellFormed()) text = wellFormed.toWellFormed();
    this.cut(text, this.added, (segment) => this.encodeSegment(segment));
    return this.ids.slice(0, this.count);
  }

  decode(ids: Iterable<number>): string {
    return decodeTokenBytes(
      ids,
      (id) => this.tokenBytes[id],
      (id) => new RangeError(`decode: ${id} is not a token of this tokenizer`),
    );
  }

  private encodeSegment(text: string): void {
    // String.prototype.normalize returns the same string fast when it is already normal
    const normal = this.normalForm ? text.normalize(this.normalForm) : text;
    if (this.addedNormalized === undefined) this.words(normal, 0);
    else this.cut(normal, this.addedNormalized, (segment) => this.words(segment, 0));
  }

  /** Each match of `tokens` in `text` as its id, the text between them to `between`. */
  private cut(text: string, tokens: RegExp | undefined, between: (segment: string) => void): void {
    if (tokens === undefined) {
      between(text);
      return;
    }
    let at = 0;
    tokens.lastIndex = 0;
    for (let m = tokens.exec(text); m !== null; m = tokens.exec(text)) {
      if (m.index > at) between(text.slice(at, m.index));
      this.reserve(1);
      this.ids[this.count++] = this.addedIds.get(m[0])!;
      at = m.index + m[0].length;
    }
    if (at < text.length) between(at === 0 ? text : text.slice(at));
  }

  /**
   * Cuts `text` with splits[level] (matches, and any text between them), each piece on to the next
   * level; the last level's pieces go to BPE by their place in `text`, not sliced out.
   */
  private words(text: string, level: number): void {
    if (level === this.splits.length) {
      this.word(text, 0, text.length);
      return;
    }
    const last = level === this.splits.length - 1;
    const pattern = this.splits[level]!;
    let at = 0;
    let gap = 0;
    while (at < text.length) {
      pattern.lastIndex = at;
      if (!pattern.test(text)) {
        // no word starts here: on to where the next one does (a pattern that matches rarely, as
        // DeepSeek's digits and CJK splits, would otherwise be tried at every character); the text
        // up to it is between matches
        const search = this.searches[level]!;
        search.lastIndex = at;
        const next = search.exec(text);
        at = next === null ? text.length : next.index > at ? next.index : at + (text.codePointAt(at)! > 0xffff ? 2 : 1);
        continue;
      }
      if (pattern.lastIndex === at) {
        // an empty match: the character joins the text between matches
        at += text.codePointAt(at)! > 0xffff ? 2 : 1;
        continue;
      }
      const end = pattern.lastIndex;
      if (last) {
        if (gap < at) this.word(text, gap, at);
        this.word(text, at, end);
      } else {
        if (gap < at) this.words(text.slice(gap, at), level + 1);
        this.words(text.slice(at, end), level + 1);
      }
      at = gap = end;
    }
    if (gap < text.length) {
      if (last) this.word(text, gap, text.length);
      else this.words(gap === 0 ? text : text.slice(gap), level + 1);
    }
  }

  /** The ids of the word text[start, end): one token whole, known from the cache, or merged. */
  private word(text: string, start: number, end: number): void {
    this.reserve((end - start) * 3);
    const h = WordTable.hash(text, start, end);
    if (this.whole !== undefined) {
      const id = this.whole.get(text, start, end, h);
      if (id !== WordTable.ABSENT) {
        this.ids[this.count++] = id;
        return;
      }
    }
    const known = this.cache.get(text, start, end, h);
    if (known !== WordTable.ABSENT) {
      if (known < 0) this.ids[this.count++] = -1 - known;
      else {
        const { pool, ids } = this;
        const stop = known + 1 + pool[known]!;
        let count = this.count;
        for (let k = known + 1; k < stop; k++) ids[count++] = pool[k]!;
        this.count = count;
      }
      return;
    }
    if (this.bytes.length < (end - start) * 3) this.bytes = new Uint8Array((end - start) * 6);
    const n = writeUtf8(text, this.bytes, start, end);
    const merged = this.scratch;
    merged.length = 0;
    this.merger.merge(this.bytes, n, merged);
    for (const id of merged) this.ids[this.count++] = id;
    if (this.cache.size >= CACHE_LIMIT) {
      this.cache.clear();
      this.poolEnd = 0;
    }
    if (merged.length === 1) this.cache.set(text, start, end, h, -1 - merged[0]!);
    else {
      if (this.poolEnd + merged.length + 1 > this.pool.length) {
        const bigger = new Int32Array(Math.max(this.pool.length * 2, this.poolEnd + merged.length + 1));
        bigger.set(this.pool.subarray(0, this.poolEnd));
        this.pool = bigger;
      }
      const at = this.poolEnd;
      this.pool[at] = merged.length;
      for (let k = 0; k < merged.length; k++) this.pool[at + 1 + k] = merged[k]!;
      this.poolEnd = at + 1 + merged.length;
      this.cache.set(text, start, end, h, at);
    }
  }

  private reserve(more: number): void {
    if (this.count + more <= this.ids.length) return;
    const bigger = new Uint32Array(Math.max(this.count + more, this.ids.length * 2));
    bigger.set(this.ids.subarray(0, this.count));
    this.ids = bigger;
  }
}

/** A regex matching any of `contents`, the longest first at one place; undefined for none. */
function alternation(contents: string[]): RegExp | undefined {
  if (contents.length === 0) return undefined;
  const sorted = [...contents].sort((x, y) => y.length - x.length);
  return new RegExp(sorted.map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"), "gu");
}

/** "left right": a byte-level token holds no space, so the one space divides the pair. */
function splitMerge(merge: string): [string, string] {
  const at = merge.indexOf(" ", 1);
  return [merge.slice(0, at), merge.slice(at + 1)];
}
