// Sorted key files for dedup across tasks, as datatrove's exact and sentence dedup stages write
// them (ExactDedupSignature / SentenceDedupSignature in src/datatrove/pipeline/dedup/): each task
// writes one file of fixed-size records (a key of `keyWords` uint32 words, then `payloadWords`
// uint32 words: the document index, and for lines the line number), sorted by key as unsigned
// words, ties in the order the task met them. A merge task then reads one range of the key's first
// word from every task's file at once (binary search to its start, k-way merge by key then task),
// so W merge tasks split the key space and none holds every key.
//
// Layout (the MinHash stage files' 32-byte header, stage-files.ts): magic, version, key bytes,
// fingerprint 0, record count, a = rank, b = documents of the task, c = payload words; then the
// records, each word little-endian.
// A task keeps its own records in memory until it sorts them (20 bytes a document for exact keys,
// 16 a line for line keys): a task's share, never the run's.
import { mkdir, writeFile, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { OutputError } from "../errors.js";
import { encodeHeader, HEADER_BYTES, RecordReader } from "./minhash/stage-files.js";
import { radixOrder } from "./radix-sort.js";

/** Records of one task, kept until written. */
export class KeyRecords {
  private words: Uint32Array;
  length = 0;
  readonly width: number;

  constructor(
    readonly keyWords: number,
    readonly payloadWords: number,
  ) {
    this.width = keyWords + payloadWords;
    this.words = new Uint32Array(this.width * 1024);
  }

  /** Append a record: the key words from `key`, then the payload. */
  push(key: ArrayLike<number>, ...payload: number[]): void {
    if ((this.length + 1) * this.width > this.words.length) {
      const bigger = new Uint32Array(this.words.length * 2);
      bigger.set(this.words);
      this.words = bigger;
    }
    const at = this.length * this.width;
    for (let i = 0; i < this.keyWords; i++) this.words[at + i] = key[i]! >>> 0;
    for (let i = 0; i < this.payloadWords; i++) this.words[at + this.keyWords + i] = payload[i]! >>> 0;
    this.length++;
  }

  /** Write them sorted to `path` (by way of `path.tmp`, renamed when whole). */
  async write(path: string, magic: string, rank: number, documents: number): Promise<void> {
    const n = this.length;
    const w = this.width;
    const k = this.keyWords;
    const hi = new Uint32Array(n);
    const lo = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      hi[i] = this.words[i * w]!;
      lo[i] = k > 1 ? this.words[i * w + 1]! : 0;
    }
    // stable: equal keys stay in the order the task met them (document, then line)
    const order = radixOrder(hi, lo, n);
    if (k > 2) fixLongKeys(order, this.words, w, k);
    const out = Buffer.alloc(HEADER_BYTES + n * w * 4);
    encodeHeader({ magic, keyBytes: k * 4, fingerprint: 0, count: n, a: rank, b: documents, c: this.payloadWords }).copy(out, 0);
    let at = HEADER_BYTES;
    for (let i = 0; i < n; i++) {
      const j = order[i]! * w;
      for (let x = 0; x < w; x++, at += 4) out.writeUInt32LE(this.words[j + x]!, at);
    }
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(`${path}.tmp`, out);
      await rename(`${path}.tmp`, path);
    } catch (error) {
      throw new OutputError(path, `cannot write the sorted keys: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** Runs equal in the first two words (rare at 128 bits: only true copies) are ordered by the rest, stably. */
function fixLongKeys(order: Uint32Array, words: Uint32Array, w: number, k: number): void {
  let start = 0;
  const same2 = (a: number, b: number) => words[a * w] === words[b * w] && words[a * w + 1] === words[b * w + 1];
  for (let i = 1; i <= order.length; i++) {
    if (i < order.length && same2(order[i]!, order[start]!)) continue;
    if (i - start > 1) {
      const run = Array.from(order.subarray(start, i));
      run.sort((a, b) => {
        for (let x = 2; x < k; x++) {
          const d = words[a * w + x]! - words[b * w + x]!;
          if (d !== 0) return d;
        }
        return a - b;
      });
      order.set(run, start);
    }
    start = i;
  }
}

const TWO_32 = 0x100000000;

/** The first-word range [from, to) of merge task `rank` of `worldSize`. */
export function keyRange(rank: number, worldSize: number): { from: number; to: number } {
  return { from: Math.floor((rank * TWO_32) / worldSize), to: Math.floor(((rank + 1) * TWO_32) / worldSize) };
}

/**
 * Every record of `files` (one per task, in task order) whose first key word is in [from, to), in
 * (key, task, file order): `onRecord(task, record, sameKey)` where `record` holds the record's words
 * (valid during the call) and `sameKey` says whether its key equals the previous record's.
 */
export async function mergeKeyRange(
  files: readonly string[],
  magic: string,
  range: { from: number; to: number },
  onRecord: (task: number, record: Uint32Array, sameKey: boolean) => void | Promise<void>,
): Promise<{ readers: { documents: number; rank: number }[] }> {
  const readers: RecordReader[] = [];
  try {
    for (const file of files) readers.push(await RecordReader.open(file, magic, (h) => h.keyBytes + h.c * 4));
    const k = readers[0] ? readers[0].header.keyBytes / 4 : 0;
    const w = readers[0] ? readers[0].recordBytes / 4 : 0;
    const current = readers.map(() => new Uint32Array(w));
    const heap: number[] = [];
    const less = (a: number, b: number) => {
      const x = current[a]!;
      const y = current[b]!;
      for (let i = 0; i < k; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
      return a < b;
    };
    const load = async (t: number): Promise<boolean> => {
      const rec = await readers[t]!.current();
      if (!rec) return false;
      const first = rec.data.readUInt32LE(rec.at);
      if (first >= range.to) return false;
      for (let i = 0; i < w; i++) current[t]![i] = rec.data.readUInt32LE(rec.at + i * 4);
      return true;
    };
    const push = (t: number) => {
      heap.push(t);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!less(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    };
    const popTop = () => {
      const last = heap.pop()!;
      if (heap.length === 0) return;
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    };
    for (const [t, reader] of readers.entries()) {
      reader.seek(await firstAtOrAbove(reader, range.from));
      if (await load(t)) push(t);
    }
    const previous = new Uint32Array(k);
    let any = false;
    const record = new Uint32Array(w);
    while (heap.length > 0) {
      const t = heap[0]!;
      record.set(current[t]!);
      let same = any;
      for (let i = 0; i < k && same; i++) if (record[i] !== previous[i]) same = false;
      for (let i = 0; i < k; i++) previous[i] = record[i]!;
      any = true;
      popTop();
      readers[t]!.index++;
      if (await load(t)) push(t);
      await onRecord(t, record, same);
    }
    return { readers: readers.map((r) => ({ documents: r.header.b, rank: r.header.a })) };
  } finally {
    for (const reader of readers) await reader.close();
  }
}

async function firstAtOrAbove(reader: RecordReader, from: number): Promise<number> {
  let low = 0;
  let high = reader.header.count;
  if (from === 0) return 0;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((await reader.wordAt(mid, 0)) < from) low = mid + 1;
    else high = mid;
  }
  return low;
}
