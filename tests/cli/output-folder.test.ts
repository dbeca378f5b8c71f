// An output folder belongs to the command that wrote it: another command, or the same one with other
// settings, is refused unless --overwrite; the same command again starts over (run resumes); a
// command never reads its own output; and every command leaves the same layout
// (rejected/<step>/, stats.json) that `corpuskit report` reads.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, writeFile } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support.js";

const SAMPLE = "examples/data/web.jsonl.gz";

/** Documents in a folder's JSONL shards (gzip or not), counted by line. */
function countDocs(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir).filter((f) => /\.jsonl(\.gz)?$/.test(f))) {
    const bytes = readFileSync(join(dir, f));
    n += (f.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8").split("\n").filter(Boolean).length;
  }
  return n;
}

function stepsOf(statsFile: string): string[] {
  return (JSON.parse(readFileSync(statsFile, "utf8")) as { steps: { name: string }[] }).steps.map((s) => s.name);
}

describe("an output folder written by another command", () => {
  it("is refused (exit 2, naming the command and --overwrite), and --overwrite clears it first", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    expect(runCli("filter", "-q", SAMPLE, "-o", out, "--c4").code).toBe(0);
    const refused = runCli("dedup", "exact", "-q", SAMPLE, "-o", out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds the output of `corpuskit filter`.*this is `corpuskit dedup exact`.*--overwrite/);
    // nothing of the refused run was written
    expect(readdirSync(join(out, "rejected"))).toEqual(["c4_quality"]);

    const overwritten = runCli("dedup", "exact", "-q", SAMPLE, "-o", out, "--overwrite");
    expect(overwritten.code).toBe(0);
    // the filter's rejected documents are gone: only what dedup wrote is there
    expect(existsSync(join(out, "rejected", "c4_quality"))).toBe(false);
    expect(stepsOf(join(out, "stats.json"))).toEqual(["read", "exact_dedup", "write_jsonl"]);
  });

  it("with other options of the same command is refused too; the same command again starts over", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    expect(runCli("filter", "-q", SAMPLE, "-o", out, "--c4").code).toBe(0);
    const first = countDocs(out);
    expect(first).toBeGreaterThan(0);
    expect(runCli("filter", "-q", SAMPLE, "-o", out, "--c4").code).toBe(0);
    expect(countDocs(out)).toBe(first);
    const other = runCli("filter", "-q", SAMPLE, "-o", out, "--fineweb");
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/an earlier `corpuskit filter`.*other inputs or options/);
  });

  it("a non-empty folder no corpuskit command wrote is refused, and --overwrite never empties the working directory", async () => {
    const dir = await tempDir();
    const mine = join(dir, "notes");
    await mkdir(mine);
    await writeFile(join(mine, "todo.txt"), "keep me\n");
    const refused = runCli("convert", "-q", SAMPLE, "-o", mine);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not empty \(1 entry: todo\.txt\) and no corpuskit command wrote it/);
    expect(readFileSync(join(mine, "todo.txt"), "utf8")).toBe("keep me\n");
    // run from a folder of its own, so that a regression could only empty that
    const work = join(dir, "work");
    await mkdir(work);
    await writeFile(join(work, "keep.txt"), "keep me too\n");
    const input = resolve(SAMPLE);
    const loader = pathToFileURL(resolve("node_modules/tsx/dist/loader.mjs")).href;
    const cwd = spawnSync(process.execPath, ["--import", loader, resolve("src/cli/bin.ts"), "convert", "-q", input, "-o", ".", "--overwrite"], {
      cwd: work,
      encoding: "utf8",
    });
    expect(cwd.status).toBe(2);
    expect(cwd.stderr).toMatch(/--overwrite would empty \., which holds /);
    expect(readdirSync(work)).toEqual(["keep.txt"]);
  });
});

describe("a command's own output", () => {
  it("is never read as its input: the input inside the output is an error, the output inside the input is passed over", async () => {
    const dir = await tempDir();
    const sub = join(dir, "sub");
    await mkdir(sub);
    await cp(SAMPLE, join(sub, "web.jsonl.gz"));
    const inside = runCli("convert", "-q", sub, "-o", sub);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/the input .*sub is the output folder .*sub: a command never reads what it writes/);
    const out = join(sub, "out");
    const documents: number[] = [];
    for (let i = 0; i < 2; i++) {
      const run = runCli("convert", "-q", "--json", sub, "-o", out);
      expect(run.code).toBe(0);
      documents.push((JSON.parse(run.stdout) as { output: { documents: number } }).output.documents);
    }
    // the second run read the input only, not the first run's shards beside it
    expect(documents[0]).toBeGreaterThan(100);
    expect(documents[1]).toBe(documents[0]);
    expect(countDocs(out)).toBe(documents[0]);
  });

  it("read back as a corpus, an output folder gives its documents, not its stats or rejected documents", async () => {
    const dir = await tempDir();
    const first = join(dir, "first");
    expect(runCli("filter", "-q", SAMPLE, "-o", first, "--c4").code).toBe(0);
    const kept = countDocs(first);
    const again = runCli("convert", "-q", "--json", first, "-o", join(dir, "second"));
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as { output: { documents: number }; stats: { steps: { name: string; counters: Record<string, number> }[] } };
    expect(summary.output.documents).toBe(kept);
    const skipped = summary.stats.steps.find((s) => s.name === "read")!.counters.skipped_not_data;
    // stats.json and the rejected shard
    expect(skipped).toBe(1 + readdirSync(join(first, "rejected", "c4_quality")).length);
  });
});

describe("one layout for every command", () => {
  it("filter and run: OUT/rejected/<step>/ and OUT/stats.json, which `report` reads", async () => {
    const dir = await tempDir();
    const filter = join(dir, "filter");
    const run = join(dir, "run");
    expect(runCli("filter", "-q", SAMPLE, "-o", filter, "--c4").code).toBe(0);
    const config = join(dir, "run.yaml");
    const steps = "  - step: c4_quality\n  - step: gopher_quality\n  - step: gopher_quality\n    minDocWords: 400\n";
    await writeFile(config, `input: ${SAMPLE}\nsteps:\n${steps}output: ${join(dir, "elsewhere")}\nrejected: ${join(dir, "elsewhere", "rejected")}\n`);
    expect(runCli("run", config, "-q", "-o", run).code).toBe(0);
    expect(readdirSync(join(filter, "rejected"))).toEqual(["c4_quality"]);
    // a step named twice gets _2; the rejected folder moved with -o
    expect(readdirSync(join(run, "rejected")).sort()).toEqual(["c4_quality", "gopher_quality", "gopher_quality_2"]);
    expect(existsSync(join(dir, "elsewhere"))).toBe(false);
    for (const out of [filter, run]) {
      expect(existsSync(join(out, "stats.json"))).toBe(true);
      const report = runCli("report", out, "-o", join(out, "report.html"));
      expect(report.code).toBe(0);
      expect(readFileSync(join(out, "report.html"), "utf8")).toContain("<html");
    }
    expect(stepsOf(join(run, "stats.json"))).toContain("gopher_quality");
  });

  it("the MinHash stages run as separate tasks leave rejected/minhash_dedup/ and one stats.json once every task is done", async () => {
    const dir = await tempDir();
    const work = join(dir, "work");
    const out = join(dir, "out");
    const inputs = [SAMPLE, "examples/data/books.jsonl.zst"];
    for (let rank = 0; rank < 2; rank++)
      expect(runCli("dedup", "minhash", "--stage", "signatures", ...inputs, "--work", work, "--rank", String(rank), "--world-size", "2").code).toBe(0);
    expect(runCli("dedup", "minhash", "--stage", "buckets", "--work", work).code).toBe(0);
    expect(runCli("dedup", "minhash", "--stage", "clusters", "--work", work).code).toBe(0);
    const stage = (rank: number) =>
      runCli("dedup", "minhash", "-q", "--stage", "filter", ...inputs, "-o", out, "--work", work, "--rank", String(rank), "--world-size", "2");
    expect(stage(0).code).toBe(0);
    expect(existsSync(join(out, "stats.json"))).toBe(false);
    expect(stage(1).code).toBe(0);
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8")) as { steps: { name: string; counters: Record<string, number> }[] };
    expect(stats.steps.find((s) => s.name === "read")!.counters.files).toBe(2);
    expect(readdirSync(out).filter((f) => f.startsWith("0000")).length).toBeGreaterThan(0);
    expect(readdirSync(out)).not.toContain("stats-00000.json");
    // the sample's planted near-copies: both tasks' drops in one folder, each file named by its task
    expect(readdirSync(join(out, "rejected"))).toEqual(["minhash_dedup"]);
    expect(readdirSync(join(out, "rejected", "minhash_dedup")).every((f) => /^0000[01]_/.test(f))).toBe(true);
    expect(runCli("report", out, "-o", join(out, "report.html")).code).toBe(0);
  });
});
