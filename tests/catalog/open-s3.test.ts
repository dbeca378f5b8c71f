// openDataset from a mirror in a bucket (baseUrl s3://...): the catalog's relative shard paths
// below the prefix, read through the S3 client from a real server (s3rver).
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDataset, read, resolveFiles } from "../../src/index.js";
import { envFor, startFaultProxy, startS3, useEnv, type FaultProxy, type LocalS3 } from "../io/s3/s3-server.js";
import { collect, FIXTURES } from "../support.js";

let s3: LocalS3;
let proxy: FaultProxy;
let restore: () => void;
const OPTIONS = { subset: "en", split: "validation", shards: [0], baseUrl: "s3://corpus/mirror/" };

beforeAll(async () => {
  s3 = await startS3(["corpus"]);
  proxy = await startFaultProxy(s3.endpoint);
  restore = useEnv(envFor(proxy.endpoint));
  const raw = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  const key = resolveFiles("c4", OPTIONS).urls[0]!.slice("s3://corpus/".length);
  await raw.send(new PutObjectCommand({ Bucket: "corpus", Key: key, Body: readFileSync(`${FIXTURES}/udhr.jsonl.gz`) }));
  raw.destroy();
});
afterAll(async () => {
  restore();
  await proxy.close();
  await s3.close();
});

describe("openDataset with an s3:// mirror", () => {
  it("reads the catalog's shard from below the bucket prefix", async () => {
    expect(resolveFiles("c4", OPTIONS).urls).toEqual(["s3://corpus/mirror/en/c4-validation.00000-of-00008.json.gz"]);
    const docs = await collect(openDataset("c4", OPTIONS));
    const local = await collect(read(`${FIXTURES}/udhr.jsonl.gz`));
    expect(docs.length).toBe(local.length);
    expect(docs.map((d) => d.text)).toEqual(local.map((d) => d.text));
    expect(proxy.log.some((r) => r.method === "GET" && r.url.startsWith("/corpus/mirror/en/"))).toBe(true);
  });
});
