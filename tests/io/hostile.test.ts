// Input nobody would write on purpose, which a web-scale corpus contains anyway: enormous lines,
// keys that name JavaScript's prototype machinery, control characters and every script at once.
// Each must be read, kept exactly or refused with an InputError that says where -- never a crash,
// a hang, or a changed Object.prototype.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError, makeDoc, pipe, read, readCsv, readJsonl, readText, writeJsonl, type Doc } from "../../src/index.js";
import { csvRowPieces } from "../../src/io/formats/csv-rows.js";
import { collect, collector, FIXTURES, tempDir } from "../support.js";

const MiB = 1024 * 1024;
const udhr = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => (JSON.parse(l) as { text: string }).text);

async function failure(source: AsyncIterable<unknown>): Promise<{ error: unknown; seen: number }> {
  let seen = 0;
  try {
    for await (const _ of source) seen++;
  } catch (error) {
    return { error, seen };
  }
  return { error: undefined, seen };
}

describe("enormous lines", () => {
  it("a 64 MB JSONL line reads whole (the default maxRecordBytes is 256 MiB), and the line after it too", async () => {
    const file = join(await tempDir(), "long.jsonl");
    const unit = `${udhr.join(" ")} `;
    const text = unit.repeat(Math.ceil((64 * MiB) / unit.length)).slice(0, 64 * MiB);
    await writeFile(file, `${JSON.stringify({ id: "long", text })}\n${JSON.stringify({ id: "next", text: "after" })}\n`);
    const docs = await collect(readJsonl(file));
    expect(docs.map((d) => d.id)).toEqual(["long", "next"]);
    expect(docs[0]!.text.length).toBe(text.length);
    expect(docs[0]!.text === text).toBe(true);
  });

  it("a line over maxRecordBytes: InputError with its line number; under skip, a bad record and the rest read", async () => {
    const dir = await tempDir();
    const file = join(dir, "over.jsonl.gz");
    const long = JSON.stringify({ id: "long", text: "x".repeat(3 * MiB) });
    const lines = [
      JSON.stringify({ id: "1", text: "first" }),
      long,
      JSON.stringify({ id: "3", text: "third" }),
      long,
      JSON.stringify({ id: "5", text: "fifth" }),
    ];
    await writeFile(file, gzipSync(`${lines.join("\n")}\n`));
    const { error, seen } = await failure(readJsonl(file, { maxRecordBytes: MiB }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file, line: 2 });
    expect((error as Error).message).toBe(
      `${file} line 2: line longer than maxRecordBytes (1048576 bytes); raise the option to read it; it starts the string ${JSON.stringify(`${long.slice(0, 40)}...`)}`,
    );
    expect(seen).toBe(1);

    const rejected = collector();
    const pipeline = pipe(readJsonl(file, { maxRecordBytes: MiB, onError: "skip", rejected: rejected.sink }));
    expect((await collect(pipeline)).map((d) => d.id)).toEqual(["1", "3", "5"]);
    expect(pipeline.stats.get("read_jsonl")!.get("skipped_bad_record")).toBe(2);
    expect(rejected.docs.map((d) => d.id)).toEqual([`${file}:2`, `${file}:4`]);
    // the rejected record keeps the line's first KiB, not the whole line
    expect(rejected.docs[0]!.text).toBe(long.slice(0, 1024));
  });

  it("lines over the limit inside one read chunk are caught too", async () => {
    const file = join(await tempDir(), "short.jsonl");
    await writeFile(file, ['{"text":"ok"}', `{"text":"${"y".repeat(300)}"}`, '{"text":"fine"}', `{"text":"${"z".repeat(300)}"}`].join("\n"));
    const pipeline = pipe(readJsonl(file, { maxRecordBytes: 100, onError: "skip" }));
    expect((await collect(pipeline)).map((d) => d.text)).toEqual(["ok", "fine"]);
    expect(pipeline.stats.get("read_jsonl")!.get("skipped_bad_record")).toBe(2);
  });

  it("text files: a document, line or paragraph over maxRecordBytes is a bad record naming where", async () => {
    const dir = await tempDir();
    const file = join(dir, "big.txt");
    await writeFile(file, `short one\n\n${"w".repeat(5000)}\nmore of it\n\nthe end\n`);
    const whole = await failure(readText(file, { maxRecordBytes: 1000 }));
    expect((whole.error as Error).message).toBe(
      `${file}: document longer than maxRecordBytes (1000 characters); raise the option, or read it with split "paragraph" or "line"`,
    );
    const rejected = collector();
    const paragraphs = pipe(readText(file, { maxRecordBytes: 1000, split: "paragraph", onError: "skip", rejected: rejected.sink }));
    expect((await collect(paragraphs)).map((d) => d.text)).toEqual(["short one", "the end"]);
    expect(rejected.docs[0]!.meta.error).toBe(`${file} line 3: paragraph longer than maxRecordBytes (1000 characters); raise the option`);
    const lines = await collect(readText(file, { maxRecordBytes: 1000, split: "line", onError: "skip" }));
    expect(lines.map((d) => d.text)).toEqual(["short one", "more of it", "the end"]);
  });

  it("a CSV cell of 3 MB reads whole, and fast-csv is handed whole rows only: each character once, not rescanned", async () => {
    // fast-csv keeps an unfinished row and scans it again from its start whenever more text comes,
    // quadratic in the row's length: a 32 MB cell took 29 s. What it is handed is counted here, not
    // timed: the text cut into the reader's pieces must reach it in pieces that each end a row, and
    // no character twice. (Passing the pieces straight through, as before the fix, fails this.)
    const dir = await tempDir();
    const file = join(dir, "cell.csv");
    const cell = "a quoted, multi-line\ncell ".repeat(Math.round((3 * MiB) / 25));
    const csv = `id,text\n1,"${cell}"\n2,after\n`;
    await writeFile(file, csv);
    const docs = await collect(readCsv(file));
    expect(docs.map((d) => d.text.length)).toEqual([cell.length, 5]);
    async function* slices(size: number) {
      for (let at = 0; at < csv.length; at += size) yield csv.slice(at, at + size);
    }
    const handed = await collect(csvRowPieces(slices(64 * 1024), { delimiter: ",", quote: '"', maxRowChars: 256 * MiB, file }));
    expect(handed.reduce((sum, piece) => sum + piece.length, 0)).toBe(csv.length);
    expect(handed.every((piece) => piece.endsWith("\n"))).toBe(true);
    expect(handed.length).toBeLessThanOrEqual(3); // the header, the long row, the last row
    const { error } = await failure(readCsv(file, { maxRecordBytes: MiB }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${file} line 2: a CSV row longer than maxRecordBytes (${MiB} characters); raise the option to read it`);
  });
});

describe("deep nesting", () => {
  it("a record nested deeper than 1,000 levels is a bad record, not a stack overflow at the writer", async () => {
    const dir = await tempDir();
    const file = join(dir, "deep.jsonl");
    const nested = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    // 999 levels inside the record's own object: 1,000 in all, as deep as Python's json reads
    const lines = ['{"text": "ok"}', `{"text": "deep", "deep": ${nested(5000)}}`, `{"text": "fine", "metadata": {"deep": ${nested(999)}}}`];
    await writeFile(file, `${lines.join("\n")}\n`);
    const { error } = await failure(readJsonl(file));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${file} line 2: field "deep" is nested deeper than 1000 levels`);
    const pipeline = pipe(readJsonl(file, { onError: "skip" }), writeJsonl(join(dir, "out"), { compression: "none" }));
    const { result, stats } = await pipeline;
    expect(result.documents).toBe(2);
    expect(stats.get("read_jsonl")!.get("skipped_bad_record")).toBe(1);
    expect((await collect(readJsonl(join(dir, "out")))).map((d) => d.text)).toEqual(["ok", "fine"]);
  });
});

describe("keys named __proto__, constructor, prototype", () => {
  it("stay plain data at the top level and inside metadata; Object.prototype is never touched", async () => {
    const dir = await tempDir();
    const file = join(dir, "proto.jsonl");
    const lines = [
      '{"text": "top", "__proto__": {"polluted": "top"}, "constructor": {"prototype": {"polluted": "ctor"}}, "prototype": {"polluted": "proto"}}',
      '{"text": "inner", "metadata": {"__proto__": {"polluted": "meta"}, "constructor": {"prototype": {"polluted": 1}}, "prototype": 2, "nested": {"__proto__": {"polluted": 3}}}}',
      '{"__proto__": "the text field", "id": "p", "text": "not this one"}',
    ];
    await writeFile(file, `${lines.join("\n")}\n`);
    const docs = await collect(readJsonl(file));
    const clean = () => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
    };
    clean();
    for (const doc of docs) expect(Object.getPrototypeOf(doc.meta)).toBe(Object.prototype);
    expect(Object.keys(docs[0]!.meta)).toEqual(["__proto__", "constructor", "prototype"]);
    expect(Object.getOwnPropertyDescriptor(docs[0]!.meta, "__proto__")!.value).toEqual({ polluted: "top" });
    expect(Object.keys(docs[1]!.meta)).toEqual(["__proto__", "constructor", "prototype", "nested"]);
    expect(docs[1]!.meta.prototype).toBe(2);
    // a record field may even be the text field
    expect((await collect(readJsonl(file, { textField: "__proto__", onError: "skip" }))).map((d) => d.text)).toEqual(["the text field"]);

    // written and read back, through every step that copies metadata, the keys survive as data
    const out = join(dir, "out");
    await pipe(docs, writeJsonl(out, { compression: "none" }));
    const again = await collect(readJsonl(out));
    expect(again.map((d) => Object.keys(d.meta))).toEqual(docs.map((d) => Object.keys(d.meta)));
    expect(Object.getOwnPropertyDescriptor(again[1]!.meta, "__proto__")!.value).toEqual({ polluted: "meta" });
    const made = makeDoc("m", "t", again[0]!.meta);
    expect(Object.getPrototypeOf(made.meta)).toBe(Object.prototype);
    expect(Object.keys(made.meta)).toEqual(["__proto__", "constructor", "prototype"]);
    clean();
  });
});

describe("columns named __proto__, constructor, prototype in CSV and Parquet", () => {
  it("are kept as fields (fast-csv and hyparquet build rows by assignment, which dropped __proto__)", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "proto.csv"), 'text,__proto__,constructor,prototype\nhello,"{""polluted"": 1}",c,p\n');
    await writeFile(join(dir, "proto.tsv"), "__proto__\ttext\nfirst\tsecond\n");
    const { parquetWriteBuffer } = await import("hyparquet-writer");
    const columnData = [
      { name: "text", data: ["hi"] },
      { name: "__proto__", data: ["x"] },
      { name: "constructor", data: ["y"] },
    ];
    await writeFile(join(dir, "proto.parquet"), Buffer.from(parquetWriteBuffer({ columnData })));
    const [csv, parquet, tsv] = [
      ...(await collect(readCsv(join(dir, "proto.csv")))),
      ...(await collect(read(join(dir, "proto.parquet")))),
      ...(await collect(readCsv(join(dir, "proto.tsv"), { textField: "__proto__" }))),
    ];
    expect(Object.keys(csv!.meta)).toEqual(["__proto__", "constructor", "prototype"]);
    expect(Object.getOwnPropertyDescriptor(csv!.meta, "__proto__")!.value).toBe('{"polluted": 1}');
    expect(Object.keys(parquet!.meta)).toEqual(["__proto__", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(parquet!.meta, "__proto__")!.value).toBe("x");
    expect(tsv!.text).toBe("first");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const doc of [csv!, parquet!, tsv!]) expect(Object.getPrototypeOf(doc.meta)).toBe(Object.prototype);
  });
});

describe("control characters and mixed scripts", () => {
  const nasty = [
    "NUL\u0000inside, and \u0001\u0007\u001b[31m escapes",
    "lone surrogates: \ud800 high, \udfff low, \udc00\ud800 reversed",
    "bidi: \u202eevil.exe\u202c \u2066isolate\u2069 \u200f",
    "zero width: a\u200bb\u200cc\u200dd \ufeff BOM inside",
    "family 👩‍👩‍👧‍👦 flag 🇯🇵 skin 👍🏽 keycap 1️⃣",
    "مرحبا بالعالم 你好，世界 שלום עולם こんにちは 안녕하세요 Привет γειά σου",
    "line\u2028separator\u2029paragraph\r\nCRLF\rCR\u0085NEL\u000b\u000c",
    '\\u0000 written out, "quotes", backslash \\ and </script>',
  ];

  for (const compression of ["none", "gzip", "zstd"] as const) {
    it(`writeJsonl -> readJsonl (${compression}) keeps every character, in text, ids and metadata`, async () => {
      const dir = await tempDir();
      const docs: Doc[] = nasty.map((text, i) => ({ id: `${i}:${text.slice(0, 12)}`, text, meta: { [text.slice(0, 8)]: text, list: [text] } }));
      await pipe(docs, writeJsonl(dir, { compression }));
      expect(await collect(readJsonl(dir))).toEqual(docs);
    });
  }
});
