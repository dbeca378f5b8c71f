// Document ids by index, as UTF-8 bytes in one growing buffer with an end offset per document:
// `duplicate_of` needs the id of a cluster's first document long after it has gone by, and a
// string per document costs 30-60 bytes of heap beyond its characters. Documents that can never
// be referred to are stored as "" (no bytes).

const encoder = new TextEncoder();
// ignoreBOM: an id that starts with U+FEFF comes back whole (TextDecoder drops a leading one by default)
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

export class IdStore {
  private data = new Uint8Array(4096);
  private ends = new Uint32Array(1024);
  private used = 0;
  /** Number of ids stored. */
  length = 0;

  push(id: string): void {
    if (this.length === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    if (id.length > 0) {
      const need = this.used + id.length * 3;
      if (need > this.data.length) {
        let size = this.data.length * 2;
        while (size < need) size *= 2;
        const grown = new Uint8Array(size);
        grown.set(this.data.subarray(0, this.used));
        this.data = grown;
      }
      this.used += encoder.encodeInto(id, this.data.subarray(this.used)).written;
    }
    this.ends[this.length++] = this.used;
  }

  get(index: number): string {
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    return decoder.decode(this.data.subarray(start, this.ends[index]!));
  }

  get bytes(): number {
    return this.data.byteLength + this.ends.byteLength;
  }
}
