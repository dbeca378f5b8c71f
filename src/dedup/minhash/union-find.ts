// Disjoint sets over document indices 0, 1, 2... in one Int32Array of parents (4 bytes a document).
// The root of a set is always its smallest index, so a near-duplicate cluster's root is its first
// document, the one a drop keeps. Path halving keeps finds short.

export class UnionFind {
  private parent = new Int32Array(1024);
  /** Number of elements added. */
  length = 0;

  /** A new singleton; returns its index. */
  add(): number {
    if (this.length === this.parent.length) {
      const grown = new Int32Array(this.parent.length * 2);
      grown.set(this.parent);
      this.parent = grown;
    }
    this.parent[this.length] = this.length;
    return this.length++;
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      const up = parent[parent[x]!]!;
      parent[x] = up;
      x = up;
    }
    return x;
  }

  /** Join the sets of `a` and `b`; returns the root, the smaller of the two roots. */
  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      this.parent[rb] = ra;
      return ra;
    }
    this.parent[ra] = rb;
    return rb;
  }

  get bytes(): number {
    return this.parent.byteLength;
  }
}
