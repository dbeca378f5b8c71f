// npm run bench -- s3
// Reading and writing documents through a local S3 server (s3rver, started in a child process as in
// the tests) beside the same work on local disk, in the same run, rounds alternating: readJsonl of a
// .jsonl.gz object vs the local file, writeJsonl to s3:// vs a local folder, and the raw bytes of the
// object (ranged-GET stream) vs createReadStream. MB are uncompressed JSON Lines for documents,
// stored bytes for the raw stream.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createReadStream, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipe, read, writeJsonl, type Doc } from "../src/index.js";
import { s3Chunks } from "../src/io/s3/s3-read.js";
import { envFor, startS3, useEnv } from "../tests/io/s3/s3-server.js";
import { benchFile } from "./corpus.js";
import { record } from "./report.js";

const MB = 100;
const ROUNDS = 3;

export async function benchS3(): Promise<void> {
  const { path, bytes } = await benchFile(MB, "gzip");
  const stored = statSync(path).size;
  const server = await startS3(["bench"]);
  const restore = useEnv(envFor(server.endpoint));
  const raw = new S3Client({
    endpoint: server.endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  const dir = await mkdtemp(join(tmpdir(), "corpuskit-bench-s3-"));
  try {
    await raw.send(new PutObjectCommand({ Bucket: "bench", Key: "in/udhr.jsonl.gz", Body: readFileSync(path) }));
    const object = "s3://bench/in/udhr.jsonl.gz";
    const docs: Doc[] = [];
    for await (const doc of read(path)) docs.push(doc);
    const seconds = async (run: () => Promise<unknown>) => {
      const t0 = performance.now();
      await run();
      return (performance.now() - t0) / 1000;
    };
    const drain = async (chunks: AsyncIterable<Buffer>) => {
      for await (const _ of chunks) void _;
    };
    const count = async (location: string) => {
      let n = 0;
      for await (const _ of read(location)) n++;
      return n;
    };
    async function* replay() {
      yield* docs;
    }
    const r = {
      rawS3: [] as number[],
      rawDisk: [] as number[],
      readS3: [] as number[],
      readDisk: [] as number[],
      writeS3: [] as number[],
      writeDisk: [] as number[],
    };
    for (let round = 0; round < ROUNDS; round++) {
      r.rawDisk.push(stored / 1e6 / (await seconds(() => drain(createReadStream(path, { highWaterMark: 1 << 20 })))));
      r.rawS3.push(stored / 1e6 / (await seconds(() => drain(s3Chunks(object)))));
      r.readDisk.push(bytes / 1e6 / (await seconds(() => count(path))));
      r.readS3.push(bytes / 1e6 / (await seconds(() => count(object))));
      r.writeDisk.push(bytes / 1e6 / (await seconds(() => pipe(replay(), writeJsonl(join(dir, `w${round}`), { maxBytesPerShard: 64e6 })))));
      r.writeS3.push(bytes / 1e6 / (await seconds(() => pipe(replay(), writeJsonl(`s3://bench/out/w${round}`, { maxBytesPerShard: 64e6 })))));
    }
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}`;
    const best = (xs: number[]) => Math.max(...xs);
    console.log(`${MB} MB of JSON Lines (${(stored / 1e6).toFixed(1)} MB gzip), ${ROUNDS} rounds alternating, s3rver on 127.0.0.1`);
    console.log(`${"".padEnd(34)} ${"s3:// MB/s".padStart(12)} ${"disk MB/s".padStart(12)}  disk/s3 (best)`);
    for (const [name, s3, disk] of [
      ["raw bytes of the .jsonl.gz", r.rawS3, r.rawDisk],
      ["read() documents", r.readS3, r.readDisk],
      ["writeJsonl gzip", r.writeS3, r.writeDisk],
    ] as const)
      console.log(`${name.padEnd(34)} ${range(s3).padStart(12)} ${range(disk).padStart(12)}  ${(best(disk) / best(s3)).toFixed(2)}x`);
    const goal = (s3: number[], disk: number[]) => (best(disk) / best(s3) <= 1.5 ? "met" : "NOT met");
    console.log(`goal (within 1.5x of local disk): read ${goal(r.readS3, r.readDisk)}, write ${goal(r.writeS3, r.writeDisk)}`);
    for (const [what, s3, disk] of [
      ["read() .jsonl.gz from s3://, MB/s", r.readS3, r.readDisk],
      ["writeJsonl gzip to s3://, MB/s", r.writeS3, r.writeDisk],
      ["raw object bytes from s3://, MB/s", r.rawS3, r.rawDisk],
    ] as const)
      record({
        what,
        ours: range(s3),
        peer: `${range(disk)} (same on local disk)`,
        ratio: `${(best(s3) / best(disk)).toFixed(2)}x`,
        goal: "within 1.5x of local disk",
      });
  } finally {
    raw.destroy();
    restore();
    await rm(dir, { recursive: true, force: true });
    await server.close();
  }
}
