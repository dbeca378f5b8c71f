// exact_dedup over several tasks, as datatrove's three exact-dedup stages (ExactDedupSignature,
// ExactFindDedups, ExactDedupFilter in src/datatrove/pipeline/dedup/exact_dedup.py):
//   exactKeys    per task, a sink: the 128-bit key of every document (exactKey, the same as the
//                one-process step's), sorted, to <dir>/keys/<rank>.keys (sorted-keys.ts), and the
//                task's ids to <dir>/ids/<rank>.jsonl with their byte offsets (float64 LE) in
//                <rank>.offsets, which the merge reads by position;
//   exactMerge   per merge task, one range of the key's first word over every task's keys: for each
//                key met more than once, every occurrence after the first in input order (task,
//                then document) is a later copy; written per input task to
//                <dir>/removals/<merge rank>/<task>.jsonl, a header line then {"doc","of"} lines
//                in document order ("of" is the kept copy's id, for meta.duplicate_of);
//   exactFilter  per task, a step named exact_dedup: drops the documents its removal lists name,
//                with the one-process step's reason and meta, so a run's output and rejected
//                documents are those of one task running exactDedup over the whole input.
// The input order across tasks is task 0's documents, then task 1's...: the order one task reads
// the same files in (the run shares files in contiguous blocks).
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, writeFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Doc } from "../doc.js";
import { InputError, OutputError } from "../errors.js";
import { filter } from "../pipeline/filter.js";
import { sink, type Sink, type Step, type StepContext } from "../pipeline/step.js";
import { exactKey, type ExactDedupOptionsOutput } from "./exact-dedup.js";
import { FileWriter } from "./minhash/stage-files.js";
import { KeyRecords, keyRange, mergeKeyRange } from "./sorted-keys.js";

export const EXACT_KEYS_MAGIC = "CKEXKEY1";
const name = (rank: number) => String(rank).padStart(5, "0");

export interface ExactKeysSummary {
  rank: number;
  documents: number;
}

/** Stage 1: the keys and ids of this task's documents. */
export function exactKeys(dir: string, normalize: ExactDedupOptionsOutput["normalize"]): Sink<ExactKeysSummary> {
  return sink("exact_keys", async (docs, ctx) => {
    const records = new KeyRecords(4, 1);
    const key = new Uint32Array(4);
    const idFile = join(dir, "ids", `${name(ctx.rank)}.jsonl`);
    await mkdirOr(join(dir, "ids"));
    const ids = await FileWriter.create(idFile);
    const offsets: number[] = [0];
    let documents = 0;
    for await (const doc of docs) {
      exactKey(doc.text, normalize, key);
      records.push(key, documents);
      await ids.write(`${JSON.stringify(doc.id)}\n`);
      offsets.push(ids.written);
      documents++;
    }
    await ids.close();
    // float64 little-endian, one per document and one past the last
    const offsetBytes = Buffer.alloc(offsets.length * 8);
    offsets.forEach((o, i) => offsetBytes.writeDoubleLE(o, i * 8));
    await writeAtomic(join(dir, "ids", `${name(ctx.rank)}.offsets`), offsetBytes);
    // the keys last: their file is what the merge stage looks for
    await records.write(join(dir, "keys", `${name(ctx.rank)}.keys`), EXACT_KEYS_MAGIC, ctx.rank, documents);
    return { rank: ctx.rank, documents };
  });
}

export interface ExactMergeSummary {
  keys: number;
  duplicates: number;
}

/** Stage 2: merge task `rank` of `worldSize` over the keys of `tasks` input tasks. */
export async function exactMerge(dir: string, tasks: number, rank: number, worldSize: number): Promise<ExactMergeSummary> {
  const files = await taskFiles(join(dir, "keys"), ".keys", tasks);
  const removals: { doc: number[]; keptTask: number[]; keptDoc: number[] }[] = files.map(() => ({ doc: [], keptTask: [], keptDoc: [] }));
  let keys = 0;
  let duplicates = 0;
  let keptTask = 0;
  let keptDoc = 0;
  const { readers } = await mergeKeyRange(files, EXACT_KEYS_MAGIC, keyRange(rank, worldSize), (task, record, sameKey) => {
    if (!sameKey) {
      keys++;
      keptTask = task;
      keptDoc = record[4]!;
      return;
    }
    const r = removals[task]!;
    r.doc.push(record[4]!);
    r.keptTask.push(keptTask);
    r.keptDoc.push(keptDoc);
    duplicates++;
  });
  for (const [t, reader] of readers.entries()) {
    if (reader.rank !== t) throw new InputError({ file: files[t]! }, `expected the keys of task ${t}, found those of task ${reader.rank}`);
  }
  const ids = new IdReader(dir);
  try {
    const out = join(dir, "removals", name(rank));
    await mkdirOr(out);
    for (const [t, r] of removals.entries()) {
      const order = r.doc.map((_, i) => i).sort((a, b) => r.doc[a]! - r.doc[b]!);
      const lines = [JSON.stringify({ task: t, documents: readers[t]!.documents, removals: order.length })];
      for (const i of order) lines.push(JSON.stringify({ doc: r.doc[i], of: await ids.get(r.keptTask[i]!, r.keptDoc[i]!) }));
      await writeAtomic(join(out, `${name(t)}.jsonl`), `${lines.join("\n")}\n`);
    }
  } finally {
    await ids.close();
  }
  return { keys, duplicates };
}

/** Stage 3: drop this task's later copies (the step's name and reason are exact_dedup's). */
export function exactFilter(dir: string, options: { rejected?: Sink<unknown> | undefined } = {}): Step {
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    const { removed, documents } = await readRemovals(join(dir, "removals"), ctx.rank);
    let index = 0;
    yield* filter(
      "exact_dedup",
      (doc) => {
        const of = removed.get(index++);
        return of === undefined ? true : { keep: false, reason: "exact_duplicate", meta: { duplicate_of: of } };
      },
      { rejected: options.rejected },
    )(docs, ctx);
    if (index !== documents) {
      throw new InputError(
        { file: join(dir, "keys", `${name(ctx.rank)}.keys`) },
        `this task read ${index} documents, its keys were computed on ${documents}: the work folder is from another input`,
      );
    }
  };
  return Object.assign(run, { stepName: "exact_dedup" });
}

/** Every merge task's removal list for input task `rank`: document index -> id of the kept copy. */
async function readRemovals(dir: string, rank: number): Promise<{ removed: Map<number, string>; documents: number }> {
  const removed = new Map<number, string>();
  let documents = -1;
  let merges: string[];
  try {
    merges = (await readdir(dir)).filter((f) => /^\d{5}$/.test(f)).sort();
  } catch (error) {
    throw new InputError({ file: dir }, `no removal lists: run the exact_merge stage first (${(error as Error).message})`, { cause: error });
  }
  for (const m of merges) {
    const file = join(dir, m, `${name(rank)}.jsonl`);
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let header = true;
    try {
      for await (const line of lines) {
        if (header) {
          documents = (JSON.parse(line) as { documents: number }).documents;
          header = false;
        } else if (line) {
          const r = JSON.parse(line) as { doc: number; of: string };
          removed.set(r.doc, r.of);
        }
      }
    } catch (error) {
      throw new InputError({ file }, `cannot read the removal list: ${(error as Error).message}`, { cause: error });
    }
  }
  if (documents < 0) throw new InputError({ file: dir }, "no removal lists: run the exact_merge stage first");
  return { removed, documents };
}

/** The `tasks` files `<dir>/<rank><ext>`, checked to be all there. */
export async function taskFiles(dir: string, ext: string, tasks: number): Promise<string[]> {
  const files = Array.from({ length: tasks }, (_, t) => join(dir, `${name(t)}${ext}`));
  let present: Set<string>;
  try {
    present = new Set(await readdir(dir));
  } catch (error) {
    throw new InputError({ file: dir }, `no key files: run the tasks of the stage before first (${(error as Error).message})`, { cause: error });
  }
  const missing = files.filter((f, t) => !present.has(`${name(t)}${ext}`));
  if (missing.length > 0) throw new InputError({ file: dir }, `${missing.length} of ${tasks} tasks have not written their keys (${missing[0]})`);
  return files;
}

/**
 * Ids by (task, document), read from the ids files at their offsets with positional reads, so a
 * merge task holds neither every id nor every offset; the last one asked is cached (the later
 * copies of one key all ask for the same kept document).
 */
class IdReader {
  private readonly handles = new Map<number, { ids: FileHandle; offsets: FileHandle }>();
  private readonly pair = Buffer.alloc(16);
  private lastTask = -1;
  private lastDoc = -1;
  private last = "";

  constructor(private readonly dir: string) {}

  async get(task: number, doc: number): Promise<string> {
    if (task === this.lastTask && doc === this.lastDoc) return this.last;
    let h = this.handles.get(task);
    const base = join(this.dir, "ids", name(task));
    if (!h) {
      h = { ids: await openOr(`${base}.jsonl`), offsets: await openOr(`${base}.offsets`) };
      this.handles.set(task, h);
    }
    const { bytesRead } = await h.offsets.read(this.pair, 0, 16, doc * 8);
    if (bytesRead !== 16) throw new InputError({ file: `${base}.offsets` }, `no offset for document ${doc}: the file is truncated`);
    const from = this.pair.readDoubleLE(0);
    const bytes = Buffer.alloc(this.pair.readDoubleLE(8) - from);
    await h.ids.read(bytes, 0, bytes.length, from);
    this.lastTask = task;
    this.lastDoc = doc;
    this.last = JSON.parse(bytes.toString("utf8")) as string;
    return this.last;
  }

  async close(): Promise<void> {
    for (const h of this.handles.values()) {
      await h.ids.close();
      await h.offsets.close();
    }
  }
}

async function openOr(file: string): Promise<FileHandle> {
  try {
    return await open(file, "r");
  } catch (error) {
    throw new InputError({ file }, `cannot open the ids: ${(error as Error).message}`, { cause: error });
  }
}

async function mkdirOr(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OutputError(dir, `cannot create: ${(error as Error).message}`, { cause: error });
  }
}

export async function writeAtomic(path: string, data: Buffer | string): Promise<void> {
  try {
    await writeFile(`${path}.tmp`, data);
    await rename(`${path}.tmp`, path);
  } catch (error) {
    throw new OutputError(path, `cannot write: ${(error as Error).message}`, { cause: error });
  }
}
