// Stage 3 of multi-stage MinHash (datatrove's MinhashDedupCluster), one task: union-find over all
// pairs, writing per input task the documents to remove with the first document of their cluster.
// Pairs are replayed in input order of their later document, so each removed document gets the
// cluster root as the in-process step saw it on reaching that document: the two give the same
// `duplicate_of`, not only the same removals. A removed document is one with an earlier
// near-duplicate; the root of a cluster is its earliest document (union-find's smaller index,
// documents being numbered in input order).
import { mkdir, readdir } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { z } from "zod";
import { InputError, OutputError } from "../../errors.js";
import { parseOptions } from "../../options.js";
import { KeyTable } from "../key-table.js";
import { readTaskRecords, type TaskRecord } from "./minhash-signatures.js";
import { radixOrder } from "../radix-sort.js";
import { encodeHeader, FileWriter, MAGIC, RecordReader } from "./stage-files.js";
import { UnionFind } from "./union-find.js";

export const MinhashClustersOptions = z
  .object({
    input: z.string().min(1).describe("the pair folder (minhashBuckets' output)"),
    signatures: z.string().min(1).describe("the signature folder: task records and document ids"),
    output: z.string().min(1).describe("folder of the removal lists, one per input task"),
    clusterSizes: z
      .boolean()
      .default(false)
      .describe(
        "also write, per input task, the size of each kept document's cluster (itself and the documents removed for it), for minhashFilter's clusterSizes",
      ),
  })
  .strict();
export type MinhashClustersInput = z.input<typeof MinhashClustersOptions>;

export interface ClustersSummary {
  pairs: number;
  /** Documents to remove, over all tasks. */
  removed: number;
}

const DUPS_RE = /^(\d{3})-(\d{3})of(\d{3})\.dups$/;

export async function minhashClusters(options: MinhashClustersInput): Promise<ClustersSummary> {
  const o = parseOptions(MinhashClustersOptions, options, "minhashClusters");
  const tasks = await readTaskRecords(o.signatures);
  const pairs = await readPairs(o.input, tasks);
  const n = pairs.count;

  // Documents that occur in pairs, numbered in input order (task, then document), so that
  // union-find's smaller-index root is the earliest document.
  const ends = 2 * n;
  const endHi = new Uint32Array(ends);
  const endLo = new Uint32Array(ends);
  endHi.set(pairs.r1.subarray(0, n));
  endHi.set(pairs.r2.subarray(0, n), n);
  endLo.set(pairs.d1.subarray(0, n));
  endLo.set(pairs.d2.subarray(0, n), n);
  const byDoc = radixOrder(endHi, endLo, ends);
  const node = new KeyTable(2, ends);
  const nodeRank: number[] = [];
  const nodeDoc: number[] = [];
  const key = new Int32Array(2);
  for (const e of byDoc) {
    key[0] = endHi[e]!;
    key[1] = endLo[e]!;
    if (node.getOrSet(key, 0, nodeRank.length) === -1) {
      nodeRank.push(endHi[e]!);
      nodeDoc.push(endLo[e]!);
    }
  }
  const nodeOf = (rank: number, doc: number) => {
    key[0] = rank;
    key[1] = doc;
    return node.get(key, 0);
  };
  const clusters = new UnionFind();
  for (let i = 0; i < nodeRank.length; i++) clusters.add();

  // Replay the pairs by their later document; after its last pair, that document's root is final
  // for it. Removals come out by task, then document.
  const removals: { doc: number; rootRank: number; rootDoc: number }[][] = tasks.map(() => []);
  const byLater = radixOrder(pairs.r2, pairs.d2, n);
  for (let i = 0; i < n; i++) {
    const p = byLater[i]!;
    const later = nodeOf(pairs.r2[p]!, pairs.d2[p]!);
    clusters.union(nodeOf(pairs.r1[p]!, pairs.d1[p]!), later);
    const next = i + 1 < n ? byLater[i + 1]! : -1;
    if (next >= 0 && pairs.r2[next] === pairs.r2[p] && pairs.d2[next] === pairs.d2[p]) continue;
    const root = clusters.find(later);
    removals[pairs.r2[p]!]!.push({ doc: pairs.d2[p]!, rootRank: nodeRank[root]!, rootDoc: nodeDoc[root]! });
  }

  const rootIds = await readRootIds(o.signatures, tasks, removals);
  try {
    await mkdir(o.output, { recursive: true });
  } catch (error) {
    throw new OutputError(o.output, `cannot create the removal folder: ${(error as Error).message}`, { cause: error });
  }
  let removed = 0;
  for (const task of tasks) {
    const list = removals[task.rank]!;
    const name = String(task.rank).padStart(5, "0");
    const out = await FileWriter.create(join(o.output, `${name}.remove`));
    await out.write(
      encodeHeader({ magic: MAGIC.removals, keyBytes: 0, fingerprint: task.fingerprint, count: list.length, a: task.rank, b: task.documents, c: 0 }),
    );
    const idsOut = await FileWriter.create(join(o.output, `${name}.duplicate_of.jsonl`));
    for (const r of list) {
      if (!out.fits(12)) await out.flush();
      const at = out.claim(12);
      out.buffer.writeUInt32LE(r.doc, at);
      out.buffer.writeUInt32LE(r.rootRank, at + 4);
      out.buffer.writeUInt32LE(r.rootDoc, at + 8);
      await idsOut.write(`${JSON.stringify(rootIds.get(`${r.rootRank}:${r.rootDoc}`))}\n`);
    }
    await out.close();
    await idsOut.close();
    if (o.clusterSizes) await writeClusterSizes(join(o.output, `${name}.cluster_sizes.jsonl`), task.rank, removals);
    removed += list.length;
  }
  return { pairs: n, removed };
}

/**
 * The kept documents of task `rank` that had documents removed for them, as `[doc, size]` lines in
 * document order. A removed document counts for the root it was given, the cluster's first document
 * as the in-process step saw it on reaching the removed one: minhashDedup's clusterSizes counts the
 * same way, so the two give the same sizes (a later bridge between two clusters leaves both roots).
 */
async function writeClusterSizes(file: string, rank: number, removals: { rootRank: number; rootDoc: number }[][]): Promise<void> {
  const sizes = new Map<number, number>();
  for (const list of removals) for (const r of list) if (r.rootRank === rank) sizes.set(r.rootDoc, (sizes.get(r.rootDoc) ?? 1) + 1);
  const out = await FileWriter.create(file);
  for (const doc of [...sizes.keys()].sort((a, b) => a - b)) await out.write(`${JSON.stringify([doc, sizes.get(doc)])}\n`);
  await out.close();
}

interface Pairs {
  r1: Uint32Array;
  d1: Uint32Array;
  r2: Uint32Array;
  d2: Uint32Array;
  count: number;
}

/** All pairs of a complete buckets run: every band, all ranges of one split. */
async function readPairs(folder: string, tasks: TaskRecord[]): Promise<Pairs> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((f) => DUPS_RE.test(f)).sort();
  } catch (error) {
    throw new InputError({ file: folder }, `cannot list the pair files: ${(error as Error).message}`, { cause: error });
  }
  const { bands } = tasks[0]!.settings;
  const splits = new Set(names.map((f) => Number(DUPS_RE.exec(f)![3])));
  if (splits.size !== 1)
    throw new InputError(
      { file: folder },
      `pair files from ${splits.size === 0 ? "no" : "several"} buckets runs (${[...splits].join(", ")} ranges per band): expected one complete run`,
    );
  const parts = [...splits][0]!;
  if (names.length !== bands * parts)
    throw new InputError(
      { file: folder },
      `expected ${bands * parts} pair files (${bands} bands x ${parts} ranges), found ${names.length}: a buckets task has not finished`,
    );
  const out: Pairs = { r1: new Uint32Array(1024), d1: new Uint32Array(1024), r2: new Uint32Array(1024), d2: new Uint32Array(1024), count: 0 };
  for (const name of names) {
    const reader = await RecordReader.open(join(folder, name), MAGIC.pairs, () => 16);
    try {
      if (reader.header.fingerprint !== tasks[0]!.fingerprint) throw new InputError({ file: reader.file }, "pairs from signatures with other MinHash settings");
      for (let rec = await reader.current(); rec; reader.index++, rec = await reader.current()) {
        if (out.count === out.r1.length) grow(out);
        const { data, at } = rec;
        out.r1[out.count] = data.readUInt32LE(at);
        out.d1[out.count] = data.readUInt32LE(at + 4);
        out.r2[out.count] = data.readUInt32LE(at + 8);
        out.d2[out.count] = data.readUInt32LE(at + 12);
        out.count++;
      }
    } finally {
      await reader.close();
    }
  }
  return out;
}

function grow(p: Pairs): void {
  for (const k of ["r1", "d1", "r2", "d2"] as const) {
    const bigger = new Uint32Array(p[k].length * 2);
    bigger.set(p[k]);
    p[k] = bigger;
  }
}

/** The ids of the cluster roots, read from each task's id file: "rank:doc" -> id. */
async function readRootIds(sigDir: string, tasks: TaskRecord[], removals: { rootRank: number; rootDoc: number }[][]): Promise<Map<string, string>> {
  const wanted: Set<number>[] = tasks.map(() => new Set());
  for (const list of removals) for (const r of list) wanted[r.rootRank]!.add(r.rootDoc);
  const ids = new Map<string, string>();
  for (const task of tasks) {
    if (wanted[task.rank]!.size === 0) continue;
    const file = join(sigDir, "ids", `${String(task.rank).padStart(5, "0")}.jsonl`);
    let index = 0;
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (wanted[task.rank]!.has(index)) ids.set(`${task.rank}:${index}`, JSON.parse(line) as string);
        index++;
      }
    } catch (error) {
      throw new InputError({ file, line: index + 1 }, `cannot read the document ids: ${(error as Error).message}`, { cause: error });
    }
    if (index !== task.documents) throw new InputError({ file }, `expected ${task.documents} ids, found ${index}`);
  }
  return ids;
}
