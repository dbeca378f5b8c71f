// JSON-array files (WuDao's part-*.json layout), format sniffing, and wikiextractor blocks.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, read, Stats } from "../../../src/index.js";
import { jsonArrayElements } from "../../../src/io/formats/json-array.js";
import { collect, FIXTURES, tempDir, timeExponent } from "../../support.js";

const udhr = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { text: string; lang: string });

/** WuDao's record shape: {id, uniqueKey, titleUkey, dataType, title, content}. */
function wudaoRecords(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const u = udhr[i % udhr.length]!;
    const title = u.text.split("\n")[0]!.slice(0, 30);
    return {
      id: i,
      uniqueKey: `k${i}`,
      titleUkey: `t${i}`,
      dataType: i % 2 ? "博客" : "科技",
      title,
      content: i % 3 === 0 ? u.text : `${u.text} "quoted" \\ back\\slash ${i}`,
    };
  });
}

async function elements(bytes: Buffer, chunkSize: number): Promise<unknown[]> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const out: unknown[] = [];
  for await (const e of jsonArrayElements(chunks(), "x.json")) out.push(JSON.parse(e.bytes.toString("utf8")));
  return out;
}

describe("JSON-array files", () => {
  it("splits an array into its elements whatever the chunk boundaries (inside strings, escapes, multi-byte characters)", async () => {
    const records = wudaoRecords(40);
    const bytes = Buffer.from(JSON.stringify(records, null, 1));
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) expect(await elements(bytes, size)).toEqual(records);
    const mixed = [1, "a]b,c", { x: [1, { y: "}" }] }, null, [[], {}], true, -2.5e3];
    expect(await elements(Buffer.from(` \n${JSON.stringify(mixed)}\n`), 1)).toEqual(mixed);
    expect(await elements(Buffer.from("[]"), 1)).toEqual([]);
  });

  it("reads a WuDao-style .json file as records (sniffed, not taken as JSON Lines), with title + content joined", async () => {
    const dir = await tempDir();
    const records = wudaoRecords(12);
    const file = join(dir, "part-2021270707.json");
    await writeFile(file, JSON.stringify(records));
    const stats = new Stats("read");
    const docs = await collect(
      read(file, { idField: "uniqueKey", text: { kind: "fields", fields: ["title", "content"], skipRepeatedHead: true } }).open({
        rank: 0,
        worldSize: 1,
        stats,
        signal: new AbortController().signal,
      }),
    );
    expect(docs.map((d) => d.id)).toEqual(records.map((r) => r.uniqueKey));
    docs.forEach((d, i) => {
      const r = records[i]!;
      expect(d.text).toBe(r.content.startsWith(r.title) ? r.content : `${r.title}\n${r.content}`);
      expect(d.meta).toEqual({ id: r.id, titleUkey: r.titleUkey, dataType: r.dataType });
    });
    expect(stats.get("files_json_array")).toBe(1);
  });

  it("a file cut in the middle delivers every complete record, then an error naming the byte offset", async () => {
    const dir = await tempDir();
    const records = wudaoRecords(10);
    const whole = JSON.stringify(records);
    const cutAt = whole.indexOf(`"uniqueKey":"k7"`) + 5;
    const file = join(dir, "part-cut.json");
    await writeFile(file, whole.slice(0, cutAt));
    const seen: string[] = [];
    const run = async () => {
      for await (const d of read(file, { idField: "uniqueKey", textField: "content" })) seen.push(d.id);
    };
    await expect(run()).rejects.toThrow(InputError);
    expect(seen).toEqual(["k0", "k1", "k2", "k3", "k4", "k5", "k6"]);
    const start = Buffer.byteLength(whole.slice(0, whole.lastIndexOf("{", cutAt)));
    await expect(run()).rejects.toThrow(new RegExp(`ends at byte ${Buffer.byteLength(whole.slice(0, cutAt))} inside the record that starts at byte ${start}`));
    // an array cut between records, and a bad element under onError skip
    await writeFile(file, whole.slice(0, whole.indexOf(`,{"id":3`)));
    await expect(collect(read(file, { textField: "content" }))).rejects.toThrow(/before the JSON array is closed/);
    await writeFile(file, `[${JSON.stringify(records[0])},{"content": nope},${JSON.stringify(records[1])}]`);
    expect((await collect(read(file, { textField: "content", onError: "skip" }))).map((d) => d.text)).toEqual([records[0]!.content, records[1]!.content]);
  });

  it("scans in linear time, also through one long string full of escapes", async () => {
    const one = JSON.stringify(wudaoRecords(1)[0]);
    const count = async (bytes: Buffer) => {
      let n = 0;
      async function* chunks() {
        for (let i = 0; i < bytes.length; i += 1 << 16) yield bytes.subarray(i, i + (1 << 16));
      }
      for await (const _ of jsonArrayElements(chunks(), "x.json")) n++;
      return n;
    };
    const many = (n: number) => Buffer.from(`[${Array(n).fill(one).join(",")}]`);
    const escapes = (n: number) => Buffer.from(`[${JSON.stringify({ content: 'a"\\b'.repeat(n * 20) })}]`);
    expect(await timeExponent((n) => count(many(n)), 500, { factor: 16 })).toBeLessThan(1.6);
    expect(await timeExponent((n) => count(escapes(n)), 500, { factor: 16 })).toBeLessThan(1.6);
  });
});

describe("format sniffing", () => {
  it("reads a .json file holding JSON Lines (nlp_chinese_corpus) and an extensionless wikiextractor file", async () => {
    const dir = await tempDir();
    const news = udhr.slice(0, 5).map((u, i) => ({ news_id: `n${i}`, title: `T${i}`, content: u.text, source: "udhr" }));
    await writeFile(join(dir, "news2016zh_valid.json"), news.map((r) => JSON.stringify(r)).join("\n"));
    const docs = await collect(read(join(dir, "news2016zh_valid.json"), { idField: "news_id", text: { kind: "fields", fields: ["title", "content"] } }));
    expect(docs.map((d) => d.text)).toEqual(news.map((r) => `${r.title}\n${r.content}`));

    const blocks = udhr
      .slice(0, 3)
      .map((u, i) => `<doc id="${i + 10}" url="https://zh.wikipedia.org/wiki?curid=${i + 10}" title="A &amp; ${i}">\nA & ${i}\n\n${u.text}\n</doc>`);
    await writeFile(join(dir, "wiki_00"), `${blocks.join("\n")}\n`);
    const wiki = await collect(read(join(dir, "wiki_00"), { format: "json" }));
    expect(wiki.map((d) => d.id)).toEqual(["10", "11", "12"]);
    expect(wiki[0]!.text).toBe(`A & 0\n\n${udhr[0]!.text}`);
    expect(wiki[0]!.meta).toEqual({ url: "https://zh.wikipedia.org/wiki?curid=10", title: "A & 0" });
    await writeFile(join(dir, "wiki_01"), blocks[0]!.slice(0, -7));
    await expect(collect(read(join(dir, "wiki_01"), { format: "json" }))).rejects.toThrow(/cut short/);
  });
});
