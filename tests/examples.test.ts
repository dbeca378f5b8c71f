// Every example is a program a user copies from: each must run as written and do what it says.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

function run(file: string, ...args: string[]) {
  const child = spawnSync(process.execPath, ["--import", "tsx", file, ...args], { encoding: "utf8" });
  return { code: child.status, out: child.stdout, err: child.stderr };
}

describe("examples", () => {
  it("every example file is covered here", () => {
    expect(readdirSync("examples").filter((f) => f.endsWith(".ts")).sort()).toEqual(["01-read-any-format.ts", "02-custom-filter.ts", "03-own-step.ts"]);
  });

  it("01 reads four formats into one stream", () => {
    const r = run("examples/01-read-any-format.ts");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/8 {2}tests\/fixtures\/udhr-snappy\.parquet/);
    expect(r.out).toMatch(/25 documents, .* from 4 files/);
  });

  it("02 drops by reason and keeps the rest", () => {
    const r = run("examples/02-custom-filter.ts", "tests/fixtures/udhr.jsonl.gz", "out/test-example-02");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/dropped_too_few_words=2, dropped_not_latin=2/);
    expect(r.out).toMatch(/kept 4 documents/);
  });

  it("03 turns documents into paragraphs with its own step", () => {
    const r = run("examples/03-own-step.ts");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^paragraphs\s+8\s+96\b/m);
  });
});
