// Writes through a real S3 server (s3rver) behind the fault proxy: multipart uploads that appear
// only when complete, a failed part sent again, an aborted upload that leaves nothing.
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pipe } from "../../../src/pipeline/pipe.js";
import { read } from "../../../src/io/read.js";
import { writeJsonl } from "../../../src/io/write-jsonl.js";
import { S3WriteStream, PART_BYTES } from "../../../src/io/s3/s3-write.js";
import { removeNames } from "../../../src/io/storage.js";
import { envFor, startFaultProxy, startS3, useEnv, type FaultProxy, type LocalS3 } from "./s3-server.js";

const BUCKET = "corpus";
let s3: LocalS3;
let proxy: FaultProxy;
let restore: () => void;
let raw: S3Client;

beforeAll(async () => {
  s3 = await startS3([BUCKET]);
  proxy = await startFaultProxy(s3.endpoint);
  restore = useEnv(envFor(proxy.endpoint));
  raw = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
});
afterAll(async () => {
  raw.destroy();
  restore();
  await proxy.close();
  await s3.close();
});
afterEach(() => {
  proxy.rules.length = 0;
  proxy.log.length = 0;
});

/** ~2.5 parts of real text: the sample corpus's WET file, repeated. */
async function bigBody(): Promise<Buffer> {
  const wet = await readFile("examples/data/crawl.wet.gz");
  const parts: Buffer[] = [];
  let size = 0;
  for (let i = 0; size < PART_BYTES * 2.5; i++) {
    const piece = Buffer.concat([Buffer.from(`${i}\n`), wet]);
    parts.push(piece);
    size += piece.length;
  }
  return Buffer.concat(parts);
}

async function objectBytes(key: string): Promise<Buffer | undefined> {
  try {
    const response = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await response.Body!.transformToByteArray());
  } catch {
    return undefined;
  }
}

async function writeAll(stream: S3WriteStream, body: Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.on("error", reject);
    stream.on("close", () => resolve());
    for (let i = 0; i < body.length; i += 1 << 20) stream.write(body.subarray(i, i + (1 << 20)));
    stream.end();
  });
}

describe("s3 writes", () => {
  it("a large object goes up in parts and appears, whole, only on completion", async () => {
    const body = await bigBody();
    await writeAll(new S3WriteStream(`s3://${BUCKET}/big/a.bin`), body);
    expect((await objectBytes("big/a.bin"))!.equals(body)).toBe(true);
    const parts = proxy.log.filter((r) => r.method === "PUT" && /partNumber=\d+/.test(r.url));
    expect(parts.length).toBe(3);
    expect(proxy.log.some((r) => r.method === "POST" && r.url.includes("uploads"))).toBe(true);
  });

  it("a part refused with a 500 is sent again; a 503 SlowDown on completion too", async () => {
    proxy.rules.push({ method: "PUT", match: (u) => u.includes("partNumber=2"), fault: { kind: "status", status: 500 }, times: 1 });
    proxy.rules.push({ method: "POST", match: (u) => u.includes("uploadId="), fault: { kind: "status", status: 503 }, times: 1 });
    const body = await bigBody();
    await writeAll(new S3WriteStream(`s3://${BUCKET}/big/b.bin`), body);
    expect((await objectBytes("big/b.bin"))!.equals(body)).toBe(true);
    expect(proxy.log.filter((r) => r.injected).map((r) => r.injected)).toEqual(["500", "503"]);
    expect(proxy.log.filter((r) => r.method === "PUT" && r.url.includes("partNumber=2")).length).toBe(2);
  });

  it("a writer destroyed half-way leaves no object and aborts its multipart upload", async () => {
    const body = await bigBody();
    const stream = new S3WriteStream(`s3://${BUCKET}/big/c.bin`);
    stream.on("error", () => undefined);
    for (let i = 0; i < PART_BYTES * 1.5; i += 1 << 20) stream.write(body.subarray(i, i + (1 << 20)));
    // destroyed while its first part is on the way (or its upload still being created)
    const deadline = Date.now() + 30_000;
    while (!proxy.log.some((r) => r.method === "POST" && r.url.includes("uploads"))) {
      if (Date.now() > deadline) throw new Error("no upload started");
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise<void>((resolve) => {
      stream.once("close", () => resolve());
      stream.destroy(new Error("the run failed"));
    });
    expect(proxy.log.some((r) => r.method === "DELETE" && r.url.includes("uploadId="))).toBe(true);
    await expect(raw.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "big/c.bin" }))).rejects.toThrow();
  });

  it("writeJsonl writes the same shards to s3:// as to a local folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpuskit-s3write-"));
    const input = ["examples/data/web.jsonl.gz", "examples/data/books.jsonl.zst"];
    await pipe(read(input), writeJsonl(dir, { maxDocsPerShard: 150, compression: "zstd" }));
    const { result: summary } = await pipe(read(input), writeJsonl(`s3://${BUCKET}/shards`, { maxDocsPerShard: 150, compression: "zstd" }));
    const names = (await readdir(dir)).sort();
    expect(names.length).toBeGreaterThan(1);
    expect(summary.shards.map((s) => s.path)).toEqual(names.map((n) => `s3://${BUCKET}/shards/${n}`));
    for (const name of names) expect((await objectBytes(`shards/${name}`))!.equals(await readFile(join(dir, name))), name).toBe(true);
  });

  it("a rerun removes a killed task's objects and asks for the uploads it left, and only that task's", async () => {
    const body = await bigBody();
    const leftover = (name: string) => {
      // a writer whose process died: one part sent, never completed nor aborted
      const stream = new S3WriteStream(`s3://${BUCKET}/run/${name}`);
      stream.on("error", () => undefined);
      for (let i = 0; i < PART_BYTES * 1.5; i += 1 << 20) stream.write(body.subarray(i, i + (1 << 20)));
      return stream;
    };
    const mine = leftover("00001_00003.jsonl.gz");
    const theirs = leftover("00002_00000.jsonl.gz");
    const deadline = Date.now() + 30_000;
    while (proxy.log.filter((r) => r.method === "PUT" && r.url.includes("partNumber=1")).length < 2) {
      if (Date.now() > deadline) throw new Error("parts not sent");
      await new Promise((r) => setTimeout(r, 20));
    }
    await writeAll(new S3WriteStream(`s3://${BUCKET}/run/00001_00000.jsonl.gz`), Buffer.from("done\n"));
    await writeAll(new S3WriteStream(`s3://${BUCKET}/run/00002_00001.jsonl.gz`), Buffer.from("other task\n"));
    proxy.log.length = 0;
    await removeNames(`s3://${BUCKET}/run`, (name) => name.startsWith("00001_"));
    expect(await objectBytes("run/00001_00000.jsonl.gz")).toBeUndefined();
    expect((await objectBytes("run/00002_00001.jsonl.gz"))!.toString()).toBe("other task\n");
    // the unfinished uploads are asked for (ListMultipartUploads); s3rver answers NotImplemented, which
    // the cleanup tolerates: an upload never completed is never an object under a final name
    expect(proxy.log.some((r) => r.method === "GET" && /[?&]uploads/.test(r.url))).toBe(true);
    expect(await objectBytes("run/00001_00003.jsonl.gz")).toBeUndefined();
    // the writers' processes are gone; here they are only dropped
    mine.removeAllListeners();
    theirs.removeAllListeners();
  });
});
