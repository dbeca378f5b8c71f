// A growable list of 64-bit hashes kept as two Int32Arrays (low and high words): the word and
// shingle hashes of one document, reused from document to document so the hot path allocates
// nothing once the buffers have grown to the longest document.

export class HashList {
  lo = new Int32Array(1024);
  hi = new Int32Array(1024);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  /** Room for `n` hashes in total. */
  reserve(n: number): void {
    if (n <= this.lo.length) return;
    let size = this.lo.length;
    while (size < n) size *= 2;
    const lo = new Int32Array(size);
    const hi = new Int32Array(size);
    lo.set(this.lo.subarray(0, this.length));
    hi.set(this.hi.subarray(0, this.length));
    this.lo = lo;
    this.hi = hi;
  }

  push(lo: number, hi: number): void {
    if (this.length === this.lo.length) this.reserve(this.length + 1);
    this.lo[this.length] = lo;
    this.hi[this.length] = hi;
    this.length++;
  }
}
