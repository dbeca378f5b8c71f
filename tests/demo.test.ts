// npm start's job on the bundled sample corpus: reads every file and format, loses nothing.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatOf, readJsonl } from "../src/index.js";
import { runDemo } from "../src/demo.js";
import { collect, tempDir } from "./support.js";

const DATA = "examples/data";
const dataFiles = readdirSync(DATA).filter((f) => f !== "README.md").sort();

describe("the bundled sample corpus", () => {
  it("is at least 2 MB of text in every format the readers take", () => {
    const formats = new Set(dataFiles.map((f) => formatOf(f)));
    for (const format of ["jsonl", "text", "parquet", "warc", "csv"] as const) expect(formats).toContain(format);
    expect(dataFiles.some((f) => f.endsWith(".jsonl.gz"))).toBe(true);
    expect(dataFiles.some((f) => f.endsWith(".jsonl.zst"))).toBe(true);
    expect(dataFiles.some((f) => f.endsWith(".wet.gz"))).toBe(true);
    expect(dataFiles.some((f) => f.endsWith(".warc.gz"))).toBe(true);
  });

  it("runs end to end: every file read, every document written, nothing rejected", async () => {
    const out = await tempDir();
    const { result, stats } = await runDemo({ data: DATA, output: out });
    const read = stats.get("read")!;
    expect(read.get("files")).toBe(dataFiles.length);
    expect(read.get("skipped_bad_record")).toBe(0);
    expect(read.get("skipped_bad_file")).toBe(0);
    expect(read.get("bytes_out")).toBeGreaterThan(2_000_000);
    expect(result.documents).toBe(read.get("forwarded"));
    const written = await collect(readJsonl(join(out, "documents")));
    expect(written).toHaveLength(result.documents);
    // every input file contributed documents
    expect(new Set(written.map((d) => String(d.meta.file_path).split("/").pop()))).toEqual(new Set(dataFiles));
    // Chinese from the GBK file decoded, not mojibake
    const gbk = written.filter((d) => String(d.meta.file_path).endsWith(".txt"));
    expect(gbk.length).toBeGreaterThan(10);
    expect(gbk.filter((d) => /\p{Script=Han}/u.test(d.text)).length / gbk.length).toBeGreaterThan(0.8);
    expect(gbk.some((d) => d.text.includes("\uFFFD"))).toBe(false);
    expect(read.get("replacement_chars")).toBe(0);
    expect(statSync(join(out, "documents", "00000.jsonl.gz")).size).toBeGreaterThan(0);
  });
});
