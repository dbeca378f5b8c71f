import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectEncoding, readText } from "../../../src/index.js";
import { collect, FIXTURES, tempDir } from "../../support.js";

const records = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { id: string; text: string });
const chinese = records.find((r) => r.id === "udhr-cmn_hans")!.text;
const russian = records.find((r) => r.id === "udhr-rus")!.text;
const traditional = readFileSync(`${FIXTURES}/udhr-zh-hant.utf8.txt`, "utf8");

describe("readText with encoding: auto", () => {
  const cases: [string, string, string][] = [
    ["udhr-zh.gbk.txt", chinese, "gb18030"],
    ["udhr-zh-hant.big5.txt", traditional, "big5"],
    ["udhr-ru.utf16le.txt", russian, "utf-16le"],
    ["udhr-zh-hant.utf8.txt", traditional, "utf-8"],
  ];
  for (const [file, text, encoding] of cases) {
    it(`detects ${encoding} in ${file} and decodes it exactly`, async () => {
      const source = readText(`${FIXTURES}/${file}`);
      const ctxDocs = await collect(source);
      expect(ctxDocs).toHaveLength(1);
      expect(ctxDocs[0]!.text).toBe(text);
      expect(detectEncoding(readFileSync(`${FIXTURES}/${file}`))).toBe(encoding);
    });
  }

  it("decodes a declared legacy encoding (windows-1251)", async () => {
    const docs = await collect(readText(`${FIXTURES}/udhr-ru.cp1251.txt`, { encoding: "windows-1251" }));
    expect(docs[0]!.text).toBe(russian);
  });

  it("splits into blank-line-separated blocks with file:line ids", async () => {
    const docs = await collect(readText(`${FIXTURES}/udhr-zh.gbk.txt`, { split: "paragraph" }));
    const paragraphs = chinese.split("\n\n");
    expect(docs.map((d) => d.text)).toEqual(paragraphs);
    expect(docs[0]!.id).toBe(`${FIXTURES}/udhr-zh.gbk.txt:1`);
    expect(docs[1]!.id).toBe(`${FIXTURES}/udhr-zh.gbk.txt:3`);
  });

  it("handles CRLF line ends and one document per line", async () => {
    const dir = await tempDir();
    const file = join(dir, "crlf.txt");
    await writeFile(file, "first line\r\nsecond line\r\n\r\nthird\r\n");
    expect((await collect(readText(file, { split: "line" }))).map((d) => d.text)).toEqual(["first line", "second line", "third"]);
    expect((await collect(readText(file, { split: "paragraph" }))).map((d) => d.text)).toEqual(["first line\nsecond line", "third"]);
  });

  it("rejects an unknown encoding label with an InputError naming the file", async () => {
    await expect(collect(readText(`${FIXTURES}/udhr-zh.gbk.txt`, { encoding: "klingon-8" }))).rejects.toThrow(
      /udhr-zh\.gbk\.txt: unknown text encoding "klingon-8"/,
    );
  });
});
