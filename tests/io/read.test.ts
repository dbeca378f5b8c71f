// Golden test: every fixture format holds the same UDHR records, so every reader must yield exactly
// the documents of the plain JSONL file.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { read, readCsv, readJsonl, readParquet, readWarc } from "../../src/index.js";
import { collect, FIXTURES } from "../support.js";

const expected = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as { id: string; text: string; lang: string; name: string });

describe("every format yields the records of udhr.jsonl", () => {
  it("has real multilingual text to compare", () => {
    expect(expected.length).toBe(8);
    expect(expected.map((r) => r.lang)).toContain("zh");
    expect(expected.every((r) => r.text.length > 300)).toBe(true);
  });

  for (const file of ["udhr.jsonl", "udhr.jsonl.gz", "udhr.jsonl.zst"]) {
    it(`reads ${file}`, async () => {
      const docs = await collect(readJsonl(`${FIXTURES}/${file}`));
      expect(docs.map((d) => ({ id: d.id, text: d.text, lang: d.meta.lang, name: d.meta.name }))).toEqual(expected);
    });
  }

  it("reads quoted CSV with multi-line cells", async () => {
    const docs = await collect(readCsv(`${FIXTURES}/udhr.csv`));
    expect(docs.map((d) => ({ id: d.id, text: d.text, lang: d.meta.lang, name: d.meta.name }))).toEqual(expected);
  });

  it("reads header-less TSV with given column names", async () => {
    const docs = await collect(readCsv(`${FIXTURES}/udhr-paragraphs.tsv`, { headers: ["id", "lang", "text"] }));
    const paragraphs = expected.flatMap((r) => r.text.split("\n\n").map((p, i) => ({ id: `${r.id}-${i + 1}`, text: p, lang: r.lang })));
    expect(docs.map((d) => ({ id: d.id, text: d.text, lang: d.meta.lang }))).toEqual(paragraphs);
  });

  for (const codec of ["snappy", "gzip", "zstd"]) {
    it(`reads parquet with ${codec} pages across row groups`, async () => {
      const docs = await collect(readParquet(`${FIXTURES}/udhr-${codec}.parquet`));
      expect(docs.map((d) => ({ id: d.id, text: d.text, lang: d.meta.lang, name: d.meta.name }))).toEqual(expected);
    });
  }

  it("reads WET conversion records with Common Crawl's headers", async () => {
    const docs = await collect(readWarc(`${FIXTURES}/udhr.wet.gz`));
    expect(docs.map((d) => d.text)).toEqual(expected.map((r) => r.text));
    expect(docs[0]!.id).toMatch(/^<urn:uuid:[0-9a-f-]{36}>$/);
    expect(docs[0]!.meta.url).toBe("https://udhr.example.org/en.html");
    expect(docs.map((d) => d.meta.warc_language)).toEqual(expected.map((r) => r.lang));
  });

  it("reads WARC response records as their HTML body, skipping warcinfo", async () => {
    const source = readWarc(`${FIXTURES}/udhr.warc.gz`);
    const docs = await collect(source);
    expect(docs).toHaveLength(expected.length);
    expect(docs[1]!.text).toContain(expected[1]!.text.split("\n\n")[0]);
    expect(docs[1]!.text.startsWith("<!doctype html>")).toBe(true);
    expect(docs[0]!.meta.content_type).toBe("text/html; charset=utf-8");
  });

  it("read() picks each reader by extension, in sorted path order", async () => {
    const files = ["udhr.jsonl.zst", "udhr-snappy.parquet", "udhr.csv", "udhr.wet.gz"].map((f) => `${FIXTURES}/${f}`);
    const docs = await collect(read(files));
    expect(docs).toHaveLength(4 * expected.length);
    // sorted: udhr-snappy.parquet, udhr.csv, udhr.jsonl.zst, udhr.wet.gz
    expect(docs.slice(0, 8).map((d) => d.text)).toEqual(expected.map((r) => r.text));
    expect(docs.slice(24).map((d) => d.text)).toEqual(expected.map((r) => r.text));
  });
});
