// Faults a long run meets: a corrupt shard among good ones, a server that keeps failing, a full disk.
// The run must report the fault where it is (the file, the URL, the output path), lose none of the
// good input, and leave no partial output under a final name.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InputError, NetworkError, OutputError, pipe, read, writeJsonl, writeTokens, type Doc, type TokenizedDoc } from "../../src/index.js";
import { startHub, type HubServer } from "../hub-server.js";
import { collect, collector, FIXTURES, tempDir } from "../support.js";
import { readMegatron } from "../tokenize/megatron-reader.js";

const texts = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => (JSON.parse(l) as { text: string }).text);

/** A small deterministic generator (mulberry32): the same "random" bytes on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(n: number, seed: number): Buffer {
  const next = seeded(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
}

type Corruption = "truncated" | "garbage";

function corrupt(whole: Buffer, how: Corruption): Buffer {
  if (how === "truncated") return whole.subarray(0, Math.floor(whole.length * 0.6));
  const bad = Buffer.from(whole);
  randomBytes(256, 7).copy(bad, Math.floor(bad.length / 2));
  return bad;
}

const shardDocs = (name: string): Doc[] =>
  Array.from({ length: 400 }, (_, i) => ({ id: `${name}-${i}`, text: `${texts[i % texts.length]} (${name} ${i})`, meta: {} }));

/** Three shards a, b, c of one format, with b corrupted; what a and c hold. */
async function threeShards(format: "gzip" | "zstd" | "parquet", how: Corruption): Promise<{ dir: string; bad: string; good: { a: string[]; c: string[] } }> {
  const dir = await tempDir();
  if (format === "parquet") {
    // three copies of a real file (8 UDHR declarations, zstd pages), the middle one damaged
    const whole = readFileSync(`${FIXTURES}/udhr-zstd.parquet`);
    const ids = (await collect(read(`${FIXTURES}/udhr-zstd.parquet`))).map((d) => d.id);
    await writeFile(join(dir, "a.parquet"), whole);
    await writeFile(join(dir, "b.parquet"), corrupt(whole, how));
    await writeFile(join(dir, "c.parquet"), whole);
    return { dir, bad: join(dir, "b.parquet"), good: { a: ids, c: ids } };
  }
  const ext = format === "gzip" ? ".jsonl.gz" : ".jsonl.zst";
  for (const name of ["a", "b", "c"]) {
    const out = join(dir, `${name}-out`);
    await pipe(shardDocs(name), writeJsonl(out, { compression: format }));
    const bytes = readFileSync(join(out, `00000${ext}`));
    await writeFile(join(dir, `${name}${ext}`), name === "b" ? corrupt(bytes, how) : bytes);
    await rm(out, { recursive: true });
  }
  const ids = (name: string) => shardDocs(name).map((d) => d.id);
  return { dir, bad: join(dir, `b${ext}`), good: { a: ids("a"), c: ids("c") } };
}

const inputs = (dir: string) => ["a", "b", "c"].map((n) => readdirSync(dir).find((f) => f.startsWith(`${n}.`))!).map((f) => join(dir, f));

describe("a corrupt shard in the middle of the input", () => {
  for (const format of ["gzip", "zstd", "parquet"] as const) {
    for (const how of ["truncated", "garbage"] as const) {
      it(`${format}, ${how}: onError skip reports it and reads every document of the other files`, async () => {
        const { dir, bad, good } = await threeShards(format, how);
        const rejected = collector();
        const pipeline = pipe(read(inputs(dir), { onError: "skip", rejected: rejected.sink, addFilePath: true }));
        const docs = await collect(pipeline);
        const from = (file: string) => docs.filter((d) => d.meta.file_path === file).map((d) => d.id);
        expect(from(inputs(dir)[0]!)).toEqual(good.a);
        expect(from(inputs(dir)[2]!)).toEqual(good.c);
        // whatever came from b came before the damage, in order, and the c documents come after it
        expect(docs.slice(-good.c.length).map((d) => d.id)).toEqual(good.c);
        const stats = pipeline.stats.get("read")!;
        expect(stats.get("skipped_bad_file")).toBe(1);
        expect(stats.get("files")).toBe(3);
        const badFile = rejected.docs.filter((d) => d.meta.filter_reason === "bad_file");
        expect(badFile.map((d) => d.id)).toEqual([bad]);
        expect(badFile[0]!.meta.error).toContain(bad);
      });

      it(`${format}, ${how}: onError fail stops with an InputError naming the file`, async () => {
        const { dir, bad, good } = await threeShards(format, how);
        const seen: Doc[] = [];
        let error: unknown;
        try {
          for await (const doc of read(inputs(dir))) seen.push(doc);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).file).toBe(bad);
        expect((error as Error).message.startsWith(bad)).toBe(true);
        expect(seen.slice(0, good.a.length).map((d) => d.id)).toEqual(good.a);
      });
    }
  }
});

describe("a server that keeps failing", () => {
  let hub: HubServer;
  let root: string;
  const path = "/datasets/test/faults/resolve/main/data.jsonl.gz";
  const fast = { backoffMs: 5, maxBackoffMs: 20 };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "corpuskit-hub-"));
    await mkdir(join(root, "datasets/test/faults/resolve/main"), { recursive: true });
    await writeFile(join(root, path), readFileSync(`${FIXTURES}/udhr.jsonl.gz`));
    await writeFile(join(root, "datasets/test/faults/resolve/main/udhr.parquet"), readFileSync(`${FIXTURES}/udhr-zstd.parquet`));
    hub = await startHub(root);
  });
  afterAll(async () => {
    await hub.close();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => hub.faults.clear());

  const requests = (p: string) => hub.log.filter((l) => l.path === p).length;

  for (const status of [500, 503, 429]) {
    it(`HTTP ${status} on every attempt: gives up after retries + 1 attempts, naming the URL and the count`, async () => {
      hub.faults.set(path, [{ kind: "status", status, times: 100 }]);
      const before = requests(path);
      const url = `${hub.url}${path}`;
      const error = await collect(read(url, { http: { ...fast, retries: 3 } })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ url, status, attempts: 4 });
      expect((error as Error).message).toBe(`${url}: HTTP ${status} (after 4 attempts)`);
      expect(requests(path) - before).toBe(4);
    });
  }

  it("a connection dropped mid-body on every attempt: gives up with a NetworkError naming the URL", async () => {
    hub.faults.set(path, [{ kind: "drop", afterBytes: 100, times: 100 }]);
    const url = `${hub.url}${path}`;
    const error = await collect(read(url, { http: { ...fast, retries: 2 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).url).toBe(url);
    expect((error as NetworkError).attempts).toBeGreaterThanOrEqual(1);
    expect((error as NetworkError).attempts).toBeLessThanOrEqual(3);
  });

  it("404 fails fast: one request, no retry", async () => {
    const missing = "/datasets/test/faults/resolve/main/missing.jsonl.gz";
    const url = `${hub.url}${missing}`;
    const error = await collect(read(url, { http: { retries: 5, backoffMs: 2000 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    // counted, not timed: one attempt and one request, so no backoff was waited
    expect(error).toMatchObject({ url, status: 404, attempts: 1 });
    expect(requests(missing)).toBe(1);
  });

  it("Parquet over HTTP: its HEAD and Range requests give up the same way", async () => {
    const parquet = "/datasets/test/faults/resolve/main/udhr.parquet";
    hub.faults.set(parquet, [{ kind: "status", status: 502, times: 100 }]);
    const url = `${hub.url}${parquet}`;
    const error = await collect(read(url, { http: { ...fast, retries: 1 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ url, status: 502, attempts: 2 });
  });

  it("under onError skip, a failed download still stops the run: a network fault is not bad input", async () => {
    hub.faults.set(path, [{ kind: "status", status: 500, times: 100 }]);
    const error = await collect(read(`${hub.url}${path}`, { onError: "skip", http: { ...fast, retries: 1 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
  });
});

// --- a full disk ---

// A 256 KiB tmpfs fills within a few hundred documents. Mounting needs root (CI runs as root); without
// it these tests are skipped, unless CORPUSKIT_REQUIRE_TMPFS=1 makes the missing mount a failure.
const required = process.env.CORPUSKIT_REQUIRE_TMPFS === "1";
const tmpfsProblem = probeTmpfs();
const tmpfsIt = tmpfsProblem === undefined || required ? it : it.skip;
const title = (name: string) => (tmpfsProblem === undefined || required ? name : `${name} (skipped: ${tmpfsProblem})`);

function mount(dir: string): string | undefined {
  const run = spawnSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", dir], { encoding: "utf8" });
  if (run.error) return `cannot run mount: ${run.error.message}`;
  return run.status === 0 ? undefined : `mount -t tmpfs failed: ${(run.stderr || "").trim() || `exit ${run.status}`} (needs root)`;
}

function probeTmpfs(): string | undefined {
  const dir = join(tmpdir(), `corpuskit-tmpfs-probe-${process.pid}`);
  spawnSync("mkdir", ["-p", dir]);
  const problem = mount(dir);
  if (problem === undefined) spawnSync("umount", [dir]);
  spawnSync("rmdir", [dir]);
  return problem;
}

describe("a full disk", () => {
  let disk: string;
  let mounted = false;

  beforeEach(async () => {
    disk = await mkdtemp(join(tmpdir(), "corpuskit-full-"));
    const problem = mount(disk);
    if (problem !== undefined && required) throw new Error(`CORPUSKIT_REQUIRE_TMPFS=1 but ${problem}`);
    mounted = problem === undefined;
  });
  afterEach(async () => {
    if (mounted) spawnSync("umount", [disk]);
    await rm(disk, { recursive: true, force: true });
  });

  /** Incompressible text, so gzip and zstd fill the disk too. */
  const noise = (n: number): Doc[] => Array.from({ length: n }, (_, i) => ({ id: `d${i}`, text: randomBytes(600, i).toString("base64"), meta: {} }));
  const leftovers = (dir: string) =>
    readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.includes(".tmp-"));

  for (const compression of ["none", "gzip", "zstd"] as const) {
    tmpfsIt(title(`writeJsonl (${compression}): an OutputError naming the shard, and no partial shard under a final name`), async () => {
      const out = join(disk, "docs");
      const error = await pipe(noise(2000), writeJsonl(out, { compression, maxDocsPerShard: 50 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutputError);
      expect((error as OutputError).path.startsWith(`${out}/`)).toBe(true);
      expect((error as Error).message).toMatch(/no space left on device/i);
      expect(leftovers(disk)).toEqual([]);
      // every shard under its final name is whole: 50 documents that read back exactly
      const shards = readdirSync(out).sort();
      expect(shards.length).toBeGreaterThan(0);
      expect((error as OutputError).path).toBe(join(out, shards.length.toString().padStart(5, "0") + shards[0]!.slice(5)));
      const back = await collect(read(out));
      expect(back.map((d) => d.id)).toEqual(noise(shards.length * 50).map((d) => d.id));
    });
  }

  for (const format of ["megatron", "bin"] as const) {
    tmpfsIt(title(`writeTokens (${format}): an OutputError naming the file, and no token file without its index`), async () => {
      const prefix = join(disk, "tokens", "train");
      const docs: TokenizedDoc[] = Array.from({ length: 2000 }, (_, i) => ({
        id: `t${i}`,
        text: "",
        meta: {},
        tokens: Uint32Array.from({ length: 100 }, (_, j) => (i * 100 + j) % 100_000),
      }));
      const error = await pipe(docs, writeTokens(prefix, { format, dtype: "uint32", maxTokensPerShard: 5000 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutputError);
      expect((error as OutputError).path.startsWith(`${prefix}_`)).toBe(true);
      expect((error as Error).message).toMatch(/no space left on device/i);
      expect(leftovers(disk)).toEqual([]);
      const files = readdirSync(join(disk, "tokens")).sort();
      const bins = files.filter((f) => f.endsWith(".bin"));
      const indexes = files.filter((f) => !f.endsWith(".bin"));
      expect(indexes.map((f) => f.replace(/\.(idx|json)$/, ""))).toEqual(bins.map((f) => f.replace(/\.bin$/, "")));
      for (const bin of bins) {
        expect(statSync(join(disk, "tokens", bin)).size).toBe(5000 * 4);
        if (format === "megatron") expect(readMegatron(join(disk, "tokens", bin.replace(/\.bin$/, ""))).documents).toHaveLength(50);
      }
    });
  }

  tmpfsIt(title("writeTokens without shards: nothing under the final names"), async () => {
    const prefix = join(disk, "train");
    const docs: TokenizedDoc[] = Array.from({ length: 2000 }, (_, i) => ({ id: `t${i}`, text: "", meta: {}, tokens: new Uint32Array(100).fill(i) }));
    const error = await pipe(docs, writeTokens(prefix, { dtype: "uint32" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).path).toBe(`${prefix}.bin`);
    expect(readdirSync(disk)).toEqual([]);
  });
});
