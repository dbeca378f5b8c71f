// The lookup tables of a tiktoken-style byte-level BPE, built once from its ranks (token id =
// rank, as in tiktoken's files): whole tokens by their text, single bytes, and merges as a pair
// table (left id, right id) -> id of the token spelled by both, in open-addressing Int32Arrays --
// a Map keyed by two ids would need keys above 2^31, which V8 stores as heap numbers (measured
// 2.2x slower in the merge loop).
export class BpeTables {
  /** Tokens whose bytes are valid UTF-8, by their text: a pre-token found here is one id. */
  readonly byText = new Map<string, number>();
  /** The id of each single byte. */
  readonly byteId = new Int32Array(256).fill(-1);
  private readonly mask: number;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly merged: Int32Array;

  /** `ranks[id]` is the token's text, or its bytes when they are not valid UTF-8 (gpt-tokenizer's layout). */
  constructor(ranks: readonly (string | readonly number[])[]) {
    const utf8 = new TextEncoder();
    // every token's bytes as a Latin-1 string (one char per byte): a key for finding the split parts
    const byBytes = new Map<string, number>();
    ranks.forEach((token, id) => {
      const bytes = typeof token === "string" ? utf8.encode(token) : token;
      if (typeof token === "string") this.byText.set(token, id);
      byBytes.set(latin1(bytes), id);
    });
    let size = 1 << 16;
    while (size < byBytes.size * 8) size *= 2;
    this.mask = size - 1;
    this.left = new Int32Array(size).fill(-1);
    this.right = new Int32Array(size);
    this.merged = new Int32Array(size);
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

  /** The id of the token spelled by tokens a then b, or -1. */
  pair(a: number, b: number): number {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    for (;;) {
      const x = this.left[h]!;
      if (x === -1) return -1;
      if (x === a && this.right[h] === b) return this.merged[h]!;
      h = (h + 1) & this.mask;
    }
  }

  private setPair(a: number, b: number, id: number): void {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    while (this.left[h] !== -1 && !(this.left[h] === a && this.right[h] === b)) h = (h + 1) & this.mask;
    this.left[h] = a;
    this.right[h] = b;
    this.merged[h] = id;
  }
}

function latin1(bytes: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
