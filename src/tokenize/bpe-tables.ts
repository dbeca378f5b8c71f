// The lookup tables of a byte-level BPE: whole tokens by their text, single bytes, and merges as a
// pair table (left id, right id) -> (rank, id of the merged token), in open-addressing Int32Arrays --
// a Map keyed by two ids would need keys above 2^31, which V8 stores as heap numbers (measured
// 2.2x slower in the merge loop). Built from tiktoken's ranks (token id = rank, and every way of
// spelling a token as two tokens merges into it), or from a tokenizer.json's merges list, where
// only the listed pairs merge and a merge's rank is its place in the list (Hugging Face's BPE model).
export class BpeTables {
  /** Tokens whose bytes are valid UTF-8, by their text: a pre-token found here is one id. */
  readonly byText = new Map<string, number>();
  /** The id of each single byte. */
  readonly byteId = new Int32Array(256).fill(-1);
  private mask = 0;
  private left = new Int32Array(0);
  private right = new Int32Array(0);
  /** Per slot of find(): the merged token's id, and the merge's rank (lower merges first). */
  merged = new Int32Array(0);
  rank = new Int32Array(0);

  /**
   * Tables from tiktoken-style ranks: `ranks[id]` is the token's text, or its bytes when they are not
   * valid UTF-8 (gpt-tokenizer's layout). Without ranks, empty tables for fromMerges().
   */
  constructor(ranks?: readonly (string | readonly number[])[]) {
    if (ranks === undefined) return;
    const utf8 = new TextEncoder();
    // every token's bytes as a Latin-1 string (one char per byte): a key for finding the split parts
    const byBytes = new Map<string, number>();
    ranks.forEach((token, id) => {
      const bytes = typeof token === "string" ? utf8.encode(token) : token;
      if (typeof token === "string") this.byText.set(token, id);
      byBytes.set(latin1(bytes), id);
    });
    this.allocate(byBytes.size);
    // a token's rank is its id: one array serves both
    this.rank = this.merged;
    for (const [key, id] of byBytes) {
      if (key.length === 1) {
        this.byteId[key.charCodeAt(0)] = id;
        continue;
      }
      // every way of spelling the token as two tokens merges into it
      for (let k = 1; k < key.length; k++) {
        const a = byBytes.get(key.slice(0, k));
        if (a === undefined) continue;
        const b = byBytes.get(key.slice(k));
        if (b !== undefined) this.setPair(a, b, id);
      }
    }
  }

  /**
   * Tables from a merges list: `merges[rank]` = [left id, right id, merged id]; `byteId[b]` is the
   * token of byte b; `byText` the tokens whose text is one pre-token's whole id (may stay empty). A
   * pair listed twice keeps its last rank, as Hugging Face's BPE builds its merge map (a HashMap
   * collected in list order).
   */
  static fromMerges(merges: readonly (readonly [number, number, number])[], byteId: ArrayLike<number>, byText?: ReadonlyMap<string, number>): BpeTables {
    const tables = new BpeTables();
    for (let b = 0; b < 256; b++) tables.byteId[b] = byteId[b]!;
    for (const [text, id] of byText ?? []) tables.byText.set(text, id);
    tables.allocate(merges.length);
    tables.rank = new Int32Array(tables.merged.length);
    merges.forEach(([a, b, id], rank) => tables.setPair(a, b, id, rank));
    return tables;
  }

  /** The id of the token spelled by tokens a then b, or -1. */
  pair(a: number, b: number): number {
    const slot = this.find(a, b);
    return slot < 0 ? -1 : this.merged[slot]!;
  }

  /** The slot of the merge of a then b (its id in `merged`, its rank in `rank`), or -1. */
  find(a: number, b: number): number {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    for (;;) {
      const x = this.left[h]!;
      if (x === -1) return -1;
      if (x === a && this.right[h] === b) return h;
      h = (h + 1) & this.mask;
    }
  }

  private allocate(entries: number): void {
    let size = 1 << 16;
    while (size < entries * 8) size *= 2;
    this.mask = size - 1;
    this.left = new Int32Array(size).fill(-1);
    this.right = new Int32Array(size);
    this.merged = new Int32Array(size);
  }

  private setPair(a: number, b: number, id: number, rank = id): void {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    while (this.left[h] !== -1 && !(this.left[h] === a && this.right[h] === b)) h = (h + 1) & this.mask;
    this.left[h] = a;
    this.right[h] = b;
    this.merged[h] = id;
    if (this.rank !== this.merged) this.rank[h] = rank;
  }
}

function latin1(bytes: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
