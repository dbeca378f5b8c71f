// JSON Lines, including the bad input a real corpus brings: each case is a test.
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError, pipe, readJsonl, read, writeJsonl, type Doc } from "../../../src/index.js";
import { collect, FIXTURES, tempDir } from "../../support.js";

const lines = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8").trim().split("\n");
const texts = lines.map((l) => (JSON.parse(l) as { text: string }).text);

describe("readJsonl", () => {
  it("maps textField and idField, and merges a metadata object into meta", async () => {
    const dir = await tempDir();
    const file = join(dir, "fields.jsonl");
    await writeFile(
      file,
      [
        JSON.stringify({ content: texts[0], doc_id: 7, metadata: { url: "https://a.example", dump: "CC-MAIN-2023-50" }, source: "udhr" }),
        JSON.stringify({ content: texts[1] }),
      ].join("\n"),
    );
    const docs = await collect(readJsonl(file, { textField: "content", idField: "doc_id" }));
    expect(docs[0]).toEqual({ id: "7", text: texts[0], meta: { url: "https://a.example", dump: "CC-MAIN-2023-50", source: "udhr" } });
    expect(docs[1]!.id).toBe(`${file}:2`);
  });

  it("names the file and line of a malformed line", async () => {
    const dir = await tempDir();
    const file = join(dir, "bad.jsonl");
    await writeFile(file, `${lines[0]}\n${lines[1]}\n{"text": "unterminated\n${lines[2]}\n`);
    const seen: Doc[] = [];
    const error = await (async () => {
      try {
        for await (const doc of readJsonl(file)) seen.push(doc);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(new RegExp(`${file} line 3: invalid JSON`));
    expect((error as InputError).line).toBe(3);
    expect(seen.map((d) => d.text)).toEqual(texts.slice(0, 2));
  });

  it("with onError skip, counts a malformed line and writes it to rejected", async () => {
    const dir = await tempDir();
    const file = join(dir, "bad.jsonl");
    await writeFile(file, `${lines[0]}\n]\n${lines[1]}\n{"id": 5}\n`);
    const { result, stats } = await pipe(
      readJsonl(file, { onError: "skip", rejected: writeJsonl(join(dir, "rejected"), { compression: "none" }) }),
      writeJsonl(join(dir, "out")),
    );
    expect(result.documents).toBe(2);
    expect(stats.get("read_jsonl")!.get("skipped_bad_record")).toBe(2);
    const rejected = readFileSync(join(dir, "rejected", "00000.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rejected.map((r) => r.text)).toEqual(["]", '{"id": 5}']);
    expect(rejected[0].metadata.filter_reason).toBe("bad_record");
    expect(rejected[0].metadata.error).toMatch(/bad\.jsonl line 2: invalid JSON/);
    expect(rejected[1].metadata.error).toMatch(/line 4: field "text" is missing/);
    expect((await collect(readJsonl(join(dir, "out")))).map((d) => d.text)).toEqual(texts.slice(0, 2));
  });

  for (const codec of ["gzip", "zstd"] as const) {
    it(`a truncated ${codec} file: InputError naming it, the records before the cut delivered`, async () => {
      const dir = await tempDir();
      // ~3 MB of records. zstd output comes out a frame at a time (writeJsonl writes 1 MiB frames),
      // so the cut must fall after at least one whole frame for records to come before it.
      const records = Array.from({ length: 1200 }, (_, i) => ({ id: `r${i}`, text: texts[i % texts.length]! }));
      await pipe(
        records.map((r) => ({ id: r.id, text: r.text, meta: {} })),
        writeJsonl(dir, { compression: codec }),
      );
      const name = codec === "gzip" ? "00000.jsonl.gz" : "00000.jsonl.zst";
      const whole = readFileSync(join(dir, name));
      const file = join(dir, `cut-${name}`);
      await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.7)));
      const seen: Doc[] = [];
      let error: unknown;
      try {
        for await (const doc of readJsonl(file)) seen.push(doc);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(new RegExp(`cut-${name.replace(/\./g, "\\.")}: truncated ${codec} stream`));
      expect(seen.length).toBeGreaterThan(300);
      expect(seen.length).toBeLessThan(records.length);
      expect(seen.map((d) => d.id)).toEqual(records.slice(0, seen.length).map((r) => r.id));
    });
  }

  it("under onError skip, a truncated file is reported and the next file still read", async () => {
    const dir = await tempDir();
    const whole = readFileSync(`${FIXTURES}/udhr.jsonl.gz`);
    await writeFile(join(dir, "a.jsonl.gz"), whole.subarray(0, 2000));
    await writeFile(join(dir, "b.jsonl.gz"), whole);
    const source = read(dir, { onError: "skip" });
    const docs = await collect(pipe(source));
    expect(docs.slice(-texts.length).map((d) => d.text)).toEqual(texts);
  });

  it("invalid UTF-8 becomes U+FFFD, counted in Stats, never a crash", async () => {
    const dir = await tempDir();
    const file = join(dir, "latin1.jsonl");
    const good = Buffer.from(`${lines[0]}\n`);
    // "café" in Latin-1 inside an otherwise UTF-8 file, plus a lone continuation byte
    const bad = Buffer.concat([Buffer.from('{"text": "caf'), Buffer.from([0xe9]), Buffer.from(" cr"), Buffer.from([0x80]), Buffer.from('me"}\n')]);
    await writeFile(file, Buffer.concat([good, bad]));
    const pipeline = pipe(readJsonl(file));
    const docs = await collect(pipeline);
    expect(docs[1]!.text).toBe("caf\uFFFD cr\uFFFDme");
    expect(pipeline.stats.get("read_jsonl")!.get("replacement_chars")).toBe(2);
    expect(docs[0]!.text).toBe(texts[0]);
  });

  it("counts only replacement characters that decoding made, not ones in valid input", async () => {
    const dir = await tempDir();
    const file = join(dir, "fffd.jsonl");
    await writeFile(file, Buffer.concat([Buffer.from('{"text": "already \uFFFD here '), Buffer.from([0xff]), Buffer.from('"}\n')]));
    const pipeline = pipe(readJsonl(file));
    await collect(pipeline);
    expect(pipeline.stats.get("read_jsonl")!.get("replacement_chars")).toBe(1);
  });

  it("reads a 50 MB single line (one copy of the line, not one per chunk)", async () => {
    const dir = await tempDir();
    const file = join(dir, "long.jsonl.gz");
    const unit = `${texts.join(" ")} `;
    const text = unit.repeat(Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(unit))).slice(0, 50 * 1024 * 1024);
    await writeFile(file, gzipSync(`${JSON.stringify({ id: "long", text })}\n${lines[0]}\n`, { level: 1 }));
    const docs = await collect(readJsonl(file));
    expect(docs).toHaveLength(2);
    expect(docs[0]!.text.length).toBe(text.length);
    expect(docs[0]!.text === text).toBe(true);
    expect(docs[1]!.text).toBe(texts[0]);
  });

  it("an empty file gives no documents and no error", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "empty.jsonl"), "");
    await writeFile(join(dir, "empty.jsonl.gz"), gzipSync(""));
    await writeFile(join(dir, "zero.jsonl.zst"), "");
    const pipeline = pipe(read(dir));
    expect(await collect(pipeline)).toEqual([]);
    expect(pipeline.stats.get("read")!.get("files")).toBe(3);
  });

  it("a missing file is an InputError naming it", async () => {
    await expect(collect(readJsonl("no/such/file.jsonl"))).rejects.toThrow(/no\/such\/file\.jsonl: no such file/);
  });

  it("a directory with no matching files is an InputError", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "sub"));
    await writeFile(join(dir, "sub", "notes.pdf"), "x");
    await expect(collect(readJsonl(dir))).rejects.toThrow(/directory has no files in a readable format/);
    await expect(collect(read(`${dir}/*.jsonl.gz`))).rejects.toThrow(/no files match this pattern/);
  });

  it("record keys such as __proto__ stay data and never reach a prototype", async () => {
    const dir = await tempDir();
    const file = join(dir, "proto.jsonl");
    await writeFile(file, '{"text": "x", "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}\n');
    const [doc] = await collect(readJsonl(file));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(doc!.meta)).toBe(Object.prototype);
    expect(Object.keys(doc!.meta)).toEqual(["__proto__", "constructor"]);
  });

  it("skip and limit count documents across files", async () => {
    const docs = await collect(read([`${FIXTURES}/udhr.jsonl`, `${FIXTURES}/udhr.jsonl.gz`], { skip: 6, limit: 4 }));
    expect(docs.map((d) => d.text)).toEqual([...texts.slice(6), ...texts.slice(0, 2)]);
  });
});
