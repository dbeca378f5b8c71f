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
    .flatMap((f) => gunzipSync(readFileSync(join(dir, f))).toString("utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { id: string; text: string }));
}

describe("corpuskit dedup", () => {
  it("exact drops the planted exact duplicates of web.jsonl.gz and keeps their first copies", async () => {
    const out = join(await tempDir(), "out");
    const run = runCli("dedup", "exact", "examples/data/web.jsonl.gz", out, "--json");
    expect(run.stderr).toBe("");
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

  it("minhash in four stages over two tasks keeps what minhash in one process keeps", async () => {
    const dir = await tempDir();
    const inputs = ["examples/data/web.jsonl.gz", "examples/data/crawl.wet.gz"];
    expect(runCli("dedup", "minhash", ...inputs, join(dir, "single")).code).toBe(0);
    const work = join(dir, "work");
    for (const rank of ["0", "1"]) expect(runCli("dedup", "minhash", ...inputs, "--stage", "signatures", "--work", work, "--rank", rank, "--world-size", "2").code).toBe(0);
    for (const rank of ["0", "1"]) expect(runCli("dedup", "minhash", "--stage", "buckets", "--work", work, "--rank", rank, "--world-size", "2").code).toBe(0);
    expect(runCli("dedup", "minhash", "--stage", "clusters", "--work", work).code).toBe(0);
    for (const rank of ["0", "1"]) expect(runCli("dedup", "minhash", ...inputs, "-o", join(dir, "staged"), "--stage", "filter", "--work", work, "--rank", rank, "--world-size", "2").code).toBe(0);
    const single = written(join(dir, "single")).map((d) => d.id).sort();
    const staged = written(join(dir, "staged")).map((d) => d.id).sort();
    expect(staged).toEqual(single);
    // the mirrored crawl pages are near-duplicates of the originals: some documents went
    expect(single.length).toBeLessThan(224 + 61);
  }, 120_000);

  it("a stage without its work folder is a usage error naming the flag", () => {
    const run = runCli("dedup", "minhash", "--stage", "buckets");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--work/);
  });
});
