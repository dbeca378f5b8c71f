// Our encoder for OpenAI's tiktoken encodings: the same ids as tiktoken (tested on the UDHR, the
// sample corpus and edge cases), 1.7-2.2x its WebAssembly build on one core (bench tokenize).
// Pre-tokens come from each encoding's split pattern (tiktoken's pat_str, rewritten for JavaScript:
// the case-insensitive contraction group has no inline (?i:) in Node 20, so it spells both cases);
// a pre-token that is a whole token is one Map lookup; the others are byte-pair merged
// (bpe-merge.ts) and remembered in a bounded cache, as words repeat. Ranks come from
// gpt-tokenizer's files, which hold tiktoken's ranks.
import { BpeMerger } from "./bpe-merge.js";
import { BpeTables } from "./bpe-tables.js";
import { decodeTokenBytes } from "./decode-bytes.js";
import { writeUtf8 } from "./write-utf8.js";

const CONTRACTION = "'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])";
// tiktoken runs its patterns with Rust's regex, where \s is Unicode White_Space; JavaScript's \s
// also takes U+FEFF and misses U+0085 (NEL, which a Windows-1252 page mis-decoded carries where "..."
// was), the only two differences over every code point (tests/tokenize/tiktoken-engine.test.ts
// sweeps them against tiktoken). Rust's (?i) contractions do not take U+017F (long s) here.
const S = "\\p{White_Space}";
const NOT_S = "\\P{White_Space}";

/** Split patterns (tiktoken's pat_str per encoding). */
export const SPLIT_PATTERNS = {
  cl100k_base: new RegExp(
    `${CONTRACTION}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^${S}\\p{L}\\p{N}]+[\\r\\n]*|${S}*[\\r\\n]+|${S}+(?!${NOT_S})|${S}+`,
    "gu",
  ),
  o200k_base: new RegExp(
    `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?:${CONTRACTION})?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?:${CONTRACTION})?|\\p{N}{1,3}| ?[^${S}\\p{L}\\p{N}]+[\\r\\n/]*|${S}*[\\r\\n]+|${S}+(?!${NOT_S})|${S}+`,
    "gu",
  ),
  // GPT-2's pattern: its contractions are lowercase only
  r50k_base: new RegExp(`'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^${S}\\p{L}\\p{N}]+|${S}+(?!${NOT_S})|${S}+`, "gu"),
  p50k_base: new RegExp(`'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^${S}\\p{L}\\p{N}]+|${S}+(?!${NOT_S})|${S}+`, "gu"),
} as const;

const CACHE_LIMIT = 100_000;

export class TiktokenEngine {
  private readonly tables: BpeTables;
  private readonly merger: BpeMerger;
  private readonly pattern: RegExp;
  private readonly search: RegExp;
  private readonly cache = new Map<string, Uint32Array>();
  private bytes = new Uint8Array(1024);
  private ids: Uint32Array = new Uint32Array(1 << 16);
  private readonly scratch: number[] = [];

  private tokenBytes: Uint8Array[] | undefined;

  /** `specials`: id -> text of the special tokens decode() may meet (the end-of-text id). */
  constructor(
    private readonly ranks: readonly (string | readonly number[])[],
    pattern: RegExp,
    private readonly specials: Readonly<Record<number, string>> = {},
  ) {
    this.tables = new BpeTables(ranks);
    this.merger = new BpeMerger(this.tables);
    // a private sticky copy: lastIndex is state, and two engines must not share it
    this.pattern = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}y`);
    this.search = new RegExp(pattern.source, pattern.flags);
  }

  encode(text: string): number[] {
    return Array.from(this.encodeToArray(text));
  }

  /**
   * The ids as a Uint32Array. Allocation is kept low on purpose (it decides how well workers scale:
   * V8's parallel GC helpers compete for the cores): a sticky test() instead of exec() (no match
   * array per pre-token; every character of these patterns' input starts a match, so sticky and
   * global agree), ids gathered in one reused buffer, one copy out per document.
   */
  encodeToArray(text: string): Uint32Array {
    const { pattern, tables, cache } = this;
    let ids = this.ids;
    let count = 0;
    let at = 0;
    pattern.lastIndex = 0;
    while (at < text.length) {
      if (!pattern.test(text)) {
        // no pre-token starts here (none of these patterns leaves a character out, but should one):
        // skip to the next match, as tiktoken's find_iter does
        this.search.lastIndex = at;
        const next = this.search.exec(text);
        if (!next) break;
        at = next.index;
        pattern.lastIndex = at;
        continue;
      }
      const end = pattern.lastIndex;
      const piece = text.slice(at, end);
      at = end;
      if (count + piece.length * 3 + 1 > ids.length) ids = this.grow(count + piece.length * 3 + 1);
      const id = tables.byText.get(piece);
      if (id !== undefined) {
        ids[count++] = id;
        continue;
      }
      const known = cache.get(piece);
      if (known !== undefined) {
        ids.set(known, count);
        count += known.length;
        continue;
      }
      const n = this.utf8(piece); // first: it may replace this.bytes with a larger buffer
      const merged = this.scratch;
      merged.length = 0;
      this.merger.merge(this.bytes, n, merged);
      const entry = Uint32Array.from(merged);
      ids.set(entry, count);
      count += entry.length;
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(piece, entry);
    }
    return ids.slice(0, count);
  }

  /** The text of `ids`: their bytes concatenated and read as UTF-8 (a split character becomes U+FFFD). */
  decode(ids: Iterable<number>): string {
    const utf8 = new TextEncoder();
    this.tokenBytes ??= this.ranks.map((t) => (typeof t === "string" ? utf8.encode(t) : Uint8Array.from(t)));
    const tokenBytes = this.tokenBytes;
    const bytesOf = (id: number) => tokenBytes[id] ?? (this.specials[id] !== undefined ? utf8.encode(this.specials[id]) : undefined);
    return decodeTokenBytes(ids, bytesOf, (id) => new RangeError(`decode: ${id} is not a token of this encoding`));
  }

  private grow(needed: number): Uint32Array {
    const bigger = new Uint32Array(Math.max(needed, this.ids.length * 2));
    bigger.set(this.ids);
    this.ids = bigger;
    return bigger;
  }

  /** UTF-8 of `piece` into this.bytes. */
  private utf8(piece: string): number {
    if (this.bytes.length < piece.length * 3) this.bytes = new Uint8Array(piece.length * 3 * 2);
    return writeUtf8(piece, this.bytes);
  }
}
