// Multi-stage MinHash (signatures -> buckets -> clusters -> filter, each over files) against the
// in-process minhashDedup on the same input: the same documents kept, the same ones dropped, with
// the same duplicate_of, document for document. The input is the sample corpus read as 3 tasks, so
// near-duplicates cross tasks (the licences are in both books.jsonl.zst and licenses.csv).
import { readdir, readFile, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { minhashBuckets } from "../../../src/dedup/minhash/minhash-buckets.js";
import { minhashClusters } from "../../../src/dedup/minhash/minhash-clusters.js";
import { minhashDedup } from "../../../src/dedup/minhash/minhash-dedup.js";
import { minhashFilter } from "../../../src/dedup/minhash/minhash-filter.js";
import { minhashSignatures } from "../../../src/dedup/minhash/minhash-signatures.js";
import type { Doc } from "../../../src/doc.js";
import { InputError } from "../../../src/errors.js";
import { read } from "../../../src/io/read.js";
import { pipe, pipeWith, type PipeResult } from "../../../src/pipeline/pipe.js";
import { sink, standaloneContext } from "../../../src/pipeline/step.js";
import { collect, tempDir } from "../../support.js";

const FILES = ["books.jsonl.zst", "crawl.wet.gz", "licenses.csv", "web.jsonl.gz"].map((f) => `examples/data/${f}`);
const TASKS = 3;

// two files, so that each of two tasks has one
const UDHR = ["tests/fixtures/udhr.csv", "tests/fixtures/udhr.jsonl"];
const share = (rank: number) => collect(read(FILES).open(standaloneContext("read", { rank, worldSize: TASKS })));

interface Outcome {
  kept: string[];
  dropped: [string, unknown][];
  /** meta.minhash_cluster_size of each kept document, with clusterSizes */
  sizes?: unknown[];
}

function collector(into: [string, unknown][]) {
  return sink("collect", async (docs: AsyncIterable<Doc>) => {
    for await (const d of docs) into.push([d.id, d.meta.duplicate_of]);
  });
}

async function inProcess(settings: object): Promise<Outcome> {
  const all: Doc[] = [];
  for (let rank = 0; rank < TASKS; rank++) all.push(...(await share(rank)));
  const dropped: [string, unknown][] = [];
  const kept = await collect(pipe(all, minhashDedup({ ...settings, rejected: collector(dropped) })));
  const sized = (settings as { clusterSizes?: boolean }).clusterSizes ? { sizes: kept.map((d) => d.meta.minhash_cluster_size) } : {};
  return { kept: kept.map((d) => d.id), dropped, ...sized };
}

async function multiStage(settings: object, dir: string, bucketTasks: number): Promise<Outcome> {
  const { clusterSizes = false, ...minhash } = settings as { clusterSizes?: boolean };
  const sig = join(dir, "sig");
  for (let rank = 0; rank < TASKS; rank++) {
    await (pipeWith({ rank, worldSize: TASKS }, read(FILES), minhashSignatures({ ...minhash, output: sig })) as Promise<PipeResult<unknown>>);
  }
  const dups = join(dir, `dups-${bucketTasks}`);
  for (let rank = 0; rank < bucketTasks; rank++) await minhashBuckets({ input: sig, output: dups, rank, worldSize: bucketTasks });
  const clusters = join(dir, `clusters-${bucketTasks}`);
  await minhashClusters({ input: dups, signatures: sig, output: clusters, clusterSizes });
  const out: Outcome = { kept: [], dropped: [], ...(clusterSizes ? { sizes: [] } : {}) };
  for (let rank = 0; rank < TASKS; rank++) {
    const pipeline = pipeWith({ rank, worldSize: TASKS }, read(FILES), minhashFilter({ input: clusters, clusterSizes, rejected: collector(out.dropped) }));
    for await (const doc of pipeline as AsyncIterable<Doc>) {
      out.kept.push(doc.id);
      out.sizes?.push(doc.meta.minhash_cluster_size);
    }
  }
  return out;
}

/** Every pair record of a buckets run, in a canonical order. */
async function pairRecords(dir: string): Promise<string[]> {
  const records: string[] = [];
  for (const name of await readdir(dir)) {
    const data = await readFile(join(dir, name));
    for (let at = 32; at < data.length; at += 16) records.push(data.subarray(at, at + 16).toString("hex"));
  }
  return records.sort();
}

describe("multi-stage MinHash", () => {
  it("equals the in-process drop result, document for document, for any number of bucket tasks", async () => {
    const dir = await tempDir();
    const expected = await inProcess({});
    expect(expected.dropped.length).toBeGreaterThan(25);
    // near-duplicates across tasks: the licences of licenses.csv (task 2) are copies from books.jsonl.zst (task 0)
    const task2 = new Set((await share(2)).map((d) => d.id));
    const task0 = new Set((await share(0)).map((d) => d.id));
    expect(expected.dropped.filter(([id, first]) => task2.has(id) && task0.has(first as string)).length).toBeGreaterThanOrEqual(5);
    for (const bucketTasks of [1, 4, 29]) {
      const got = await multiStage({}, dir, bucketTasks);
      expect(got.kept).toEqual(expected.kept);
      expect(got.dropped).toEqual(expected.dropped);
    }
    // 29 tasks cut each band into 3 hash ranges: the pairs are the same
    expect(await pairRecords(join(dir, "dups-29"))).toEqual(await pairRecords(join(dir, "dups-1")));
  });

  it("agrees at 32-bit keys with one-permutation hashing too", async () => {
    const dir = await tempDir();
    const settings = { hashBits: 32, scheme: "oph" };
    const expected = await inProcess(settings);
    const got = await multiStage(settings, dir, 5);
    expect(got).toEqual(expected);
  });

  it("gives each kept document the cluster size minhashDedup({ clusterSizes: true }) gives it", async () => {
    const dir = await tempDir();
    const expected = await inProcess({ clusterSizes: true });
    expect(expected.sizes!.some((n) => (n as number) > 2)).toBe(true);
    // every document is counted once: in its own size, or in the size of the document it was dropped for
    expect(expected.sizes!.reduce((a: number, n) => a + (n as number), 0)).toBe(expected.kept.length + expected.dropped.length);
    const got = await multiStage({ clusterSizes: true }, dir, 4);
    expect(got).toEqual(expected);
    // a filter asking for sizes that the clusters stage did not write names the missing file
    const plain = join(dir, "clusters-plain");
    await minhashClusters({ input: join(dir, "dups-4"), signatures: join(dir, "sig"), output: plain });
    await expect(
      collect(pipeWith({ rank: 0, worldSize: TASKS }, read(FILES), minhashFilter({ input: plain, clusterSizes: true })) as AsyncIterable<Doc>),
    ).rejects.toThrow(/00000\.cluster_sizes\.jsonl.*clusterSizes: true/);
  });

  it("writes sorted signature files with the documented header", async () => {
    const dir = await tempDir();
    await (pipeWith({ rank: 1, worldSize: 2 }, read(UDHR), minhashSignatures({ output: dir })) as Promise<PipeResult<unknown>>);
    const data = await readFile(join(dir, "bucket_013", "00001.minhash.sig"));
    expect(data.toString("latin1", 0, 8)).toBe("CKMHSIG1");
    expect(data.readUInt16LE(8)).toBe(1); // version
    expect(data.readUInt16LE(10)).toBe(8); // key bytes
    const count = data.readUInt32LE(16);
    expect([data.readUInt32LE(20), data.readUInt32LE(24), data.readUInt32LE(28)]).toEqual([13, 14, 1]);
    expect(data.length).toBe(32 + count * 12);
    const keys = Array.from({ length: count }, (_, i) => data.readBigUInt64LE(32 + i * 12));
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const docs = Array.from({ length: count }, (_, i) => data.readUInt32LE(32 + i * 12 + 8));
    expect([...docs].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const record = JSON.parse(await readFile(join(dir, "ranks", "00001.json"), "utf8")) as { documents: number; worldSize: number };
    expect(record).toMatchObject({ documents: 8, worldSize: 2 });
  });

  it("refuses incomplete, damaged or mismatched input with the file in the message", async () => {
    const dir = await tempDir();
    const sig = join(dir, "sig");
    await (pipeWith({ rank: 0, worldSize: 2 }, read(UDHR), minhashSignatures({ output: sig })) as Promise<PipeResult<unknown>>);
    await expect(minhashBuckets({ input: sig, output: join(dir, "dups") })).rejects.toThrow(/1 of 2 signature tasks/);
    await (pipeWith({ rank: 1, worldSize: 2 }, read(UDHR), minhashSignatures({ output: sig })) as Promise<PipeResult<unknown>>);
    await minhashBuckets({ input: sig, output: join(dir, "dups") });
    await minhashClusters({ input: join(dir, "dups"), signatures: sig, output: join(dir, "clusters") });
    // the filter on another input than the signatures saw
    const wrong = pipeWith({ rank: 0, worldSize: 2 }, read("examples/data/crawl.wet.gz"), minhashFilter({ input: join(dir, "clusters") }));
    await expect(collect(wrong as AsyncIterable<Doc>)).rejects.toThrow(/read \d+ documents, its signatures were computed on \d+/);
    // a truncated signature file
    const file = join(sig, "bucket_002", "00000.minhash.sig");
    await truncate(file, 40);
    const error = await minhashBuckets({ input: sig, output: join(dir, "dups2") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe(file);
    // a task run with other settings
    await writeFile(
      join(sig, "ranks", "00001.json"),
      (await readFile(join(sig, "ranks", "00001.json"), "utf8")).replace(/"fingerprint": \d+/, '"fingerprint": 1'),
    );
    await expect(minhashBuckets({ input: sig, output: join(dir, "dups3") })).rejects.toThrow(/other MinHash settings/);
  });
});
