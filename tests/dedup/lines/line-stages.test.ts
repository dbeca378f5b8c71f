// The line-dedup stages called directly, over the sample's web and crawl documents cut into input
// tasks: keep first gives lineDedup's output over the whole stream, keep none lineDedup's with the
// line set of collectLineHashes, for any number of input and merge tasks.
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { collectLineHashes, lineDedup, pipe, read, type Doc } from "../../../src/index.js";
import { lineFilter, lineKeys, lineMerge } from "../../../src/dedup/lines/line-stages.js";
import { standaloneContext } from "../../../src/pipeline/step.js";
import { collect, tempDir } from "../../support.js";

const FILES = ["web.jsonl.gz", "crawl.wet.gz"].map((f) => resolve("examples/data", f));

async function* from(docs: Doc[]): AsyncIterable<Doc> {
  yield* docs;
}

async function runStages(dir: string, parts: Doc[][], merges: number, o: { keep: "first" | "none"; minLineLength: number }): Promise<Doc[]> {
  const ctx = (rank: number) => standaloneContext("x", { rank, worldSize: parts.length });
  for (const [rank, docs] of parts.entries()) await lineKeys(dir, o.minLineLength)(from(docs), ctx(rank));
  for (let m = 0; m < merges; m++) await lineMerge(dir, o, parts.length, m, merges);
  const out: Doc[] = [];
  for (const [rank, docs] of parts.entries()) out.push(...(await collect(lineFilter(dir, o)(from(docs), ctx(rank)))));
  return out;
}

const view = (docs: Doc[]) => docs.map((d) => [d.id, d.text, d.meta.nlines, d.meta.original_nlines]);

describe("line dedup stages", () => {
  it("keep: first and keep: none give the one-process step's documents, for 1 to 3 input tasks and 1 to 4 merge tasks", async () => {
    const dir = await tempDir();
    const all = await collect(read(FILES));
    const first = await collect(pipe(from(all), lineDedup({ minLineLength: 5 })));
    const seen = await collectLineHashes(from(all), { minLineLength: 5 });
    const none = await collect(pipe(from(all), lineDedup({ keep: "none", seen })));
    // the sample's boilerplate: both modes remove lines, keep none more than keep first
    const lines = (docs: Doc[]) => docs.reduce((n, d) => n + d.text.split("\n").length, 0);
    expect(lines(first)).toBeLessThan(lines(all));
    expect(lines(none)).toBeLessThan(lines(first));
    for (const tasks of [1, 3]) {
      const size = Math.ceil(all.length / tasks);
      const parts = Array.from({ length: tasks }, (_, t) => all.slice(t * size, (t + 1) * size));
      for (const merges of [1, 4]) {
        expect(view(await runStages(join(dir, `f${tasks}-${merges}`), parts, merges, { keep: "first", minLineLength: 5 }))).toEqual(view(first));
        expect(view(await runStages(join(dir, `n${tasks}-${merges}`), parts, merges, { keep: "none", minLineLength: 5 }))).toEqual(view(none));
      }
    }
  });
});
