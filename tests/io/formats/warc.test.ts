import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
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

  describe("charsets of HTML responses (examples/data/pages.warc.gz: Debian Reference pages, four re-encoded)", () => {
    const page = (docs: { text: string; meta: Record<string, unknown> }[], path: string) => docs.find((d) => String(d.meta.url).endsWith(path))!;

    it("decodes GBK by the HTTP header, Big5 by <meta>, Shift_JIS by the HTTP header over a <meta> saying UTF-8, GB18030 by detection", async () => {
      const pipeline = pipe(readWarc("examples/data/pages.warc.gz"));
      const docs = await collect(pipeline);
      const stats = pipeline.stats.get("read_warc")!;
      expect(docs).toHaveLength(10);
      expect(stats.get("charset_http")).toBe(8);
      expect(stats.get("charset_meta")).toBe(1);
      expect(stats.get("charset_detected")).toBe(1);
      expect(stats.get("replacement_chars") ?? 0).toBe(0);
      // titles and first paragraphs as Debian ships them (debian-reference 2.100)
      expect(page(docs, "ch08.zh-cn.html").text).toContain("国际化 (I18N): 使一个软件能够处理多个语言环境。");
      expect(page(docs, "ch08.zh-tw.html").text).toContain("國際化 (I18N): 使一個軟體能夠處理多個語言環境。");
      expect(page(docs, "ch08.ja.html").text).toContain("<title>第8章 I18N と L10N</title>");
      expect(page(docs, "ch08.ja.html").text).toContain('<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"');
      expect(page(docs, "apa.zh-cn.html").text).toContain("Linux 系统是一个面向网络计算机的功能强大的计算平台。");
      for (const d of docs) expect(d.text).not.toContain("\uFFFD");
    });

    it("the same bytes read as UTF-8 would be mojibake: the charset rules are what makes them right", async () => {
      const { WARCParser } = await import("warcio");
      const bodies = new Map<string, Uint8Array>();
      for await (const rec of new WARCParser([gunzipSync(readFileSync("examples/data/pages.warc.gz"))])) {
        if (rec.warcType === "response") bodies.set(rec.warcTargetURI!, await rec.readFully(true));
      }
      const docs = await collect(readWarc("examples/data/pages.warc.gz"));
      for (const [path, encoding] of [
        ["ch08.zh-cn.html", "gbk"],
        ["ch08.zh-tw.html", "big5"],
        ["ch08.ja.html", "shift_jis"],
        ["apa.zh-cn.html", "gb18030"],
      ] as const) {
        const doc = page(docs, path);
        const body = bodies.get(String(doc.meta.url))!;
        expect(new TextDecoder("utf-8").decode(body)).toContain("\uFFFD");
        expect(doc.text).toBe(new TextDecoder(encoding).decode(body));
      }
    });
  });
});
