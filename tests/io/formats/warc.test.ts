import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, pipe, readWarc } from "../../../src/index.js";
import { collect, FIXTURES, tempDir } from "../../support.js";

describe("readWarc", () => {
  it("counts the records it skips by type", async () => {
    const pipeline = pipe(readWarc(`${FIXTURES}/udhr.wet.gz`));
    await collect(pipeline);
    expect(pipeline.stats.get("read_warc")!.get("skipped_record_warcinfo")).toBe(1);
    expect(pipeline.stats.get("read_warc")!.get("forwarded")).toBe(8);
  });

  it("keeps only the record types asked for", async () => {
    const docs = await collect(readWarc(`${FIXTURES}/udhr.warc.gz`, { recordTypes: ["warcinfo"], mimeTypes: ["application/warc-fields"] }));
    expect(docs).toHaveLength(1);
    expect(docs[0]!.text).toContain("corpuskit test fixtures");
  });

  it("a truncated .wet.gz delivers the whole records before the cut, then an InputError", async () => {
    const dir = await tempDir();
    const whole = readFileSync(`${FIXTURES}/udhr.wet.gz`);
    const file = join(dir, "cut.wet.gz");
    await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const doc of readWarc(file)) seen.push(doc.text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/cut\.wet\.gz record \d+/);
    const all = (await collect(readWarc(`${FIXTURES}/udhr.wet.gz`))).map((d) => d.text);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual(all.slice(0, seen.length));
  });
});
