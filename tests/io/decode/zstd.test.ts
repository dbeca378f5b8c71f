// The zstd driver against an independent decoder (fzstd, pure JS) on real text, at every read size.
import { readFileSync } from "node:fs";
import { decompress as fzstd } from "fzstd";
import { describe, expect, it } from "vitest";
import { InputError, pipe, writeJsonl, type Doc } from "../../../src/index.js";
import { unzstdChunks } from "../../../src/io/decode/zstd.js";
import { FIXTURES, tempDir } from "../../support.js";

async function* chunked(data: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function decodeAll(data: Buffer, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of unzstdChunks(chunked(data, size), "test.zst")) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

const texts = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => (JSON.parse(l) as { text: string }).text);

async function multiFrame(): Promise<Buffer> {
  const dir = await tempDir();
  const docs: Doc[] = Array.from({ length: 1500 }, (_, i) => ({ id: String(i), text: `${texts[i % texts.length]} ${i}`, meta: {} }));
  await pipe(docs, writeJsonl(dir, { compression: "zstd" }));
  return readFileSync(`${dir}/00000.jsonl.zst`);
}

describe("zstd decoding", () => {
  it("matches fzstd on a frame without a content size, at any read size", async () => {
    const data = readFileSync(`${FIXTURES}/udhr.jsonl.zst`);
    const expected = Buffer.from(fzstd(data));
    expect(expected.toString("utf8")).toBe(readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8"));
    for (const size of [1, 7, 100, 4096, 1 << 20]) expect((await decodeAll(data, size)).equals(expected)).toBe(true);
  });

  it("matches fzstd on several concatenated frames", async () => {
    const data = await multiFrame();
    const expected = Buffer.from(fzstd(data));
    expect(expected.length).toBeGreaterThan(3 << 20);
    for (const size of [977, 65536, 1 << 20]) expect((await decodeAll(data, size)).equals(expected)).toBe(true);
  });

  it("reports corrupt data as an InputError instead of hanging", async () => {
    const data = Buffer.from(await multiFrame());
    for (let i = 200; i < 400; i++) data[i] = data[i]! ^ 0x5a;
    await expect(decodeAll(data, 65536)).rejects.toBeInstanceOf(InputError);
  });

  it("reports data that is not zstd at all", async () => {
    await expect(decodeAll(readFileSync(`${FIXTURES}/udhr.jsonl`), 65536)).rejects.toThrow(/test\.zst: corrupt zstd stream/);
  });
});
