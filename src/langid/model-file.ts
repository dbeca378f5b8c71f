// Reads a fastText model file (.bin, or .ftz with product-quantised matrices) into plain typed
// arrays. The layout is fastText's own (facebookresearch/fastText src/fasttext.cc loadModel,
// src/args.cc, src/dictionary.cc, src/densematrix.cc, src/quantmatrix.cc, src/productquantizer.cc):
// magic and version, the training arguments, the dictionary (words then labels, with counts and the
// pruned n-gram map), the input matrix, then the output matrix, all little-endian.
//
// A quantised input row is decoded once here into fround(norm * centroid) per element: that is the
// very float fastText adds to the hidden vector for that row (ProductQuantizer::addcode computes
// `alpha * c[n]` in float), so the decoded matrix gives the same sums as decoding on the fly.
import { InputError } from "../errors.js";

const MAGIC = 793712314;
const NEWEST_VERSION = 12;
/** Centroids per sub-quantiser: fastText's codes are one byte. */
const KSUB = 256;

export type LossName = "hs" | "ns" | "softmax" | "ova";
const LOSSES: Record<number, LossName> = { 1: "hs", 2: "ns", 3: "softmax", 4: "ova" };

export interface FastTextArgs {
  dim: number;
  wordNgrams: number;
  loss: LossName;
  /** 1 cbow, 2 skipgram, 3 supervised: only supervised models predict labels. */
  model: number;
  bucket: number;
  minn: number;
  maxn: number;
}

export interface FastTextModelFile {
  args: FastTextArgs;
  /** Dictionary words (not labels), id order; `undefined` where the bytes are not valid UTF-8 (no JS string can equal them). */
  words: (string | undefined)[];
  /** Labels as stored, with their prefix (`__label__en`), label-id order. */
  labels: string[];
  /** Training counts of the labels: the Huffman tree of hierarchical softmax is built from them. */
  labelCounts: number[];
  /** -1: not pruned (n-gram bucket h is row nwords + h); otherwise bucket -> row offset, size pruneSize. */
  pruneSize: number;
  pruneKeys: Int32Array;
  pruneValues: Int32Array;
  /** Input rows (nwords + n-gram rows) x dim, decoded. */
  input: Float32Array;
  inputRows: number;
  /** Output rows (labels, or inner tree nodes for hs) x dim; for a quantised output, the centroids without the norm. */
  output: Float32Array;
  outputRows: number;
  /** Per output row, the factor fastText multiplies the dot product by (the quantised norm; 1 when dense). */
  outputScale: Float32Array | undefined;
}

class Cursor {
  offset = 0;
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): void {
    if (this.offset + n > this.bytes.length)
      throw new InputError({ file: this.file }, `truncated fastText model: needed ${n} bytes at offset ${this.offset}, file has ${this.bytes.length}`);
  }
  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }
  i64(): number {
    this.need(8);
    const v = Number(this.view.getBigInt64(this.offset, true));
    this.offset += 8;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }
  /** n little-endian floats, copied (the file buffer need not be 4-aligned). */
  f32s(n: number): Float32Array {
    this.need(n * 4);
    const out = new Float32Array(n);
    new Uint8Array(out.buffer).set(this.bytes.subarray(this.offset, this.offset + n * 4));
    this.offset += n * 4;
    return out;
  }
  cstring(): Uint8Array {
    const end = this.bytes.indexOf(0, this.offset);
    if (end < 0) throw new InputError({ file: this.file }, `truncated fastText model: unterminated dictionary word at offset ${this.offset}`);
    const s = this.bytes.subarray(this.offset, end);
    this.offset = end + 1;
    return s;
  }
}

interface ProductQuantizer {
  nsubq: number;
  dsub: number;
  lastdsub: number;
  centroids: Float32Array;
}

function readQuantizer(c: Cursor): ProductQuantizer {
  const dim = c.i32();
  const nsubq = c.i32();
  const dsub = c.i32();
  const lastdsub = c.i32();
  return { nsubq, dsub, lastdsub, centroids: c.f32s(dim * KSUB) };
}

/** Where centroid `code` of sub-quantiser `m` starts (the last one may be shorter: ProductQuantizer::get_centroids). */
function centroidAt(pq: ProductQuantizer, m: number, code: number): number {
  return m === pq.nsubq - 1 ? m * KSUB * pq.dsub + code * pq.lastdsub : (m * KSUB + code) * pq.dsub;
}

/** A matrix as the file stores it: dense floats, or product-quantised codes (with quantised row norms when qnorm). */
function readMatrix(
  c: Cursor,
  quantised: boolean,
): { rows: number; cols: number; decode: (scaleIntoRows: boolean) => { data: Float32Array; scale: Float32Array | undefined } } {
  if (!quantised) {
    const rows = c.i64();
    const cols = c.i64();
    const data = c.f32s(rows * cols);
    return { rows, cols, decode: () => ({ data, scale: undefined }) };
  }
  const qnorm = c.u8() !== 0;
  const rows = c.i64();
  const cols = c.i64();
  const codeSize = c.i32();
  c.need(codeSize);
  const codes = c.bytes.subarray(c.offset, c.offset + codeSize);
  c.offset += codeSize;
  const pq = readQuantizer(c);
  let norms: Float32Array | undefined;
  if (qnorm) {
    c.need(rows);
    const normCodes = c.bytes.subarray(c.offset, c.offset + rows);
    c.offset += rows;
    const npq = readQuantizer(c);
    norms = new Float32Array(rows);
    for (let i = 0; i < rows; i++) norms[i] = npq.centroids[centroidAt(npq, 0, normCodes[i]!)]!;
  }
  if (codeSize < rows * pq.nsubq) throw new InputError({ file: c.file }, `fastText model: ${codeSize} quantiser codes for ${rows} rows of ${pq.nsubq}`);
  return {
    rows,
    cols,
    decode(scaleIntoRows) {
      const data = new Float32Array(rows * cols);
      for (let t = 0; t < rows; t++) {
        const alpha = scaleIntoRows && norms ? norms[t]! : 1;
        for (let m = 0; m < pq.nsubq; m++) {
          const at = centroidAt(pq, m, codes[t * pq.nsubq + m]!);
          const d = m === pq.nsubq - 1 ? pq.lastdsub : pq.dsub;
          const row = t * cols + m * pq.dsub;
          // a float32 store rounds alpha * c exactly as fastText's float multiply does
          for (let n = 0; n < d; n++) data[row + n] = alpha * pq.centroids[at + n]!;
        }
      }
      return { data, scale: scaleIntoRows ? undefined : norms };
    },
  };
}

/** Parse a fastText model file; `file` names it in errors. */
export function readModelFile(bytes: Uint8Array, file: string): FastTextModelFile {
  const c = new Cursor(bytes, file);
  if (c.i32() !== MAGIC) throw new InputError({ file }, "not a fastText model (wrong magic number)");
  const version = c.i32();
  if (version > NEWEST_VERSION) throw new InputError({ file }, `fastText model version ${version}, newer than ${NEWEST_VERSION}`);
  const dim = c.i32();
  c.i32(); // ws
  c.i32(); // epoch
  c.i32(); // minCount
  c.i32(); // neg
  const wordNgrams = c.i32();
  const lossCode = c.i32();
  const model = c.i32();
  const bucket = c.i32();
  const minn = c.i32();
  let maxn = c.i32();
  c.i32(); // lrUpdateRate
  c.f64(); // t
  const loss = LOSSES[lossCode];
  if (!loss) throw new InputError({ file }, `fastText model: unknown loss ${lossCode}`);
  // fastText loadModel: version 11 supervised models had no character n-grams
  if (version === 11 && model === 3) maxn = 0;

  const size = c.i32();
  const nwords = c.i32();
  const nlabels = c.i32();
  c.i64(); // ntokens
  const pruneSize = c.i64();
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const words: (string | undefined)[] = [];
  const labels: string[] = [];
  const labelCounts: number[] = [];
  for (let i = 0; i < size; i++) {
    const raw = c.cstring();
    const count = c.i64();
    const type = c.u8();
    let word: string | undefined;
    try {
      word = utf8.decode(raw);
    } catch {
      word = undefined;
    }
    if (type === 1) {
      labels.push(word ?? new TextDecoder().decode(raw));
      labelCounts.push(count);
    } else words.push(word);
  }
  if (words.length !== nwords || labels.length !== nlabels)
    throw new InputError({ file }, `fastText dictionary: ${words.length} words and ${labels.length} labels, header says ${nwords} and ${nlabels}`);
  const pruned = Math.max(0, pruneSize);
  const pruneKeys = new Int32Array(pruned);
  const pruneValues = new Int32Array(pruned);
  for (let i = 0; i < pruned; i++) {
    pruneKeys[i] = c.i32();
    pruneValues[i] = c.i32();
  }

  const quantInput = c.u8() !== 0;
  const input = readMatrix(c, quantInput);
  const qout = c.u8() !== 0;
  // fastText reads a quantised output only when the input is quantised too
  const output = readMatrix(c, quantInput && qout);
  if (input.cols !== dim || output.cols !== dim)
    throw new InputError({ file }, `fastText model: matrices of ${input.cols} and ${output.cols} columns, dim is ${dim}`);
  const inputData = input.decode(true).data;
  const out = output.decode(false);
  return {
    args: { dim, wordNgrams, loss, model, bucket, minn, maxn },
    words,
    labels,
    labelCounts,
    pruneSize,
    pruneKeys,
    pruneValues,
    input: inputData,
    inputRows: input.rows,
    output: out.data,
    outputRows: output.rows,
    outputScale: out.scale,
  };
}
