// Stage 2 of multi-stage MinHash (datatrove's MinhashDedupBuckets): per band, merge the sorted
// signature files of every task and, for each band key shared by several documents, emit a pair
// (first document, later document) for every document after the first. "First" is the order of
// the whole input: task by task, then document by document, which is the order the in-process
// minhashDedup sees when it reads the tasks' shares one after the other.
// Work is split into units of (band, hash range): with W tasks and B bands each band is cut into
// ceil(W / B) ranges of the key's top 32 bits, and task r takes units r, r + W, r + 2W... Any W
// works (datatrove needs a multiple of the band count) and the pairs are the same for every W.
import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { InputError, OutputError } from "../../errors.js";
import { parseOptions } from "../../options.js";
import { readTaskRecords } from "./minhash-signatures.js";
import { encodeHeader, FileWriter, MAGIC, RecordReader } from "./stage-files.js";

export const MinhashBucketsOptions = z
  .object({
    input: z.string().min(1).describe("the signature folder (minhashSignatures' output)"),
    output: z.string().min(1).describe("folder of the pair files"),
    rank: z.number().int().min(0).default(0),
    worldSize: z.number().int().positive().default(1),
  })
  .strict();
export type MinhashBucketsInput = z.input<typeof MinhashBucketsOptions>;

export interface BucketsSummary {
  /** The (band, range) units this task did. */
  units: number;
  pairs: number;
}

const TWO_32 = 0x100000000;

export async function minhashBuckets(options: MinhashBucketsInput): Promise<BucketsSummary> {
  const o = parseOptions(MinhashBucketsOptions, options, "minhashBuckets");
  if (o.rank >= o.worldSize) throw new InputError({ file: o.input }, `rank ${o.rank} is not below the world size ${o.worldSize}`);
  const tasks = await readTaskRecords(o.input);
  const { bands } = tasks[0]!.settings;
  const parts = Math.ceil(o.worldSize / bands);
  try {
    await mkdir(o.output, { recursive: true });
  } catch (error) {
    throw new OutputError(o.output, `cannot create the pair folder: ${(error as Error).message}`, { cause: error });
  }
  const summary: BucketsSummary = { units: 0, pairs: 0 };
  for (let unit = o.rank; unit < bands * parts; unit += o.worldSize) {
    const band = Math.floor(unit / parts);
    const part = unit % parts;
    summary.pairs += await bandPairs(o.input, o.output, tasks.length, tasks[0]!.fingerprint, band, bands, part, parts);
    summary.units++;
  }
  return summary;
}

async function bandPairs(
  input: string,
  output: string,
  taskCount: number,
  fingerprint: number,
  band: number,
  bands: number,
  part: number,
  parts: number,
): Promise<number> {
  const folder = join(input, `bucket_${String(band).padStart(3, "0")}`);
  const names = (await readdir(folder)).filter((f) => f.endsWith(".minhash.sig")).sort();
  if (names.length !== taskCount) throw new InputError({ file: folder }, `expected ${taskCount} signature files, found ${names.length}`);
  const readers: RecordReader[] = [];
  try {
    for (const name of names) {
      const reader = await RecordReader.open(join(folder, name), MAGIC.signatures, (h) => h.keyBytes + 4);
      readers.push(reader);
      const h = reader.header;
      if (h.fingerprint !== fingerprint || h.a !== band || h.b !== bands || h.c !== readers.length - 1) {
        throw new InputError(
          { file: reader.file },
          `expected band ${band} of ${bands} from task ${readers.length - 1} with settings ${fingerprint}, found band ${h.a} of ${h.b} from task ${h.c} with settings ${h.fingerprint}`,
        );
      }
    }
    const keyBytes = readers[0]!.header.keyBytes;
    // the range is over the key's top 32 bits: the high word, or the whole key at 4 bytes
    const topOffset = keyBytes === 8 ? 4 : 0;
    const from = Math.floor((part * TWO_32) / parts);
    const to = Math.floor(((part + 1) * TWO_32) / parts);
    const merge = new KeyMerge(readers, keyBytes, topOffset, to);
    for (const [r, reader] of readers.entries()) {
      reader.seek(await firstAtOrAbove(reader, topOffset, from));
      await merge.load(r);
    }
    const file = join(output, `${String(band).padStart(3, "0")}-${String(part).padStart(3, "0")}of${String(parts).padStart(3, "0")}.dups`);
    const out = await FileWriter.create(file);
    await out.write(encodeHeader({ magic: MAGIC.pairs, keyBytes: 0, fingerprint, count: 0, a: band, b: part, c: parts }));
    let pairs = 0;
    let groupHi = -1;
    let groupLo = -1;
    let firstRank = -1;
    let firstDoc = -1;
    for (let r = merge.pop(); r >= 0; r = merge.pop()) {
      const hi = merge.hi[r]!;
      const lo = merge.lo[r]!;
      const doc = merge.doc[r]!;
      if (firstRank >= 0 && hi === groupHi && lo === groupLo) {
        if (!out.fits(16)) await out.flush();
        const at = out.claim(16);
        out.buffer.writeUInt32LE(firstRank, at);
        out.buffer.writeUInt32LE(firstDoc, at + 4);
        out.buffer.writeUInt32LE(r, at + 8);
        out.buffer.writeUInt32LE(doc, at + 12);
        pairs++;
      } else {
        groupHi = hi;
        groupLo = lo;
        firstRank = r;
        firstDoc = doc;
      }
      readers[r]!.index++;
      await merge.load(r);
    }
    await out.patch(0, encodeHeader({ magic: MAGIC.pairs, keyBytes: 0, fingerprint, count: pairs, a: band, b: part, c: parts }));
    await out.close();
    return pairs;
  } finally {
    for (const reader of readers) await reader.close();
  }
}

/** The index of the first record whose top key word is >= `from` (binary search on the sorted file). */
async function firstAtOrAbove(reader: RecordReader, topOffset: number, from: number): Promise<number> {
  let low = 0;
  let high = reader.header.count;
  if (from === 0) return 0;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((await reader.wordAt(mid, topOffset)) < from) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * A k-way merge of the tasks' current records by (key, task, document), on a binary heap of task
 * numbers; a task leaves the heap at its end of file or at the end of the key range.
 */
class KeyMerge {
  readonly hi: Float64Array;
  readonly lo: Float64Array;
  readonly doc: Float64Array;
  private readonly heap: Int32Array;
  private size = 0;

  constructor(
    private readonly readers: RecordReader[],
    private readonly keyBytes: number,
    private readonly topOffset: number,
    private readonly to: number,
  ) {
    this.hi = new Float64Array(readers.length);
    this.lo = new Float64Array(readers.length);
    this.doc = new Float64Array(readers.length);
    this.heap = new Int32Array(readers.length);
  }

  /** Read task r's current record and put r in the heap, unless it is past its end or the range. */
  async load(r: number): Promise<void> {
    const record = await this.readers[r]!.current();
    if (!record) return;
    const { data, at } = record;
    if (data.readUInt32LE(at + this.topOffset) >= this.to) return;
    this.lo[r] = data.readUInt32LE(at);
    this.hi[r] = this.keyBytes === 8 ? data.readUInt32LE(at + 4) : 0;
    this.doc[r] = data.readUInt32LE(at + this.keyBytes);
    let i = this.size++;
    this.heap[i] = r;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(this.heap[i]!, this.heap[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The task holding the smallest record (its record stays in hi/lo/doc), or -1 when all are done. */
  pop(): number {
    if (this.size === 0) return -1;
    const top = this.heap[0]!;
    this.heap[0] = this.heap[--this.size]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.less(this.heap[l]!, this.heap[m]!)) m = l;
      if (r < this.size && this.less(this.heap[r]!, this.heap[m]!)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    if (this.hi[a] !== this.hi[b]) return this.hi[a]! < this.hi[b]!;
    if (this.lo[a] !== this.lo[b]) return this.lo[a]! < this.lo[b]!;
    return a < b;
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i]!;
    this.heap[i] = this.heap[j]!;
    this.heap[j] = t;
  }
}
