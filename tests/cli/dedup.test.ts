// corpuskit dedup exact | lines | minhash, end to end on the sample corpus's planted duplicates.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support.js";

/** Every document written under `dir` (top level shards only), as {id, text}. */
function written(dir: string): { id: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl.gz"))
    .sort()
    .flatMap((f) =>
      gunzipSync(readFileSync(join(dir, f)))
        .toString("utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { id: string; text: string }),
    );
}

describe("corpuskit dedup", () => {
  it("exact drops the planted exact duplicates of web.jsonl.gz and keeps their first copies", async () => {
    const out = join(await tempDir(), "out");
    const run = runCli("dedup", "exact", "examples/data/web.jsonl.gz", out, "--json");
    expect(run.stderr).toMatch(/^dedup exact: done, 224 docs, [^\n]*\n$/);
    expect(run.code).toBe(0);
    const kept = written(out).map((d) => d.id);
    // examples/data/README.md: 7 groups, 22 records, 15 of them should go
    expect(kept).toHaveLength(224 - 15);
    expect(kept).toContain("debref-en-ch03-1");
    expect(kept).not.toContain("debref-en-ch03-1-copy");
    expect(written(join(out, "rejected", "exact_dedup")).length).toBe(15);
  });

  it("lines --keep none removes the crawl's boilerplate from every page, first copy included", async () => {
    const out = join(await tempDir(), "out");
    const run = runCli("dedup", "lines", "examples/data/crawl.wet.gz", "-o", out, "--keep", "none");
    expect(run.code).toBe(0);
    const pages = written(out);
    expect(pages.length).toBeGreaterThan(40);
    for (const page of pages) expect(page.text).not.toContain("Copyright © 2024 Example Docs. All rights reserved.");
  });

  it("minhash in four stages writes what minhash in one process writes, byte for byte, for 2 or 3 tasks", async () => {
    const dir = await tempDir();
    // three files, each with near-duplicates inside (the crawl's mirrors) or across (licences)
    const inputs = ["examples/data/web.jsonl.gz", "examples/data/crawl.wet.gz", "examples/data/licenses.csv"];
    expect(runCli("dedup", "minhash", ...inputs, join(dir, "single")).code).toBe(0);
    const single = written(join(dir, "single"));
    // the mirrored crawl pages are near-duplicates of the originals: some documents went
    expect(single.length).toBeLessThan(224 + 61 + 14);
    for (const tasks of [2, 3]) {
      const work = join(dir, `work-${tasks}`);
      const stage = (...args: string[]) => expect(runCli("dedup", "minhash", ...args, "--work", work, "--world-size", String(tasks)).code).toBe(0);
      for (let r = 0; r < tasks; r++) stage(...inputs, "--stage", "signatures", "--rank", String(r));
      for (let r = 0; r < tasks; r++) stage("--stage", "buckets", "--rank", String(r));
      stage("--stage", "clusters");
      for (let r = 0; r < tasks; r++) stage(...inputs, "-o", join(dir, `staged-${tasks}`), "--stage", "filter", "--rank", String(r));
      // the tasks' shards, read in name (= task) order, hold the same documents in the same order
      expect(written(join(dir, `staged-${tasks}`))).toEqual(single);
    }
  });

  it("a stage without its work folder is a usage error naming the flag", () => {
    const run = runCli("dedup", "minhash", "--stage", "buckets");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--work/);
  });
});
