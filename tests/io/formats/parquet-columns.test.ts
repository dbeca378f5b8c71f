// A row group crosses from the decoder thread to the reader column by column, text as UTF-8 bytes
// (src/io/formats/parquet-columns.ts): whatever the column types, the documents hold exactly what
// hyparquet decodes in this thread -- strings with nulls, empty and non-ASCII ones, dictionary pages,
// int64 past 2^53, booleans, doubles, timestamps, JSON, lists and maps (whose keys must be strings).
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { readParquet } from "../../../src/index.js";
import { collect, FIXTURES, tempDir } from "../../support.js";

const paragraphs = readFileSync(`${FIXTURES}/udhr-paragraphs.tsv`, "utf8")
  .trim()
  .split("\n")
  .map((l) => l.split("\t"));
const rows = paragraphs.slice(0, 40);
const LICENSE = "Universal Declaration of Human Rights, United Nations General Assembly resolution 217 A, 1948. ".repeat(4);

const schema: NonNullable<Parameters<typeof parquetWriteBuffer>[0]["schema"]> = [
  { name: "root", num_children: 11 },
  { name: "id", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
  { name: "text", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
  { name: "lang", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
  { name: "license", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
  { name: "n", type: "INT64", repetition_type: "OPTIONAL" },
  { name: "flag", type: "BOOLEAN", repetition_type: "OPTIONAL" },
  { name: "score", type: "DOUBLE", repetition_type: "OPTIONAL" },
  { name: "when", type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type: "OPTIONAL" },
  { name: "extra", type: "BYTE_ARRAY", converted_type: "JSON", repetition_type: "OPTIONAL" },
  { name: "tags", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
  { name: "attrs", repetition_type: "OPTIONAL", converted_type: "MAP", num_children: 1 },
  { name: "key_value", repetition_type: "REPEATED", num_children: 2 },
  { name: "key", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
  { name: "value", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
];

function columnData() {
  return [
    { name: "id", data: rows.map((r) => r[0]!) },
    // an empty text is counted and skipped by the reader, as for every format
    { name: "text", data: rows.map((r, i) => (i === 5 ? "" : r[2]!)) },
    { name: "lang", data: rows.map((r, i) => (i % 7 === 3 ? null : r[1]!)) },
    // one long value repeated: a dictionary page, read back as one string per distinct value
    { name: "license", data: rows.map((_, i) => (i % 3 === 0 ? null : i % 2 === 0 ? LICENSE : "CC0 — ©")) },
    { name: "n", data: rows.map((_, i) => (i % 5 === 0 ? null : i % 2 ? BigInt(i) * 1_000_000_007n : 2n ** 60n + BigInt(i))) },
    { name: "flag", data: rows.map((_, i) => (i % 4 === 0 ? null : i % 3 === 0)) },
    { name: "score", data: rows.map((_, i) => (i % 6 === 0 ? null : i / 7)) },
    { name: "when", data: rows.map((_, i) => (i % 8 === 0 ? null : new Date(Date.UTC(1948, 11, 10) + i * 86_400_000))) },
    { name: "extra", data: rows.map((_, i) => (i % 9 === 0 ? null : { article: i, words: ["dignity", "rights"] })) },
    { name: "tags", data: rows.map((r, i) => (i % 10 === 0 ? null : i % 4 === 0 ? [] : [r[1]!, "udhr", `p${i}`])) },
    { name: "attrs", data: rows.map((r, i) => (i % 11 === 0 ? null : { source: "udhr", lang: r[1]!, note: i % 2 ? null : "é" })) },
  ];
}

/** What the reader makes of a row that hyparquet decoded in this thread: text and id out, int64 plain. */
function expectedDoc(row: Record<string, unknown>) {
  const { id, text, ...rest } = row;
  const meta = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, typeof v === "bigint" ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v]),
  );
  return { id, text, meta };
}

describe("row groups cross to the reader", () => {
  for (const codec of ["SNAPPY", "UNCOMPRESSED"] as const) {
    it(`${codec} pages, several row groups: every value as hyparquet decodes it here`, async () => {
      const bytes = parquetWriteBuffer({ schema, columnData: columnData(), codec, rowGroupSize: 16 });
      const file = join(await tempDir(), "types.parquet");
      await writeFile(file, Buffer.from(bytes));
      const reference = (await parquetReadObjects({ file: bytes, compressors })) as Record<string, unknown>[];
      const expected = reference.filter((r) => r.text !== "").map(expectedDoc);
      const docs = await collect(readParquet(file));
      expect(docs.map((d) => ({ id: d.id, text: d.text, meta: d.meta }))).toEqual(expected);
      expect(docs.some((d) => d.meta.license === LICENSE)).toBe(true);
      expect(docs.find((d) => typeof d.meta.n === "string")?.meta.n).toMatch(/^115292150460684\d{4}$/);
      expect(docs[1]!.meta.attrs).toEqual({ source: "udhr", lang: rows[1]![1], note: null });
    });
  }

  it("selected columns, nested and flat mixed, come in the order asked, as before", async () => {
    const file = join(await tempDir(), "types.parquet");
    await writeFile(file, Buffer.from(parquetWriteBuffer({ schema, columnData: columnData(), rowGroupSize: 16 })));
    const docs = await collect(readParquet(file, { columns: ["attrs", "lang", "n"] }));
    expect(Object.keys(docs[1]!.meta)).toEqual(["attrs", "lang", "n"]);
    expect(docs[1]!.meta.attrs).toEqual({ source: "udhr", lang: rows[1]![1], note: null });
  });
});
