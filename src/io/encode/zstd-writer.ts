// zstd output for shards. Node 20's zlib has no zstd and no maintained pure-JS zstd *encoder*
// exists, so this uses @mongodb-js/zstd 1.2.2 (native, shipped as a registry prebuild; 7.x needs
// GitHub at install time). Its API is one-shot, so input is cut into 1 MiB blocks, each compressed
// as its own frame: concatenated frames are one valid zstd stream (RFC 8878 section 3.1), which
// `zstd -d`, Python's zstandard and datatrove's readers all decode.
import { Transform, type TransformCallback } from "node:stream";
import { MissingDependencyError } from "../../errors.js";

const BLOCK_BYTES = 1 << 20;

type Compress = (data: Buffer, level: number) => Promise<Buffer>;
let loaded: Promise<Compress> | undefined;

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
    const compress = await loadCompressor();
    this.push(await compress(block, this.level));
  }
}
