// Decompression bombs: ~1 MB that expands to 1 GiB. The readers must refuse them while streaming,
// with an InputError naming the file and the limit, in little memory and time -- never by first
// holding the output. Bombs are built here in small steps, so the test itself stays small too.
import { createWriteStream, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { createGzip, gzipSync } from "node:zlib";
import { compress as zstd } from "@mongodb-js/zstd";
import { describe, expect, it } from "vitest";
import { InputError, pipe, read, readCsv, readJsonl, readText, readWarc, type DocSource } from "../../../src/index.js";
import { EXPANSION_FLOOR } from "../../../src/io/decode/expansion-limit.js";
import { collect, collector, FIXTURES, tempDir } from "../../support.js";

const MiB = 1024 * 1024;

/** One gzip member of 64 MiB of zeros (~64 KB), written 1 MiB at a time, repeated 16 times: 1 GiB. */
async function gzipBomb(file: string): Promise<number> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on("data", (c: Buffer) => parts.push(c));
  const zeros = Buffer.alloc(MiB);
  for (let i = 0; i < 64; i++) if (!gzip.write(zeros)) await once(gzip, "drain");
  gzip.end();
  await once(gzip, "end");
  const member = Buffer.concat(parts);
  const out = createWriteStream(file);
  for (let i = 0; i < 16; i++) out.write(member);
  out.end();
  await once(out, "close");
  return member.length * 16;
}

/** zstd frames of 1 MiB of zeros (~50 bytes each), 1024 of them: 1 GiB from ~50 KB. */
async function zstdBomb(file: string): Promise<number> {
  const frame = await zstd(Buffer.alloc(MiB), 19);
  await writeFile(file, Buffer.concat(Array.from({ length: 1024 }, () => frame)));
  return frame.length * 1024;
}

/**
 * Drain `source`, sampling the resident set; the error it ends with and the peak growth. Where the
 * reader stopped is read from the error's byte count, not from a time, which a loaded machine makes
 * long whatever the code does.
 */
async function drain(source: DocSource): Promise<{ error: unknown; rssGrowth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  let error: unknown;
  try {
    await collect(source);
  } catch (e) {
    error = e;
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { error, rssGrowth: peak - before };
}

describe("decompression bombs", () => {
  it("a 1 GiB gzip bomb (~1 MB): InputError naming the file and maxExpansion, at 100x and in under 200 MB", async () => {
    const file = join(await tempDir(), "bomb.jsonl.gz");
    const size = await gzipBomb(file);
    expect(size).toBeLessThan(1.1 * MiB);
    const { error, rssGrowth } = await drain(readJsonl(file));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe(file);
    expect((error as Error).message).toMatch(
      new RegExp(`^${file}: decompressed output \\(\\d+ bytes\\) passed 100 times the ${size} compressed bytes read \\(maxExpansion\\)`),
    );
    // stopped at 100x the compressed size (~100 MB), not at 1 GiB
    expect(Number(/output \((\d+) bytes/.exec((error as Error).message)![1])).toBeLessThan(100 * size + 2 * MiB);
    expect(rssGrowth).toBeLessThan(200 * MiB);
  });

  it("a 1 GiB zstd bomb (~50 KB): stopped just past the 64 MiB floor", async () => {
    const file = join(await tempDir(), "bomb.jsonl.zst");
    await zstdBomb(file);
    const { error, rssGrowth } = await drain(readJsonl(file));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`${file}: decompressed output`);
    expect((error as Error).message).toContain("maxExpansion");
    expect(Number(/output \((\d+) bytes/.exec((error as Error).message)![1])).toBeLessThan(EXPANSION_FLOOR + 2 * MiB);
    expect(rssGrowth).toBeLessThan(200 * MiB);
  });

  it("text and CSV readers are guarded the same way", async () => {
    const dir = await tempDir();
    await zstdBomb(join(dir, "bomb.txt.zst"));
    await zstdBomb(join(dir, "bomb.csv.zst"));
    for (const source of [readText(join(dir, "bomb.txt.zst")), readCsv(join(dir, "bomb.csv.zst"))]) {
      const { error, rssGrowth } = await drain(source);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain("maxExpansion");
      expect(rssGrowth).toBeLessThan(200 * MiB);
    }
  });

  it("under onError skip, a bomb is one skipped file and the next file is read", async () => {
    const dir = await tempDir();
    await zstdBomb(join(dir, "a-bomb.jsonl.zst"));
    await writeFile(join(dir, "b.jsonl.gz"), readFileSync(`${FIXTURES}/udhr.jsonl.gz`));
    const rejected = collector();
    const pipeline = pipe(read(dir, { onError: "skip", rejected: rejected.sink }));
    const docs = await collect(pipeline);
    expect(docs).toHaveLength(8);
    expect(pipeline.stats.get("read")!.get("skipped_bad_file")).toBe(1);
    expect(rejected.docs.map((d) => d.id)).toEqual([join(dir, "a-bomb.jsonl.zst")]);
  });

  it("maxDecompressedBytes caps the output whatever the ratio; a raised maxExpansion is honoured", async () => {
    const dir = await tempDir();
    const file = join(dir, "bomb.jsonl.zst");
    await zstdBomb(file);
    const error = await collect(readJsonl(file, { maxExpansion: 1e9, maxDecompressedBytes: 80 * MiB })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${file}: decompressed output passed ${80 * MiB} bytes (maxDecompressedBytes); raise the option to read this file`);
    const small = await collect(readJsonl(`${FIXTURES}/udhr.jsonl.gz`, { maxDecompressedBytes: 1000 })).catch((e: unknown) => e);
    expect((small as Error).message).toMatch(/udhr\.jsonl\.gz: decompressed output passed 1000 bytes/);
  });

  it("a small file that compresses far past 100x still reads: the ratio is checked only past 64 MiB", async () => {
    const file = join(await tempDir(), "repeated.jsonl.gz");
    const line = `${JSON.stringify({ text: "the same line again" })}\n`;
    const body = line.repeat((20 * MiB) / line.length);
    const packed = gzipSync(body, { level: 9 });
    expect(body.length / packed.length).toBeGreaterThan(200);
    await writeFile(file, packed);
    expect((await collect(readJsonl(file))).length).toBe(body.length / line.length);
  });

  it("a .warc.gz bomb of many records, each under maxRecordBytes: stopped by maxExpansion at the record it reached", async () => {
    // 16 identical gzip members, each one record of 32 MiB of spaces (~32 KB packed): 512 MiB in all
    const body = Buffer.alloc(32 * MiB, 0x20);
    const header = Buffer.from(
      `WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <urn:uuid:bomb>\r\nWARC-Target-URI: https://example.org/bomb\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    const member = gzipSync(Buffer.concat([header, body, Buffer.from("\r\n\r\n")]), { level: 9 });
    const file = join(await tempDir(), "bomb.warc.gz");
    await writeFile(file, Buffer.concat(Array.from({ length: 16 }, () => member)));
    const { error, rssGrowth } = await drain(readWarc(file));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain("maxExpansion");
    expect((error as InputError).file).toBe(file);
    // stopped inside the file, past its first record: not at its end, 512 MiB on
    expect((error as InputError).record).toBeGreaterThan(1);
    expect((error as InputError).record).toBeLessThan(16);
    expect(rssGrowth).toBeLessThan(200 * MiB);
  });

  it("a WARC record declaring a body over maxRecordBytes is skipped by streaming past it, the next one read", async () => {
    const record = (id: number, body: Buffer) =>
      gzipSync(
        Buffer.concat([
          Buffer.from(
            `WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <urn:uuid:${id}>\r\nWARC-Target-URI: https://example.org/${id}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`,
          ),
          body,
          Buffer.from("\r\n\r\n"),
        ]),
      );
    const file = join(await tempDir(), "big.warc.gz");
    await writeFile(file, Buffer.concat([record(1, Buffer.alloc(8 * MiB, "a")), record(2, Buffer.from("a small page"))]));
    const rejected = collector();
    const pipeline = pipe(readWarc(file, { maxRecordBytes: MiB, onError: "skip", rejected: rejected.sink }));
    const docs = await collect(pipeline);
    expect(docs.map((d) => d.text)).toEqual(["a small page"]);
    expect(pipeline.stats.get("read_warc")!.get("skipped_bad_record")).toBe(1);
    expect(rejected.docs[0]!.meta.error).toBe(
      `${file} record 1: record body of ${8 * MiB} bytes is longer than maxRecordBytes (${MiB}); raise the option to read it`,
    );
    await expect(collect(readWarc(file, { maxRecordBytes: MiB }))).rejects.toThrow(InputError);
  });
});
