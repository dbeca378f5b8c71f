// zstd output for shards. Node 20's zlib has no zstd and no maintained pure-JS zstd *encoder*
// exists, so this uses @mongodb-js/zstd 1.2.2 (native, shipped as a registry prebuild; 7.x needs
// GitHub at install time). Its API is one-shot, so input is cut into 1 MiB blocks, each compressed
// as its own frame: concatenated frames are one valid zstd stream (RFC 8878 section 3.1), which
// `zstd -d`, Python's zstandard and datatrove's readers all decode.
//
// That binding has no option for the frame's content checksum, which the zstd CLI writes by
// default and every decoder checks: without it a flipped bit in a shard's literals decodes into
// altered text without a word. So each frame gets one here (RFC 8878 3.1.1: the descriptor's
// Content_Checksum_flag, bit 2, and the low 4 bytes of XXH64 of the content, seed 0, after the last
// block), computed by xxhash-wasm.
import { Transform, type TransformCallback } from "node:stream";
import { MissingDependencyError } from "../../errors.js";

const BLOCK_BYTES = 1 << 20;

type Compress = (data: Buffer, level: number) => Promise<Buffer>;
let loaded: Promise<Compress> | undefined;
type Hash64 = (data: Uint8Array) => bigint;
let hasher: Promise<Hash64> | undefined;

const ZSTD_MAGIC = 0xfd2fb528;
const CHECKSUM_FLAG = 0b100;

/** The frame `compress` made, with the content checksum its binding leaves out. */
export function withContentChecksum(frame: Buffer, content: Uint8Array, h64: Hash64): Buffer {
  if (frame.length < 5 || frame.readUInt32LE(0) !== ZSTD_MAGIC) throw new Error("zstd output is not one frame");
  if (frame[4]! & CHECKSUM_FLAG) return frame;
  const out = Buffer.allocUnsafe(frame.length + 4);
  frame.copy(out);
  out[4] = frame[4]! | CHECKSUM_FLAG;
  out.writeUInt32LE(Number(h64(content) & 0xffffffffn), frame.length);
  return out;
}

function loadHasher(): Promise<Hash64> {
  hasher ??= import("xxhash-wasm").then(async (mod) => {
    const init = (mod as { default: () => Promise<{ h64Raw: (data: Uint8Array, seed?: bigint) => bigint }> }).default;
    const { h64Raw } = await init();
    return (data) => h64Raw(data, 0n);
  });
  return hasher;
}

function loadCompressor(): Promise<Compress> {
  loaded ??= import("@mongodb-js/zstd").then(
    (mod) => (mod as { compress: Compress }).compress ?? (mod as { default: { compress: Compress } }).default.compress,
    (error: unknown) => {
      loaded = undefined;
      throw new MissingDependencyError("@mongodb-js/zstd@1.2.2", "zstd output", { cause: error });
    },
  );
  return loaded;
}

export class ZstdFrameWriter extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly level: number) {
    super();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    if (this.pendingBytes < BLOCK_BYTES) return callback();
    this.flushBlock().then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.flushBlock().then(() => callback(), callback);
  }

  private async flushBlock(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const block = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const [compress, h64] = await Promise.all([loadCompressor(), loadHasher()]);
    this.push(withContentChecksum(await compress(block, this.level), block, h64));
  }
}
