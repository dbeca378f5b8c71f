// Reads through a real S3 server (s3rver on 127.0.0.1), with faults injected by a proxy in front.
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { read } from "../../../src/io/read.js";
import { s3Chunks, s3List } from "../../../src/io/s3/s3-read.js";
import { expandInputs } from "../../../src/io/sources/expand.js";
import { envFor, startFaultProxy, startS3, useEnv, type FaultProxy, type LocalS3 } from "./s3-server.js";

const BUCKET = "corpus";
const WEB = readFileSync("examples/data/web.jsonl.gz");
const PARQUET = readFileSync("examples/data/udhr.parquet");
const CSV = readFileSync("examples/data/licenses.csv");

let s3: LocalS3;
let proxy: FaultProxy;
let restore: () => void;

beforeAll(async () => {
  s3 = await startS3([BUCKET, "other-bucket"]);
  proxy = await startFaultProxy(s3.endpoint);
  restore = useEnv(envFor(proxy.endpoint));
  const raw = new S3Client({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  for (const [key, body] of [
    ["in/web.jsonl.gz", WEB],
    ["in/udhr.parquet", PARQUET],
    ["in/sub/licenses.csv", CSV],
    ["in/.hidden.jsonl", Buffer.from('{"text":"x"}\n')],
    ["in/notes.unknownext", Buffer.from("x")],
  ] as const)
    await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  raw.destroy();
});
afterAll(async () => {
  restore();
  await proxy.close();
  await s3.close();
});
afterEach(() => {
  proxy.rules.length = 0;
  proxy.log.length = 0;
});

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

async function ids(location: string | string[], local: string | string[]): Promise<void> {
  const remote: string[] = [];
  const here: string[] = [];
  for await (const doc of read(location)) remote.push(`${doc.id}\t${doc.text}`);
  for await (const doc of read(local)) here.push(`${doc.id}\t${doc.text}`);
  expect(remote.length).toBeGreaterThan(0);
  // ids carry the file name, which differs: compare the texts in order
  expect(remote.map((r) => r.split("\t")[1])).toEqual(here.map((r) => r.split("\t")[1]));
}

describe("s3 reads", () => {
  it("streams an object's bytes unchanged", async () => {
    expect((await collect(s3Chunks(`s3://${BUCKET}/in/web.jsonl.gz`))).equals(WEB)).toBe(true);
  });

  it("reads JSONL, Parquet (ranged GETs) and CSV objects as the same documents as the local files", async () => {
    await ids(`s3://${BUCKET}/in/web.jsonl.gz`, "examples/data/web.jsonl.gz");
    await ids(`s3://${BUCKET}/in/udhr.parquet`, "examples/data/udhr.parquet");
    expect(proxy.log.some((r) => r.range !== undefined)).toBe(true);
    await ids(`s3://${BUCKET}/in/sub/licenses.csv`, "examples/data/licenses.csv");
  });

  it("expands globs and folders with ListObjectsV2, sorted, without dot-files or unknown formats", async () => {
    expect(await expandInputs(`s3://${BUCKET}/in/*.{jsonl.gz,parquet}`)).toEqual([`s3://${BUCKET}/in/udhr.parquet`, `s3://${BUCKET}/in/web.jsonl.gz`]);
    expect(await expandInputs(`s3://${BUCKET}/in/**/*.csv`)).toEqual([`s3://${BUCKET}/in/sub/licenses.csv`]);
    const accept = (f: string) => /\.(jsonl\.gz|parquet|csv)$/.test(f);
    expect(await expandInputs(`s3://${BUCKET}/in`, { accept })).toEqual([
      `s3://${BUCKET}/in/sub/licenses.csv`,
      `s3://${BUCKET}/in/udhr.parquet`,
      `s3://${BUCKET}/in/web.jsonl.gz`,
    ]);
    expect(proxy.log.some((r) => r.url.includes("list-type=2"))).toBe(true);
    await expect(expandInputs(`s3://${BUCKET}/in/*.txt`)).rejects.toThrow(/no objects match/);
    await expect(expandInputs(`s3://${BUCKET}/nothing`)).rejects.toThrow(/no such object or folder/);
  });

  it("lists more than one page", async () => {
    const raw = new S3Client({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: "us-east-1",
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    for (let i = 0; i < 7; i++) await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: `many/${String(i).padStart(5, "0")}`, Body: "x" }));
    raw.destroy();
    // pages of 3 keys (S3's pages hold 1000): 3 requests, continuation tokens followed
    const listing = await s3List(`s3://${BUCKET}/many/`, undefined, 3);
    expect(listing.objects.map((o) => o.location)).toEqual(Array.from({ length: 7 }, (_, i) => `s3://${BUCKET}/many/${String(i).padStart(5, "0")}`));
    expect(proxy.log.filter((r) => r.url.includes("list-type=2")).length).toBe(3);
  });

  it("retries a 503 SlowDown and a 500, then reads the object", async () => {
    proxy.rules.push({ method: "GET", match: (u) => u.startsWith(`/${BUCKET}/in/web.jsonl.gz`), fault: { kind: "status", status: 503 }, times: 2 });
    proxy.rules.push({ method: "GET", match: (u) => u.startsWith(`/${BUCKET}/in/web.jsonl.gz`), fault: { kind: "status", status: 500 }, times: 1 });
    expect((await collect(s3Chunks(`s3://${BUCKET}/in/web.jsonl.gz`))).equals(WEB)).toBe(true);
    expect(proxy.log.filter((r) => r.injected).map((r) => r.injected)).toEqual(["503", "503", "500"]);
  });

  it("resumes a body cut mid-object with a Range request from the last byte received", async () => {
    proxy.rules.push({ method: "GET", match: (u) => u.startsWith(`/${BUCKET}/in/web.jsonl.gz`), fault: { kind: "cut", afterBytes: 100_000 }, times: 2 });
    const counters = { resumes: 0 };
    const got = await collect(s3Chunks(`s3://${BUCKET}/in/web.jsonl.gz`, undefined, counters));
    expect(got.equals(WEB)).toBe(true);
    expect(counters.resumes).toBe(2);
    const gets = proxy.log.filter((r) => r.method === "GET");
    expect(gets[0]!.range).toBeUndefined();
    expect(gets[1]!.range).toBe("bytes=100000-");
    expect(gets[2]!.range).toBe("bytes=200000-");
    // and through read(): the same documents
    proxy.rules.push({ method: "GET", match: (u) => u.startsWith(`/${BUCKET}/in/web.jsonl.gz`), fault: { kind: "cut", afterBytes: 50_000 }, times: 1 });
    await ids(`s3://${BUCKET}/in/web.jsonl.gz`, "examples/data/web.jsonl.gz");
  });

  it("a missing object is an InputError naming it", async () => {
    await expect(collect(s3Chunks(`s3://${BUCKET}/in/missing.jsonl`))).rejects.toThrow(`s3://${BUCKET}/in/missing.jsonl: no such object`);
  });

  it("refused credentials: a clear error naming the bucket, never the secret", async () => {
    const secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYzzSECRETzz";
    const back = useEnv(envFor(proxy.endpoint, "NOT-A-KEY", secret));
    try {
      const error = await collect(s3Chunks(`s3://${BUCKET}/in/web.jsonl.gz`)).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error!.message).toMatch(/access to bucket "corpus" refused/);
      expect(error!.message).toMatch(/AWS_ACCESS_KEY_ID/);
      expect(`${error!.message}\n${error!.stack}\n${JSON.stringify(error)}`).not.toContain(secret);
      await expect(expandInputs(`s3://${BUCKET}/in/*.csv`)).rejects.toThrow(/access to bucket "corpus" refused/);
    } finally {
      back();
    }
  });

  it("reads an object as it is stored (the SDK adds nothing)", async () => {
    const raw = new S3Client({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: "us-east-1",
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    const direct = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: "in/udhr.parquet" }));
    expect(Buffer.from(await direct.Body!.transformToByteArray()).equals(PARQUET)).toBe(true);
    raw.destroy();
  });

  it("checks a sha256 given for an object (a catalog's checksums hold for a mirror in a bucket)", async () => {
    const location = `s3://${BUCKET}/in/web.jsonl.gz`;
    const right = createHash("sha256").update(WEB).digest("hex");
    let n = 0;
    for await (const _ of read(location, { http: { checksums: { [location]: right } } })) n++;
    expect(n).toBeGreaterThan(0);
    const wrong = "0".repeat(64);
    await expect(async () => {
      for await (const _ of read(location, { http: { checksums: { [location]: wrong } } })) void _;
    }).rejects.toThrow(/sha256 mismatch/);
  });

  it("asks again for a Parquet byte range whose body was cut", async () => {
    proxy.rules.push({ method: "GET", match: (u) => u.startsWith(`/${BUCKET}/in/udhr.parquet`), fault: { kind: "cut", afterBytes: 2048 }, times: 1 });
    await ids(`s3://${BUCKET}/in/udhr.parquet`, "examples/data/udhr.parquet");
    const gets = proxy.log.filter((r) => r.method === "GET" && r.url.startsWith(`/${BUCKET}/in/udhr.parquet`));
    const cut = gets.findIndex((r) => r.injected === "cut");
    expect(cut).toBeGreaterThanOrEqual(0);
    expect(gets.slice(cut + 1).some((r) => r.range === gets[cut]!.range)).toBe(true);
  });
});
