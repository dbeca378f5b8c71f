// Every example is a program a user copies from: each must run as written and do what it says,
// on the sample corpus the package ships (examples/data), writing where the test tells it to.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { read, readJsonl, readParquet } from "../src/index.js";
import { collect, tempDir } from "./support.js";

function run(file: string, ...args: string[]) {
  const child = spawnSync(process.execPath, ["--import", "tsx", file, ...args], { encoding: "utf8" });
  return { code: child.status, out: child.stdout, err: child.stderr };
}

const EXAMPLES = readdirSync("examples")
  .filter((f) => f.endsWith(".ts"))
  .sort();

describe("examples", () => {
  it("every example file is covered here", () => {
    expect(EXAMPLES).toEqual(["01-read-any-format.ts", "02-custom-filter.ts", "03-own-step.ts"]);
  });

  it("read only what the npm package ships: examples/data, not tests/", () => {
    const files = (JSON.parse(readFileSync("package.json", "utf8")) as { files: string[] }).files;
    expect(files).toContain("examples/data");
    for (const example of EXAMPLES) expect(readFileSync(join("examples", example), "utf8"), example).not.toMatch(/tests\//);
  });

  it("01 reads six formats into one stream", async () => {
    const r = run("examples/01-read-any-format.ts");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    const perFile = lines.filter((l) => /^\s+\d+ {2}\S/.test(l)).map((l) => l.trim().split(/\s+/) as [string, string]);
    expect(perFile.map(([, file]) => file.replace(/\.[^.]+(\.(gz|zst))?$/, "")).sort()).toEqual(
      ["books", "crawl", "licenses", "udhr", "web", "zh-gbk"].map((f) => `examples/data/${f}`),
    );
    let total = 0;
    for (const [count, file] of perFile) {
      const docs = (await collect(read(file))).length;
      expect(Number(count), file).toBe(docs);
      total += docs;
    }
    expect(r.out).toMatch(new RegExp(`^${total} documents, .* from 6 files$`, "m"));
  });

  it("02 drops by reason and keeps the rest, in the folder it is given", async () => {
    const out = join(await tempDir(), "02");
    const r = run("examples/02-custom-filter.ts", "tests/fixtures/udhr.jsonl.gz", out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/dropped_too_few_words=2, dropped_not_latin=2/);
    expect(r.out).toMatch(/kept 4 documents/);
    expect(await collect(readJsonl(join(out, "kept")))).toHaveLength(4);
    expect(await collect(readJsonl(join(out, "rejected")))).toHaveLength(4);
  });

  it("03 turns documents into paragraphs with its own step, in the folder it is given", async () => {
    const out = join(await tempDir(), "03");
    const r = run("examples/03-own-step.ts", out);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const declarations = await collect(readParquet("examples/data/udhr.parquet"));
    const paragraphs = await collect(readJsonl(out));
    expect(paragraphs.length).toBeGreaterThan(declarations.length);
    expect(r.out).toMatch(new RegExp(`^paragraphs\\s+${declarations.length}\\s+${paragraphs.length.toLocaleString("en-US")}\\b`, "m"));
    expect(r.out).toContain(`${paragraphs.length} paragraphs in `);
  });
});
