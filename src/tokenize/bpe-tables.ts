// The lookup tables of a byte-level BPE: whole tokens by their text, single bytes, and merges as a
// pair table (left id, right id) -> (rank, id of the merged token), in open-addressing Int32Arrays --
// a Map keyed by two ids would need keys above 2^31, which V8 stores as heap numbers (measured
// 2.2x slower in the merge loop). Built from tiktoken's ranks (token id = rank, and every way of
// spelling a token as two tokens merges into it), or from a tokenizer.json's merges list, where
// only the listed pairs merge and a merge's rank is its place in the list (Hugging Face's BPE model).
// One slot is four adjacent Int32s (left, right, merged id, rank), at most half the slots filled: a
// lookup touches one cache line, and Llama 3's 280k merges take 8 MB (four separate arrays at an
// eighth full took 64 MB, and under load, with other processes in the cache, each probe missed it).
export class BpeTables {
  /** Tokens whose bytes are valid UTF-8, by their text: a pre-token found here is one id. */
  readonly byText = new Map<string, number>();
  /** The id of each single byte. */
  readonly byteId = new Int32Array(256).fill(-1);
  private mask = 0;
  /** Per slot (at find()'s index): left id, right id, the merged token's id, the merge's rank (lower merges first). */
  slots = new Int32Array(0);

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
    // every way of spelling a token as two tokens merges into it
    const pairs: number[] = [];
    for (const [key, id] of byBytes) {
      if (key.length === 1) {
        this.byteId[key.charCodeAt(0)] = id;
        continue;
      }
      for (let k = 1; k < key.length; k++) {
        const a = byBytes.get(key.slice(0, k));
        if (a === undefined) continue;
        const b = byBytes.get(key.slice(k));
        if (b !== undefined) pairs.push(a, b, id);
      }
    }
    this.allocate(pairs.length / 3);
    for (let i = 0; i < pairs.length; i += 3) this.setPair(pairs[i]!, pairs[i + 1]!, pairs[i + 2]!);
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
    merges.forEach(([a, b, id], rank) => tables.setPair(a, b, id, rank));
    return tables;
  }

  /** The id of the token spelled by tokens a then b, or -1. */
  pair(a: number, b: number): number {
    const at = this.find(a, b);
    return at < 0 ? -1 : this.slots[at + 2]!;
  }

  /** The index in `slots` of the merge of a then b (its merged id at +2, its rank at +3), or -1. */
  find(a: number, b: number): number {
    const slots = this.slots;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    for (;;) {
      const at = h << 2;
      const x = slots[at]!;
      if (x === -1) return -1;
      if (x === a && slots[at + 1] === b) return at;
      h = (h + 1) & this.mask;
    }
  }

  private allocate(entries: number): void {
    let size = 1 << 12;
    while (size < entries * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 4).fill(-1);
  }

  private setPair(a: number, b: number, id: number, rank = id): void {
    let at = this.find(a, b);
    if (at < 0) {
      let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
      while (this.slots[h << 2] !== -1) h = (h + 1) & this.mask;
      at = h << 2;
    }
    this.slots[at] = a;
    this.slots[at + 1] = b;
    this.slots[at + 2] = id;
    this.slots[at + 3] = rank;
  }
}

function latin1(bytes: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
