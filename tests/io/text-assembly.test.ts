// Text assembly declared as data, through read() on a user's own files: MNBVC's paragraph lists
// (with the duplicate flags), forum threads, JSON-string lists, and records without the text.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, read, Stats } from "../../src/index.js";
import { collect, FIXTURES, tempDir } from "../support.js";

const ZH = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { text: string; lang: string })
  .find((u) => u.lang === "zh")!
  .text.split("\n\n");
const ctx = (stats: Stats) => ({ rank: 0, worldSize: 1, stats, signal: new AbortController().signal });

async function file(name: string, records: unknown[]): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, records.map((r) => JSON.stringify(r)).join("\n"));
  return path;
}

describe("text assembly", () => {
  it("MNBVC paragraphs: ordered by 行号, flagged duplicates left out on request, file-level keys in meta", async () => {
    const 段落 = [
      { 行号: 3, 是否重复: false, 是否跨文件重复: true, 内容: ZH[2] },
      { 行号: 1, 是否重复: false, 是否跨文件重复: false, 内容: ZH[0] },
      { 行号: 2, 是否重复: true, 是否跨文件重复: false, 内容: ZH[1] },
    ];
    const path = await file("mnbvc.jsonl", [{ 文件名: "a.txt", 是否重复文件: false, 段落 }]);
    const all = await collect(read(path, { text: { kind: "list", list: "段落", field: "内容", sortBy: "行号" } }));
    expect(all[0]!.text).toBe(ZH.slice(0, 3).join("\n"));
    expect(all[0]!.meta).toEqual({ 文件名: "a.txt", 是否重复文件: false });
    const kept = await collect(read(path, { text: { kind: "list", list: "段落", field: "内容", sortBy: "行号", dropIf: ["是否重复", "是否跨文件重复"] } }));
    expect(kept[0]!.text).toBe(ZH[0]);
  });

  it("a forum thread: 主题 then every 回复[].回复 in order", async () => {
    const path = await file("forum.jsonl", [
      {
        ID: 7,
        主题: ZH[0],
        来源: "bbs",
        回复: [
          { 楼ID: 1, 回复: ZH[1] },
          { 楼ID: 2, 回复: ZH[2] },
        ],
        时间: "20230101",
      },
    ]);
    const docs = await collect(read(path, { idField: "ID", text: { kind: "list", list: "回复", field: "回复", head: ["主题"] } }));
    expect(docs).toEqual([{ id: "7", text: ZH.slice(0, 3).join("\n"), meta: { 来源: "bbs", 时间: "20230101" } }]);
  });

  it("a record without the text is a counted bad record under onError skip, and an InputError naming the line otherwise", async () => {
    const path = await file("qa.jsonl", [{ 问: ZH[0], 答: ZH[1] }, { 来源: "x" }, { 问: 5 }, { text: "[not json" }, { 问: ZH[2] }]);
    const stats = new Stats("read");
    const docs = await collect(read(path, { onError: "skip", text: { kind: "fields", fields: ["问", "答"] } }).open(ctx(stats)));
    expect(docs.map((d) => d.text)).toEqual([`${ZH[0]}\n${ZH[1]}`, ZH[2]]);
    expect(stats.get("skipped_bad_record")).toBe(3);
    await expect(collect(read(path, { text: { kind: "fields", fields: ["问", "答"] } }))).rejects.toThrow(InputError);
    await expect(collect(read(path, { text: { kind: "fields", fields: ["问", "答"] } }))).rejects.toThrow(/line 2: none of the fields "问", "答"/);
    const legacy = await file("legacy.jsonl", [{ text: "[not json" }]);
    await expect(collect(read(legacy, { text: { kind: "list", list: "text", field: "内容" } }))).rejects.toThrow(/not a JSON list/);
  });

  it("Reddit placeholders are counted drops, not errors", async () => {
    const path = await file("RC.jsonl", [
      { id: "a", body: "[deleted]" },
      { id: "b", body: " [removed] " },
      { id: "c", body: "x &amp; y" },
    ]);
    const stats = new Stats("read");
    const docs = await collect(
      read(path, { text: { kind: "field", field: "body", unescapeHtml: true, dropTexts: ["[deleted]", "[removed]"] } }).open(ctx(stats)),
    );
    expect(docs.map((d) => [d.id, d.text])).toEqual([["c", "x & y"]]);
    expect(stats.get("skipped_placeholder_text")).toBe(2);
  });
});
