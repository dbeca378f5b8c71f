// The exact-dedup stages called directly: keys per task, merges over any number of key ranges,
// the filter per task; the result is exactDedup's over the tasks' documents read one after the other.
import { join, resolve } from "node:path";
import { readdir, rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { exactDedup, InputError, pipe, read, type Doc } from "../../src/index.js";
import { exactFilter, exactKeys, exactMerge } from "../../src/dedup/exact-stages.js";
import { KeyRecords, keyRange, mergeKeyRange } from "../../src/dedup/sorted-keys.js";
import { standaloneContext } from "../../src/pipeline/step.js";
import { collect, tempDir } from "../support.js";

const WEB = resolve("examples/data/web.jsonl.gz");

async function* from(docs: Doc[]): AsyncIterable<Doc> {
  yield* docs;
}

/** The sample's web documents cut into `tasks` contiguous shares, with the copies planted in it (examples/data/README.md). */
async function shares(tasks: number): Promise<Doc[][]> {
  const docs = await collect(read(WEB));
  const size = Math.ceil(docs.length / tasks);
  return Array.from({ length: tasks }, (_, t) => docs.slice(t * size, (t + 1) * size));
}

async function runStages(dir: string, parts: Doc[][], mergeTasks: number): Promise<Doc[]> {
  for (const [rank, docs] of parts.entries()) await exactKeys(dir, {})(from(docs), standaloneContext("k", { rank, worldSize: parts.length }));
  for (let m = 0; m < mergeTasks; m++) await exactMerge(dir, parts.length, m, mergeTasks);
  const out: Doc[] = [];
  for (const [rank, docs] of parts.entries())
    out.push(...(await collect(exactFilter(dir)(from(docs), standaloneContext("f", { rank, worldSize: parts.length })))));
  return out;
}

describe("exact dedup stages", () => {
  it("keep what exactDedup keeps over the whole stream, for 1 to 4 input tasks and 1 to 5 merge tasks", async () => {
    const dir = await tempDir();
    const all = (await shares(1))[0]!;
    const reference = (await collect(pipe(from(all), exactDedup()))).map((d) => d.id);
    // the README's 15 planted copies in web.jsonl.gz
    expect(all.length - reference.length).toBe(15);
    for (const tasks of [1, 2, 4]) {
      for (const merges of [1, 3, 5]) {
        const work = join(dir, `${tasks}-${merges}`);
        const kept = await runStages(work, await shares(tasks), merges);
        expect(kept.map((d) => d.id)).toEqual(reference);
        expect((await readdir(join(work, "removals"))).length).toBe(merges);
      }
    }
  });

  it("refuses a task whose documents are not the ones its keys were computed on, and a merge with a task's keys missing", async () => {
    const dir = await tempDir();
    const parts = await shares(2);
    await runStages(dir, parts, 2);
    const ctx = standaloneContext("f", { rank: 1, worldSize: 2 });
    await expect(collect(exactFilter(dir)(from(parts[1]!.slice(1)), ctx))).rejects.toThrow(InputError);
    await rm(join(dir, "keys", "00001.keys"));
    await expect(exactMerge(dir, 2, 0, 1)).rejects.toThrow(/1 of 2 tasks have not written their keys/);
  });
});

describe("sorted key files", () => {
  it("order 128-bit keys equal in their first 64 bits by the rest, and split the key space without losing a record", async () => {
    const dir = await tempDir();
    const records = new KeyRecords(4, 1);
    // two keys that share their first two words, and a spread of first words
    const keys: number[][] = [];
    for (let i = 0; i < 200; i++) keys.push([(i * 0x9e3779b1) >>> 0, 7, (i * 31) % 5, i % 3]);
    keys.push([5, 5, 9, 1], [5, 5, 2, 1], [5, 5, 9, 1]);
    keys.forEach((k, i) => records.push(k, i));
    const file = join(dir, "00000.keys");
    await records.write(file, "CKTEST01", 0, keys.length);
    const seen: string[] = [];
    for (let w = 0; w < 3; w++) {
      let previous: number[] | undefined;
      await mergeKeyRange([file], "CKTEST01", keyRange(w, 3), (_t, rec, same) => {
        const k = Array.from(rec.subarray(0, 4));
        if (previous) {
          const cmp = k.findIndex((x, i) => x !== previous![i]);
          expect(cmp === -1 || k[cmp]! > previous[cmp]!).toBe(true);
          expect(same).toBe(cmp === -1);
        }
        previous = k;
        seen.push(`${k.join(",")}:${rec[4]}`);
      });
    }
    expect(seen.sort()).toEqual(keys.map((k, i) => `${k.map((x) => x >>> 0).join(",")}:${i}`).sort());
    // equal keys stay in the order they were pushed
    expect(seen.filter((s) => s.startsWith("5,5,9,1:"))).toEqual(["5,5,9,1:200", "5,5,9,1:202"]);
  });
});
