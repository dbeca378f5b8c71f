// The CLI as a user meets it: a child process, its exit code, stdout and stderr.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, tempDir } from "../support.js";

function corpuskit(...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("corpuskit CLI", () => {
  it("--help lists the commands and exits 0", () => {
    const run = corpuskit("--help");
    expect(run.code).toBe(0);
    for (const command of ["demo", "convert", "catalog", "run", "filter", "dedup", "score", "tokenize"]) expect(run.stdout).toContain(command);
  });

  it("--version prints the package version", () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    const run = corpuskit("--version");
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it("a usage error exits 2", () => {
    expect(corpuskit("frobnicate").code).toBe(2);
    expect(corpuskit("convert", FIXTURES).code).toBe(2); // --output missing
    expect(corpuskit("convert", FIXTURES, "-o", "x", "--limit", "lots").code).toBe(2);
  });

  it("bad input exits 1 with one line naming file and line, no stack trace", async () => {
    const dir = await tempDir();
    const file = join(dir, "bad.jsonl");
    await writeFile(file, '{"text": "fine"}\n{"text": oops}\n');
    const run = corpuskit("convert", file, "-o", join(dir, "out"));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^corpuskit: InputError: ${file} line 2: invalid JSON`));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(corpuskit("convert", join(dir, "missing.jsonl"), "-o", join(dir, "out")).stderr).toMatch(/missing\.jsonl: no such file/);
  });

  it("a command that has not landed says so and exits 1", () => {
    const run = corpuskit("dedup", "x");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not available in this version/);
  });

  it("convert writes shards, stats.json and the rejected records", async () => {
    const dir = await tempDir();
    const bad = join(dir, "bad.jsonl");
    await writeFile(bad, '{"text": oops}\n');
    const out = join(dir, "out");
    const run = corpuskit("convert", `${FIXTURES}/udhr.jsonl.zst`, `${FIXTURES}/udhr-snappy.parquet`, bad, "-o", out, "--on-error", "skip", "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.output.documents).toBe(16);
    expect(readdirSync(out).sort()).toEqual(["00000.jsonl.gz", "rejected", "stats.json"]);
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8"));
    expect(stats.steps[0].counters.skipped_bad_record).toBe(1);
    expect(stats.steps[0].counters.files).toBe(3);
  });
});
