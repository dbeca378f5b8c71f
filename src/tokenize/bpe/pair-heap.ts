// The merge trainer's priority queue: a binary max-heap of (count, left id, right id). The most
// frequent pair comes first; among equal counts the pair with the smaller left id, then the smaller
// right id, as in Hugging Face's BpeTrainer (tokenizers/src/models/bpe/trainer.rs, `impl Ord for
// Merge`: count, then pair in ascending order). Entries are not updated when a count changes: the
// trainer compares a popped entry with the current count and pushes it again if it is stale.

export class PairHeap {
  private counts: number[] = [];
  private lefts: number[] = [];
  private rights: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  push(count: number, left: number, right: number): void {
    this.counts.push(count);
    this.lefts.push(left);
    this.rights.push(right);
    this.up(this.counts.length - 1);
  }

  /** The top entry, removed, as [count, left, right]; undefined when empty. */
  pop(): [number, number, number] | undefined {
    const n = this.counts.length;
    if (n === 0) return undefined;
    const top: [number, number, number] = [this.counts[0]!, this.lefts[0]!, this.rights[0]!];
    const count = this.counts.pop()!;
    const left = this.lefts.pop()!;
    const right = this.rights.pop()!;
    if (n > 1) {
      this.counts[0] = count;
      this.lefts[0] = left;
      this.rights[0] = right;
      this.down(0);
    }
    return top;
  }

  /** Whether entry i goes before entry j. */
  private before(i: number, j: number): boolean {
    const ci = this.counts[i]!;
    const cj = this.counts[j]!;
    if (ci !== cj) return ci > cj;
    const li = this.lefts[i]!;
    const lj = this.lefts[j]!;
    if (li !== lj) return li < lj;
    return this.rights[i]! < this.rights[j]!;
  }

  private swap(i: number, j: number): void {
    const { counts, lefts, rights } = this;
    [counts[i], counts[j]] = [counts[j]!, counts[i]!];
    [lefts[i], lefts[j]] = [lefts[j]!, lefts[i]!];
    [rights[i], rights[j]] = [rights[j]!, rights[i]!];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.counts.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const child = r < n && this.before(r, l) ? r : l;
      if (!this.before(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }
}
