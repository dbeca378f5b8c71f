// The page checks run before hyparquet decodes a row group (src/io/formats/parquet-pages.ts): the
// corruptions that made it loop forever or abort the process end at once in an InputError naming the
// file, the row group's first record, the column and the page -- without waiting for the time bound.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, pipe, read, readParquet } from "../../../src/index.js";
import { collect, collector, FIXTURES, tempDir } from "../../support.js";
import { endlessRun, missingHeaderFields } from "./parquet-corruptions.js";

async function failure(file: string): Promise<{ error: unknown }> {
  return { error: await collect(readParquet(file)).catch((e: unknown) => e) };
}

describe("page checks", () => {
  it("bytes 17-22 of udhr-zstd.parquet zeroed (issue 9's hang): an InputError at once, naming file, column and page", async () => {
    const file = join(await tempDir(), "zeroed.parquet");
    await writeFile(file, missingHeaderFields());
    const { error } = await failure(file);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file, record: 1, code: "ERR_INPUT" });
    expect((error as Error).message).toBe(
      `${file} record 1: cannot decode the row group starting at row 1: column "id", page at byte 4: the DATA_PAGE_V2 header lacks definition_levels_byte_length, a required field`,
    );
    // the check's message, not the watchdog's ("did not finish ... within"), which comes after 60 s
  });

  it("an RLE run of 2^31 values in a page of 3 (V8 aborted the process): an InputError", async () => {
    const file = join(await tempDir(), "run.parquet");
    await writeFile(file, endlessRun());
    const { error } = await failure(file);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `${file} record 1: cannot decode the row group starting at row 1: column "id", page at byte 4: definition levels: a run of 2147483647 values in a page of 3`,
    );
  });

  it("under onError skip, each counts as a bad file and the good files around them read in full", async () => {
    const dir = await tempDir();
    const good = readFileSync(`${FIXTURES}/udhr-snappy.parquet`);
    await writeFile(join(dir, "a.parquet"), good);
    await writeFile(join(dir, "b.parquet"), missingHeaderFields());
    await writeFile(join(dir, "c.parquet"), endlessRun());
    await writeFile(join(dir, "d.parquet"), good);
    const rejected = collector();
    const pipeline = pipe(read(dir, { onError: "skip", rejected: rejected.sink, addFilePath: true }));
    const docs = await collect(pipeline);
    expect(docs.filter((d) => d.meta.file_path === join(dir, "a.parquet"))).toHaveLength(8);
    expect(docs.filter((d) => d.meta.file_path === join(dir, "d.parquet"))).toHaveLength(8);
    expect(pipeline.stats.get("read")!.get("skipped_bad_file")).toBe(2);
    expect(rejected.docs.map((d) => d.id)).toEqual([join(dir, "b.parquet"), join(dir, "c.parquet")]);
  });
});
