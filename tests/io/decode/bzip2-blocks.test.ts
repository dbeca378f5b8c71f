// bzip2 cut into blocks (src/io/decode/bzip2-blocks.ts) on files made by the reference `bzip2` tool:
// every block rewrapped as a stream of its own decodes, in order, to the file's bytes.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blockDecoder, decodeBlock } from "../../../src/io/decode/bzip2-block-decoder.js";
import { Bzip2BlockSplitter, blockCrc, combineCrc, joinPieces, pieceStream, type BlockPiece } from "../../../src/io/decode/bzip2-blocks.js";
import { bunzip2Chunks } from "../../../src/io/decode/bzip2.js";
import { FIXTURES } from "../../support.js";

const udhr = readFileSync(`${FIXTURES}/udhr.jsonl`);
/** Several 100 kB blocks of text at level 1. */
const plain = Buffer.concat(Array.from({ length: 40 }, (_, i) => Buffer.concat([Buffer.from(`copy ${i}\n`), udhr])));
const bz2 = (input: Buffer, level = 1) => execFileSync("bzip2", ["-c", `-${level}`], { input, maxBuffer: 1 << 28 });

function split(input: Buffer, chunk: number): { pieces: BlockPiece[]; truncated: boolean } {
  const s = new Bzip2BlockSplitter();
  const pieces: BlockPiece[] = [];
  for (let at = 0; at < input.length; at += chunk) pieces.push(...s.push(input.subarray(at, at + chunk)));
  const end = s.end();
  return { pieces: [...pieces, ...end.pieces], truncated: end.truncated };
}

async function decodeAll(pieces: BlockPiece[]): Promise<Buffer> {
  const d = await blockDecoder();
  return Buffer.concat(pieces.map((p) => decodeBlock(d, pieceStream(p), p.level)));
}

describe("bzip2 blocks", () => {
  it("cuts a multi-block file into blocks that decode, in order, to the input, whatever the chunk size", async () => {
    const file = bz2(plain);
    for (const chunk of [997, 4096, file.length]) {
      const { pieces, truncated } = split(file, chunk);
      expect(truncated).toBe(false);
      expect(pieces.length).toBeGreaterThan(3);
      expect(pieces.at(-1)!.last).toBe(true);
      expect((await decodeAll(pieces)).equals(plain)).toBe(true);
    }
  });

  it("concatenated streams (cat a.bz2 b.bz2), an empty stream and trailing garbage", async () => {
    const file = Buffer.concat([bz2(plain.subarray(0, 300_000)), bz2(Buffer.alloc(0)), bz2(plain.subarray(300_000), 9), Buffer.from("garbage")]);
    const { pieces, truncated } = split(file, 65536);
    expect(truncated).toBe(false);
    expect((await decodeAll(pieces)).equals(plain)).toBe(true);
  });

  it("a cut file: the complete blocks, then truncated", async () => {
    const file = bz2(plain);
    const { pieces, truncated } = split(file.subarray(0, Math.floor(file.length * 0.7)), 65536);
    expect(truncated).toBe(true);
    const out = await decodeAll(pieces);
    expect(out.length).toBeGreaterThan(0);
    expect(out.equals(plain.subarray(0, out.length))).toBe(true);
  });

  it("a block cut in two (as a magic look-alike would cut it) fails its CRC, and joined again decodes", async () => {
    const { pieces } = split(bz2(plain), 65536);
    const whole = pieces[1]!;
    const cutAt = 48 + 32 + 12_345; // bits into the block
    const headBits = whole.startBit + cutAt;
    const a: BlockPiece = { ...whole, bytes: whole.bytes.slice(0, (headBits + 7) >>> 3), bitLength: cutAt, last: false };
    const b: BlockPiece = { ...whole, bytes: whole.bytes.slice(headBits >>> 3), startBit: headBits & 7, bitLength: whole.bitLength - cutAt };
    const d = await blockDecoder();
    expect(() => decodeBlock(d, pieceStream(a), a.level)).toThrow();
    expect(Buffer.from(decodeBlock(d, pieceStream(joinPieces(a, b)), whole.level)).equals(Buffer.from(decodeBlock(d, pieceStream(whole), whole.level)))).toBe(
      true,
    );
  });

  it("the stream CRC: equal to the blocks' CRCs combined, and a damaged one is an error after every block is delivered", async () => {
    const file = bz2(plain);
    const { pieces } = split(file, 65536);
    expect(pieces.reduce((c, p) => combineCrc(c, blockCrc(p)), 0)).toBe(pieces.at(-1)!.streamCrc);
    const read = async (bytes: Buffer) => {
      const out: Buffer[] = [];
      const chunks = (async function* () {
        yield bytes;
      })();
      try {
        for await (const part of bunzip2Chunks(chunks, "x.bz2")) out.push(part);
      } catch (error) {
        return { out: Buffer.concat(out), error: error as Error };
      }
      return { out: Buffer.concat(out), error: undefined };
    };
    expect((await read(file)).error).toBeUndefined();
    // the last byte's first bit is the stream CRC's (fewer than 8 padding bits follow it)
    const damaged = Buffer.from(file);
    damaged[damaged.length - 1]! ^= 0x80;
    const result = await read(damaged);
    expect(result.out.equals(plain)).toBe(true);
    expect(result.error?.message).toMatch(
      /x\.bz2: corrupt bzip2 stream: stream 1's blocks each pass their CRC, but their combined CRC is \d+ where the stream says \d+/,
    );
  });

  it("input that is not bzip2 is an error", () => {
    expect(() => split(Buffer.from("not bzip2 at all, just text"), 65536)).toThrow(/not a bzip2 stream/);
  });
});
