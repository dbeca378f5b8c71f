// line_dedup over several tasks, in the three stages of exact dedup (exact-stages.ts), with a line
// as the unit, as datatrove's sentence dedup does with 3-sentence spans (SentenceDedupSignature,
// SentenceFindDedups, SentenceDedupFilter in src/datatrove/pipeline/dedup/sentence_dedup.py):
//   lineKeys    per task, a sink: the CCNet key (line-key.ts) of every line that has one, with its
//               document and line number, sorted, to <dir>/keys/<rank>.keys;
//   lineMerge   per merge task, one range of the keys' high word over every task's keys:
//               keep "first": every occurrence of a key after its first in input order (task,
//                 document, line) is a later copy, listed per input task in
//                 <dir>/removals/<merge rank>/<task>.bin; this is well defined across tasks, as
//                 SentenceFindDedups's "every occurrence but the first" is, because whether a line
//                 is a later copy depends only on the lines before it in input order, never on
//                 what was removed (the one-process step records every line it meets, removed or
//                 not);
//               keep "none": the keys met twice or more, as a line-hash file (line-hash-file.ts)
//                 <dir>/repeated/<merge rank>.lhs: together, the group's `seen` set;
//   lineFilter  per task, a step named line_dedup: keep "first" removes the listed lines; keep
//               "none" is lineDedup({ keep: "none", seen }) with the merged repeated keys.
// Both give the one-process step's output over the whole input, exact keys in both (a Bloom filter
// spares memory in one process; here no process holds every key).
import { mkdir, readFile, readdir, rename } from "node:fs/promises";
import { join } from "node:path";
import type { Doc } from "../../doc.js";
import { InputError, OutputError } from "../../errors.js";
import { filter } from "../../pipeline/filter.js";
import { sink, type Sink, type Step, type StepContext } from "../../pipeline/step.js";
import { taskFiles, writeAtomic } from "../exact-stages.js";
import { radixOrder } from "../radix-sort.js";
import { KeyRecords, keyRange, mergeKeyRange } from "../sorted-keys.js";
import { keepFirstLines, lineDedup } from "./line-dedup.js";
import { loadLineHashes, saveLineHashes } from "./line-hash-file.js";
import { ExactLineHashes, REPEATED } from "./line-hashes.js";
import { classifyLine } from "./line-key.js";

export const LINE_KEYS_MAGIC = "CKLNKEY1";
const name = (rank: number) => String(rank).padStart(5, "0");

/** Stage 1: the keys of this task's lines. */
export function lineKeys(dir: string, minLineLength: number): Sink<{ documents: number; lines: number }> {
  return sink("line_keys", async (docs, ctx) => {
    const records = new KeyRecords(2, 2);
    const key = new Int32Array(2);
    // the record's first word is the key's high word: merge ranges split the key space on it
    const ordered = new Int32Array(2);
    let documents = 0;
    for await (const doc of docs) {
      const lines = doc.text.split("\n");
      for (let i = 0; i < lines.length; i++) {
        if (classifyLine(lines[i]!, minLineLength, key) !== "key") continue;
        ordered[0] = key[1]!;
        ordered[1] = key[0]!;
        records.push(ordered, documents, i);
      }
      documents++;
    }
    await records.write(join(dir, "keys", `${name(ctx.rank)}.keys`), LINE_KEYS_MAGIC, ctx.rank, documents);
    return { documents, lines: records.length };
  });
}

/** Stage 2: merge task `rank` of `worldSize` over the line keys of `tasks` input tasks. */
export async function lineMerge(
  dir: string,
  options: { keep: "first" | "none"; minLineLength: number },
  tasks: number,
  rank: number,
  worldSize: number,
): Promise<{ keys: number; repeated: number; removals: number }> {
  const files = await taskFiles(join(dir, "keys"), ".keys", tasks);
  const later = files.map(() => ({ doc: [] as number[], line: [] as number[] }));
  const repeated = new ExactLineHashes(options.minLineLength);
  const key = new Int32Array(2);
  let keys = 0;
  let repeats = 0;
  let removals = 0;
  let marked = false;
  const { readers } = await mergeKeyRange(files, LINE_KEYS_MAGIC, keyRange(rank, worldSize), (task, record, sameKey) => {
    if (!sameKey) {
      keys++;
      marked = false;
      return;
    }
    if (options.keep === "first") {
      later[task]!.doc.push(record[2]!);
      later[task]!.line.push(record[3]!);
      removals++;
    } else if (!marked) {
      key[0] = record[1]!;
      key[1] = record[0]!;
      repeated.table.set(key, 0, REPEATED);
      marked = true;
      repeats++;
    }
  });
  if (options.keep === "none") {
    const out = join(dir, "repeated");
    await mkdirOr(out);
    const file = join(out, `${name(rank)}.lhs`);
    await saveLineHashes(repeated, `${file}.tmp`);
    await rename(`${file}.tmp`, file);
    return { keys, repeated: repeats, removals: 0 };
  }
  const out = join(dir, "removals", name(rank));
  await mkdirOr(out);
  for (const [t, r] of later.entries()) {
    const n = r.doc.length;
    const order = radixOrder(Uint32Array.from(r.doc), Uint32Array.from(r.line), n);
    const data = Buffer.alloc(8 + n * 8);
    data.writeUInt32LE(readers[t]!.documents, 0);
    data.writeUInt32LE(n, 4);
    for (let i = 0; i < n; i++) {
      data.writeUInt32LE(r.doc[order[i]!]!, 8 + i * 8);
      data.writeUInt32LE(r.line[order[i]!]!, 12 + i * 8);
    }
    await writeAtomic(join(out, `${name(t)}.bin`), data);
  }
  return { keys, repeated: 0, removals };
}

/** Stage 3: this task's documents with the lines the merge found removed. */
export function lineFilter(dir: string, options: { keep: "first" | "none"; minLineLength: number; rejected?: Sink<unknown> | undefined }): Step {
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    if (options.keep === "none") {
      const seen = await readRepeated(join(dir, "repeated"), options.minLineLength);
      yield* lineDedup({ keep: "none", seen, minLineLength: options.minLineLength, rejected: options.rejected })(docs, ctx);
      return;
    }
    const { documents, removed } = await readLaterLines(join(dir, "removals"), ctx.rank);
    let doc = -1;
    let lines: Set<number> | undefined;
    const decide = keepFirstLines(options.minLineLength, (_key, line) => lines?.has(line) === true);
    yield* filter(
      "line_dedup",
      (d, c) => {
        lines = removed.get(++doc);
        return decide(d.text, c);
      },
      { rejected: options.rejected },
    )(docs, ctx);
    if (doc + 1 !== documents) {
      throw new InputError(
        { file: join(dir, "keys", `${name(ctx.rank)}.keys`) },
        `this task read ${doc + 1} documents, its line keys were computed on ${documents}: the work folder is from another input`,
      );
    }
  };
  return Object.assign(run, { stepName: "line_dedup" });
}

async function mergeDirs(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => pattern.test(f)).sort();
  } catch (error) {
    throw new InputError({ file: dir }, `nothing from the line_merge stage: run it first (${(error as Error).message})`, { cause: error });
  }
}

async function readRepeated(dir: string, minLineLength: number): Promise<ExactLineHashes> {
  const seen = new ExactLineHashes(minLineLength);
  for (const f of await mergeDirs(dir, /^\d{5}\.lhs$/)) seen.merge(await loadLineHashes(join(dir, f)));
  return seen;
}

async function readLaterLines(dir: string, rank: number): Promise<{ documents: number; removed: Map<number, Set<number>> }> {
  const removed = new Map<number, Set<number>>();
  let documents = -1;
  for (const m of await mergeDirs(dir, /^\d{5}$/)) {
    const file = join(dir, m, `${name(rank)}.bin`);
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (error) {
      throw new InputError({ file }, `cannot read the line removals: ${(error as Error).message}`, { cause: error });
    }
    const n = data.readUInt32LE(4);
    if (data.length !== 8 + n * 8) throw new InputError({ file }, `expected ${n} removals (${8 + n * 8} bytes), the file has ${data.length} bytes`);
    documents = data.readUInt32LE(0);
    for (let i = 0; i < n; i++) {
      const d = data.readUInt32LE(8 + i * 8);
      let set = removed.get(d);
      if (!set) removed.set(d, (set = new Set()));
      set.add(data.readUInt32LE(12 + i * 8));
    }
  }
  if (documents < 0) throw new InputError({ file: dir }, "no line removal lists: run the line_merge stage first");
  return { documents, removed };
}

async function mkdirOr(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OutputError(dir, `cannot create: ${(error as Error).message}`, { cause: error });
  }
}
