import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, pipe, read, readParquet } from "../../../src/index.js";
import { collect, FIXTURES, tempDir } from "../../support.js";

describe("readParquet", () => {
  it("reads only the asked columns plus text and id", async () => {
    const docs = await collect(readParquet(`${FIXTURES}/udhr-zstd.parquet`, { columns: ["lang"] }));
    expect(docs[0]!.meta).toEqual({ lang: "en" });
    expect(docs).toHaveLength(8);
  });

  it("a file that is not parquet is an InputError naming it", async () => {
    const dir = await tempDir();
    const file = join(dir, "fake.parquet");
    await writeFile(file, readFileSync(`${FIXTURES}/udhr.jsonl`));
    await expect(collect(readParquet(file))).rejects.toThrow(InputError);
    await expect(collect(readParquet(file))).rejects.toThrow(/fake\.parquet: not a readable parquet file/);
  });

  it("a truncated parquet file is reported, and onError skip reads the next file", async () => {
    const dir = await tempDir();
    const whole = readFileSync(`${FIXTURES}/udhr-snappy.parquet`);
    await writeFile(join(dir, "a.parquet"), whole.subarray(0, whole.length - 100));
    await writeFile(join(dir, "b.parquet"), whole);
    await expect(collect(read(dir))).rejects.toThrow(/a\.parquet/);
    const pipeline = pipe(read(dir, { onError: "skip" }));
    expect(await collect(pipeline)).toHaveLength(8);
    expect(pipeline.stats.get("read")!.get("skipped_bad_file")).toBe(1);
  });
});
