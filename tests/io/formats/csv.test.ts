import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError, pipe, readCsv } from "../../../src/index.js";
import { collect, FIXTURES, tempDir } from "../../support.js";

describe("readCsv", () => {
  it("renames a header row with given column names", async () => {
    const docs = await collect(
      readCsv(`${FIXTURES}/udhr.csv`, { headers: ["key", "language", "title", "body"], renameHeaders: true, textField: "body", idField: "key" }),
    );
    expect(docs).toHaveLength(8);
    expect(docs[0]!.id).toBe("udhr-eng");
    expect(docs[0]!.meta).toEqual({ language: "en", title: "English" });
  });

  it("reads gzip-compressed TSV", async () => {
    const dir = await tempDir();
    const { readFileSync } = await import("node:fs");
    await writeFile(join(dir, "p.tsv.gz"), gzipSync(readFileSync(`${FIXTURES}/udhr-paragraphs.tsv`)));
    const docs = await collect(readCsv(join(dir, "p.tsv.gz"), { headers: ["id", "lang", "text"] }));
    expect(docs.length).toBeGreaterThan(50);
    expect(docs[0]!.id).toBe("udhr-eng-1");
  });

  it("names the record of a row with the wrong number of cells; skip keeps going", async () => {
    const dir = await tempDir();
    const file = join(dir, "bad.csv");
    await writeFile(file, 'id,text\n1,"first document"\n2,"second",extra\n3,"third document"\n');
    await expect(collect(readCsv(file))).rejects.toThrow(InputError);
    await expect(collect(readCsv(file))).rejects.toThrow(/bad\.csv record 2/);
    const pipeline = pipe(readCsv(file, { onError: "skip" }));
    expect((await collect(pipeline)).map((d) => d.text)).toEqual(["first document", "third document"]);
    expect(pipeline.stats.get("read_csv")!.get("skipped_bad_record")).toBe(1);
  });

  it("says which field is missing when textField does not exist", async () => {
    await expect(collect(readCsv(`${FIXTURES}/udhr.csv`, { textField: "content" }))).rejects.toThrow(/udhr\.csv record 1: field "content" is missing/);
  });
});
