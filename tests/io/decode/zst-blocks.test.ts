// Arctic Shift's .zst_blocks container (built by tests/zst-blocks-file.ts, rows stored out of table
// order), with a row pretty-printed over several lines.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compress } from "@mongodb-js/zstd";
import { describe, expect, it } from "vitest";
import { InputError, read } from "../../../src/index.js";
import { unzstBlocksChunks } from "../../../src/io/decode/zst-blocks.js";
import { collect, FIXTURES, tempDir } from "../../support.js";
import { sized, zstBlocksFile } from "../../zst-blocks-file.js";

const texts = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => (JSON.parse(l) as { text: string }).text);
const records = Array.from({ length: 40 }, (_, i) => ({ id: `r${i}`, body: texts[i % texts.length]!.slice(i, 300 + i * 7), created_utc: 1680307200 + i }));

/** The rows in blocks of `perBlock`; the third row is pretty-printed (newlines between tokens). */
function zstBlocks(rows: object[], perBlock: number): Promise<Buffer> {
  return zstBlocksFile(
    rows.map((r, i) => Buffer.from(i === 2 ? JSON.stringify(r, null, 2) : JSON.stringify(r))),
    perBlock,
  );
}

async function* chunked(data: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function lines(data: Buffer, size: number): Promise<string[]> {
  const parts: Buffer[] = [];
  for await (const part of unzstBlocksChunks(chunked(data, size), "RC_2023-04.zst_blocks")) parts.push(part);
  return Buffer.concat(parts).toString("utf8").split("\n").slice(0, -1);
}

describe("zst_blocks", () => {
  it("gives every row once, in table order, one per line, at any read size", async () => {
    const data = await zstBlocks(records, 7);
    for (const size of [1, 3, 5000, 1 << 20]) {
      const got = await lines(data, size);
      expect(got.map((l) => JSON.parse(l) as object)).toEqual(records);
    }
  });

  it("reads as JSON Lines by its name, with the row number as the line", async () => {
    const dir = await tempDir();
    const file = join(dir, "RC_2023-04.zst_blocks");
    await writeFile(file, await zstBlocks(records, 5));
    const docs = await collect(read(file, { textField: "body" }));
    expect(docs.map((d) => d.text)).toEqual(records.map((r) => r.body));
    expect(docs.map((d) => d.id)).toEqual(records.map((r) => r.id));
  });

  it("delivers every complete block of a cut file, then names where it ends", async () => {
    const data = await zstBlocks(records.slice(0, 12), 5);
    const cut = data.subarray(0, data.length - 10);
    const got: string[] = [];
    const error = await (async () => {
      try {
        for await (const part of unzstBlocksChunks(chunked(cut, 4096), "RC_2023-04.zst_blocks")) got.push(...part.toString("utf8").split("\n").slice(0, -1));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(got).toHaveLength(10);
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(/RC_2023-04\.zst_blocks: truncated zst_blocks file: block 3 \(byte \d+\) should hold \d+ bytes, the file ends after \d+/);
  });

  it("refuses plain zstd and damaged row tables, naming the block", async () => {
    const plain = Buffer.from(await compress(Buffer.from(records.map((r) => JSON.stringify(r)).join("\n")), 3));
    await expect(lines(plain, 65536)).rejects.toThrow(/not a zst_blocks file, or damaged: block 1 \(byte 0\)/);
    const data = await zstBlocks(records.slice(0, 4), 2);
    // a second block whose table points past its rows
    const table = Buffer.alloc(12);
    table.writeUInt32LE(1, 0);
    table.writeUInt32LE(0, 4);
    table.writeUInt32LE(500, 8);
    const bad = Buffer.concat([data.subarray(0, data.readUInt32LE(0) + 4), sized(Buffer.from(await compress(Buffer.concat([table, Buffer.from("{}")]), 3)))]);
    await expect(lines(bad, 65536)).rejects.toThrow(
      /damaged zst_blocks block 2 \(byte \d+\): row 1 \(offset 0, 500 bytes\) runs past the block's 2 bytes of rows/,
    );
  });

  it("keeps the decompression limits", async () => {
    const dir = await tempDir();
    const file = join(dir, "RS_2023-04.zst_blocks");
    await writeFile(file, await zstBlocks(records, 5));
    await expect(collect(read(file, { textField: "body", maxDecompressedBytes: 2000 }))).rejects.toThrow(/maxDecompressedBytes/);
  });
});
