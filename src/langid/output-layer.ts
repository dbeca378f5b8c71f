// fastText's output layer (facebookresearch/fastText src/loss.cc): the labels' scores from the
// hidden vector. Hierarchical softmax walks the Huffman tree of the label counts depth-first,
// pruning paths that cannot enter the top k; softmax, one-vs-all and negative sampling score every
// label. Scores are exp(log(p + 1e-5)), as fastText reports them.
import type { FastTextModelFile, LossName } from "./model-file.js";

/** fastText's std_log: log(x + 1e-5). */
const logOf = (x: number): number => Math.log(x + 1e-5);

export interface LabelScore {
  /** The label without `__label__`. */
  label: string;
  score: number;
}

export class OutputLayer {
  private readonly dim: number;
  private readonly loss: LossName;
  // hierarchical softmax: inner node n (n >= labels) has children left[n], right[n]
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly sigmoidTable: Float32Array;

  constructor(
    private readonly file: FastTextModelFile,
    private readonly labels: readonly string[],
  ) {
    this.dim = file.args.dim;
    this.loss = file.args.loss;
    const osz = labels.length;
    this.left = new Int32Array(Math.max(0, 2 * osz - 1)).fill(-1);
    this.right = new Int32Array(Math.max(0, 2 * osz - 1)).fill(-1);
    if (this.loss === "hs") this.buildTree(file.labelCounts);
    // BinaryLogisticLoss (ova, ns) looks sigmoids up in fastText's 512-entry table (src/loss.cc)
    this.sigmoidTable = new Float32Array(513);
    for (let i = 0; i <= 512; i++) {
      const x = Math.fround(Math.fround(i * 2 * 8) / 512 - 8);
      this.sigmoidTable[i] = 1 / (1 + Math.exp(-x));
    }
  }

  /** The k best labels (all for k = -1) scoring at least `threshold`, best first. */
  scores(hidden: Float64Array, k: number, threshold: number): LabelScore[] {
    return this.loss === "hs" ? this.hierarchical(hidden, k, threshold) : this.flat(hidden, k, threshold);
  }

  /** HierarchicalSoftmaxLoss::buildTree: Huffman over label counts (sorted by count, descending, in the file). */
  private buildTree(counts: number[]): void {
    const osz = counts.length;
    const count = new Float64Array(2 * osz - 1).fill(1e15);
    for (let i = 0; i < osz; i++) count[i] = counts[i]!;
    let leaf = osz - 1;
    let node = osz;
    for (let i = osz; i < 2 * osz - 1; i++) {
      const mini = [0, 0];
      for (let j = 0; j < 2; j++) {
        if (leaf >= 0 && count[leaf]! < count[node]!) mini[j] = leaf--;
        else mini[j] = node++;
      }
      this.left[i] = mini[0]!;
      this.right[i] = mini[1]!;
      count[i] = count[mini[0]!]! + count[mini[1]!]!;
    }
  }

  private dot(row: number, hidden: Float64Array): number {
    const out = this.file.output;
    const at = row * this.dim;
    let s = 0;
    for (let d = 0; d < this.dim; d++) s += out[at + d]! * hidden[d]!;
    const scale = this.file.outputScale;
    return scale ? s * scale[row]! : s;
  }

  private hierarchical(hidden: Float64Array, k: number, threshold: number): LabelScore[] {
    const osz = this.labels.length;
    const limit = k < 0 ? osz : k;
    const top = new TopK(limit);
    const floor = logOf(threshold);
    const left = this.left;
    const right = this.right;
    const visit = (node: number, score: number): void => {
      if (score < floor) return;
      if (top.full() && score < top.worst()) return;
      if (left[node] === -1 && right[node] === -1) {
        top.push(score, node);
        return;
      }
      const f = 1 / (1 + Math.exp(-this.dot(node - osz, hidden)));
      visit(left[node]!, score + logOf(1 - f));
      visit(right[node]!, score + logOf(f));
    };
    if (osz === 1) top.push(0, 0);
    else visit(2 * osz - 2, 0);
    return top.sorted().map(([score, label]) => ({ label: this.labels[label]!, score: Math.exp(score) }));
  }

  private flat(hidden: Float64Array, k: number, threshold: number): LabelScore[] {
    const osz = this.labels.length;
    const output = new Float64Array(osz);
    for (let i = 0; i < osz; i++) output[i] = this.dot(i, hidden);
    if (this.loss === "softmax") {
      let max = output[0]!;
      for (let i = 1; i < osz; i++) if (output[i]! > max) max = output[i]!;
      let z = 0;
      for (let i = 0; i < osz; i++) z += output[i] = Math.exp(output[i]! - max);
      for (let i = 0; i < osz; i++) output[i]! /= z;
    } else {
      for (let i = 0; i < osz; i++) {
        const x = output[i]!;
        output[i] = x < -8 ? 0 : x > 8 ? 1 : this.sigmoidTable[Math.trunc(((x + 8) * 512) / 8 / 2)]!;
      }
    }
    const top = new TopK(k < 0 ? osz : k);
    for (let i = 0; i < osz; i++) {
      if (output[i]! < threshold) continue;
      const s = logOf(output[i]!);
      if (top.full() && s < top.worst()) continue;
      top.push(s, i);
    }
    return top.sorted().map(([score, label]) => ({ label: this.labels[label]!, score: Math.exp(score) }));
  }
}

/** The k best (score, label) pairs: a min-heap on score, as fastText's `Predictions` heap. */
class TopK {
  private readonly scores: number[] = [];
  private readonly ids: number[] = [];
  constructor(private readonly k: number) {}
  full(): boolean {
    return this.scores.length >= this.k;
  }
  worst(): number {
    return this.scores[0]!;
  }
  push(score: number, id: number): void {
    const s = this.scores;
    const ids = this.ids;
    let i = s.length;
    s.push(score);
    ids.push(id);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (s[p]! <= score) break;
      s[i] = s[p]!;
      ids[i] = ids[p]!;
      i = p;
    }
    s[i] = score;
    ids[i] = id;
    if (s.length > this.k) this.popWorst();
  }
  private popWorst(): void {
    const s = this.scores;
    const ids = this.ids;
    const lastS = s.pop()!;
    const lastId = ids.pop()!;
    if (s.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= s.length) break;
      const c = l + 1 < s.length && s[l + 1]! < s[l]! ? l + 1 : l;
      if (s[c]! >= lastS) break;
      s[i] = s[c]!;
      ids[i] = ids[c]!;
      i = c;
    }
    s[i] = lastS;
    ids[i] = lastId;
  }
  /** Best first. */
  sorted(): [number, number][] {
    return this.scores.map((s, i) => [s, this.ids[i]!] as [number, number]).sort((a, b) => b[0] - a[0]);
  }
}
