// `corpuskit k8s manifest` for a run whose config, input and output are all in a bucket: Jobs that
// mount nothing and take their credentials from a named Secret. The config is read from a real S3
// server (s3rver), as the pods would read it.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envFor, startS3, type LocalS3 } from "../../io/s3/s3-server.js";

let s3: LocalS3;

beforeAll(async () => {
  s3 = await startS3(["corpus"]);
  const raw = new S3Client({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  const yaml = (await readFile("examples/fineweb.yaml", "utf8"))
    .replace("examples/data/*.{jsonl.gz,jsonl.zst,wet.gz}", "s3://corpus/in/*.jsonl.gz")
    .replace("dir: out/fineweb", "dir: s3://corpus/out/fineweb")
    .replace("rejected: out/fineweb/rejected", "rejected: s3://corpus/out/fineweb/rejected")
    .replace("  - step: fineweb_quality", "  - step: minhash_dedup\n  - step: fineweb_quality");
  await raw.send(new PutObjectCommand({ Bucket: "corpus", Key: "configs/fineweb.yaml", Body: yaml }));
  raw.destroy();
});
afterAll(async () => s3.close());

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], { env: { ...process.env, ...envFor(s3.endpoint), NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("k8s manifest with s3:// locations", () => {
  it("writes Jobs with no volume whose pods get the Secret's keys as environment", async () => {
    const { code, stdout, stderr } = await cli([
      "k8s",
      "manifest",
      "s3://corpus/configs/fineweb.yaml",
      "--image",
      "ghcr.io/acme/corpuskit:1",
      "--secret",
      "s3-credentials",
      "--tasks",
      "4",
    ]);
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    const jobs = parseAllDocuments(stdout).map((d) => d.toJS() as { metadata: { name: string }; spec: { template: { spec: Record<string, unknown> } } });
    expect(jobs.map((j) => j.metadata.name)).toEqual([
      "corpuskit-process",
      "corpuskit-minhash-buckets",
      "corpuskit-minhash-clusters",
      "corpuskit-finish",
      "corpuskit-merge-stats",
    ]);
    for (const job of jobs) {
      const pod = job.spec.template.spec as { volumes?: unknown; containers: { args: string[]; volumeMounts?: unknown; envFrom?: unknown }[] };
      expect(pod.volumes).toBeUndefined();
      expect(pod.containers[0]!.volumeMounts).toBeUndefined();
      expect(pod.containers[0]!.envFrom).toEqual([{ secretRef: { name: "s3-credentials" } }]);
    }
    const process = jobs[0]!.spec.template.spec as { containers: { args: string[] }[] };
    expect(process.containers[0]!.args.slice(0, 2)).toEqual(["run", "s3://corpus/configs/fineweb.yaml"]);
    const merge = jobs[4]!.spec.template.spec as { containers: { args: string[] }[] };
    expect(merge.containers[0]!.args).toEqual(["merge-stats", "s3://corpus/out/fineweb/.logs"]);
    expect(stdout).toMatch(/the stages exchange their files and markers through the bucket/);
  });
});
