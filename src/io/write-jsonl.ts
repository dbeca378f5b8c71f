// JSON Lines shards in datatrove's on-disk shape `{ id, text, metadata }`, so files move between
// the two tools. Shards are written under a temporary name and renamed when complete: a crash or a
// full disk never leaves a partial file under a final name. On S3 (`s3://bucket/prefix`) each shard
// is a multipart upload, which becomes an object only when complete and is aborted on failure.
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { createGzip } from "node:zlib";
import type { Writable } from "node:stream";
import { z } from "zod";
import type { Doc } from "../doc.js";
import { OutputError } from "../errors.js";
import { parseOptions } from "../options.js";
import { sink, type Sink } from "../pipeline/step.js";
import { ZstdFrameWriter } from "./encode/zstd-writer.js";
import { joinLocation } from "../locations.js";
import { isS3 } from "./s3/s3-client.js";
import { S3WriteStream } from "./s3/s3-write.js";

export const WriteJsonlOptions = z.object({
  compression: z.enum(["none", "gzip", "zstd"]).default("gzip").describe("shard compression (datatrove's JsonlWriter default: gzip)"),
  maxDocsPerShard: z.number().int().positive().optional().describe("start a new shard after this many documents"),
  maxBytesPerShard: z.number().int().positive().optional().describe("start a new shard after this many bytes of JSON (before compression)"),
  prefix: z
    .string()
    .regex(/^[\w.-]*$/)
    .default("")
    .describe('file name prefix, e.g. "00003_" for task 3'),
  level: z.number().int().min(1).max(19).optional().describe("compression level (gzip 1-9, default 6; zstd 1-19, default 3)"),
});
export type WriteJsonlOptionsInput = z.input<typeof WriteJsonlOptions>;

export interface ShardSummary {
  path: string;
  documents: number;
  /** Uncompressed JSON Lines bytes. */
  bytes: number;
}

export interface WriteSummary {
  dir: string;
  documents: number;
  bytes: number;
  shards: ShardSummary[];
}

const EXTENSION = { none: ".jsonl", gzip: ".jsonl.gz", zstd: ".jsonl.zst" } as const;

/**
 * A sink writing `00000.jsonl.gz`, `00001.jsonl.gz`... into `dir`; resolves to what it wrote.
 * @example await pipe(read("in/*.parquet"), writeJsonl("out", { maxDocsPerShard: 100_000 }))
 */
export function writeJsonl(dir: string, options: WriteJsonlOptionsInput = {}): Sink<WriteSummary> {
  const config = parseOptions(WriteJsonlOptions, options, "writeJsonl");
  return sink("write_jsonl", async (docs, ctx) => {
    try {
      if (!isS3(dir)) await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new OutputError(dir, `cannot create the output folder: ${(error as Error).message}`, { cause: error });
    }
    const summary: WriteSummary = { dir, documents: 0, bytes: 0, shards: [] };
    let shard: ShardFile | undefined;
    try {
      for await (const doc of docs) {
        const line = toJsonLine(doc);
        const bytes = Buffer.byteLength(line, "utf8");
        if (shard && shouldRoll(shard, bytes, config)) {
          summary.shards.push(await shard.finish());
          shard = undefined;
        }
        shard ??= new ShardFile(
          joinLocation(dir, `${config.prefix}${String(summary.shards.length).padStart(5, "0")}${EXTENSION[config.compression]}`),
          config.compression,
          config.level,
        );
        await shard.write(line, bytes);
        summary.documents++;
        summary.bytes += bytes;
      }
      if (shard) summary.shards.push(await shard.finish());
      ctx.stats.add("shards", summary.shards.length);
      return summary;
    } catch (error) {
      await shard?.abort();
      throw error;
    }
  });
}

/** One line of datatrove's JSONL: `metadata` only when non-empty; bigint as a number or string. */
export function toJsonLine(doc: Doc): string {
  const record: Record<string, unknown> = { id: doc.id, text: doc.text };
  if (doc.meta && Object.keys(doc.meta).length > 0) record.metadata = doc.meta;
  return `${JSON.stringify(record, jsonValue)}\n`;
}

// --- internal ---

function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  return value;
}

function shouldRoll(shard: ShardFile, nextBytes: number, config: z.output<typeof WriteJsonlOptions>): boolean {
  if (config.maxDocsPerShard !== undefined && shard.documents >= config.maxDocsPerShard) return true;
  if (config.maxBytesPerShard !== undefined && shard.bytes > 0 && shard.bytes + nextBytes > config.maxBytesPerShard) return true;
  return false;
}

class ShardFile {
  documents = 0;
  bytes = 0;
  private readonly temp: string | undefined;
  private readonly file: Writable;
  private readonly head: Writable;
  private failure: Error | undefined;

  constructor(
    private readonly path: string,
    compression: "none" | "gzip" | "zstd",
    level: number | undefined,
  ) {
    if (isS3(path)) {
      this.temp = undefined;
      this.file = new S3WriteStream(path);
    } else {
      this.temp = join(path, "..", `.${path.split("/").pop()}.tmp-${process.pid}`);
      this.file = createWriteStream(this.temp);
    }
    this.file.on("error", (error) => (this.failure ??= error));
    if (compression === "gzip") {
      const gzip = createGzip({ level: level ?? 6 });
      gzip.on("error", (error) => (this.failure ??= error));
      gzip.pipe(this.file);
      this.head = gzip;
    } else if (compression === "zstd") {
      const zstd = new ZstdFrameWriter(level ?? 3);
      zstd.on("error", (error) => (this.failure ??= error));
      zstd.pipe(this.file);
      this.head = zstd;
    } else {
      this.head = this.file;
    }
  }

  async write(line: string, bytes: number): Promise<void> {
    this.check();
    this.documents++;
    this.bytes += bytes;
    if (!this.head.write(line)) await this.until(this.head, "drain");
    this.check();
  }

  async finish(): Promise<ShardSummary> {
    this.check();
    this.head.end();
    if (!this.file.closed) await this.until(this.file, "close");
    this.check();
    if (this.temp !== undefined) await rename(this.temp, this.path);
    return { path: this.path, documents: this.documents, bytes: this.bytes };
  }

  async abort(): Promise<void> {
    // The file opens in the background: removing it before the stream has closed could run before
    // the open, which would then create it again and leave it behind (seen once in CI). Destroying
    // waits for a pending open, closes, then emits "close".
    const closed = this.file.closed ? Promise.resolve() : new Promise<void>((resolve) => this.file.once("close", () => resolve()));
    this.head.destroy();
    this.file.destroy();
    await closed;
    if (this.temp !== undefined) await rm(this.temp, { force: true });
  }

  /** Wait for `event`, or settle early on a write error; removes its listeners either way. */
  private until(emitter: Writable, event: string): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        emitter.off(event, done);
        this.file.off("error", done);
        this.head.off("error", done);
        resolve();
      };
      emitter.on(event, done);
      this.file.on("error", done);
      this.head.on("error", done);
    });
  }

  private check(): void {
    if (this.failure) {
      throw new OutputError(this.path, `cannot write: ${this.failure.message}`, { cause: this.failure });
    }
  }
}
