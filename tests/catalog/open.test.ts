// openDataset against a local hub that serves real-format shards in the hub's layout, with faults.
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ConfigError, InputError, NetworkError, openDataset, read, resolveFiles, type Doc } from "../../src/index.js";
import { withHub } from "../hub-server.js";
import { collect, FIXTURES } from "../support.js";

const paragraphs = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .flatMap((l) => (JSON.parse(l) as { text: string; lang: string }).text.split("\n\n").map((p) => ({ text: p, lang: (JSON.parse(l) as { lang: string }).lang })));

/** C4's record shape, spread over 8 validation shards as allenai/c4 lays them out. */
function c4Shards(): Buffer[] {
  const shards: string[][] = Array.from({ length: 8 }, () => []);
  paragraphs.forEach((p, i) => shards[i % 8]!.push(JSON.stringify({ text: p.text, timestamp: `2019-04-${String((i % 28) + 1).padStart(2, "0")}T00:00:00Z`, url: `https://example.org/${p.lang}/${i}` })));
  return shards.map((lines) => gzipSync(`${lines.join("\n")}\n`));
}

let expected: string[];
const C4 = "/datasets/allenai/c4/resolve/main/";

const fixture = withHub(async (root) => {
  const dir = join(root, "datasets/allenai/c4/resolve/main/en");
  await mkdir(dir, { recursive: true });
  const shards = c4Shards();
  for (let i = 0; i < 8; i++) await writeFile(join(dir, `c4-validation.0000${i}-of-00008.json.gz`), shards[i]!);
  expected = shards.flatMap((_, i) => paragraphs.filter((_, j) => j % 8 === i).map((p) => p.text));
});

const base = () => `${fixture.url}${C4}`;
const fast = { backoffMs: 5, maxBackoffMs: 50 };
const texts = (docs: Doc[]) => docs.map((d) => d.text);

describe("openDataset", () => {
  it("expands the catalog's shard template under baseUrl", () => {
    const { urls, fileSet } = resolveFiles("c4", { subset: "en", split: "validation", baseUrl: base() });
    expect(urls).toHaveLength(8);
    expect(urls[0]).toBe(`${base()}en/c4-validation.00000-of-00008.json.gz`);
    expect(fileSet.compression).toBe("gzip");
    expect(resolveFiles("c4", { subset: "en" }).urls).toHaveLength(1024);
    expect(resolveFiles("c4", { subset: "en", shards: [3, 1023] }).urls.map((u) => u.split("/").pop())).toEqual(["c4-train.00003-of-01024.json.gz", "c4-train.01023-of-01024.json.gz"]);
  });

  it("streams every document of every shard in order, with the record's other fields as meta", async () => {
    const docs = await collect(openDataset("allenai/c4", { subset: "en", split: "validation", baseUrl: base(), http: fast }));
    expect(texts(docs)).toEqual(expected);
    expect(docs[0]!.meta.url).toMatch(/^https:\/\/example\.org\//);
    expect(docs[0]!.meta.timestamp).toBe("2019-04-01T00:00:00Z");
    expect(docs[0]!.id).toBe(`${base()}en/c4-validation.00000-of-00008.json.gz:1`);
  });

  it("stops at limit without reading further shards", async () => {
    const before = fixture.hub.log.length;
    const docs = await collect(openDataset("c4", { subset: "en", split: "validation", baseUrl: base(), limit: 3, http: fast }));
    expect(docs).toHaveLength(3);
    expect(fixture.hub.log.length - before).toBe(1);
  });

  it("retries a 503 (honouring Retry-After) and then succeeds", async () => {
    const path = `${C4}en/c4-validation.00002-of-00008.json.gz`;
    fixture.hub.faults.set(path, [{ kind: "status", status: 503, times: 2, retryAfter: "0" }]);
    const before = fixture.hub.log.filter((l) => l.path === path).length;
    const docs = await collect(openDataset("c4", { subset: "en", split: "validation", baseUrl: base(), http: fast }));
    expect(texts(docs)).toEqual(expected);
    expect(fixture.hub.log.filter((l) => l.path === path).length - before).toBe(3);
  });

  it("waits as long as Retry-After says before retrying", async () => {
    const path = `${C4}en/c4-validation.00004-of-00008.json.gz`;
    fixture.hub.faults.set(path, [{ kind: "status", status: 429, times: 1, retryAfter: "1" }]);
    const started = performance.now();
    const docs = await collect(openDataset("c4", { subset: "en", split: "validation", baseUrl: base(), shards: [4], http: { backoffMs: 5, maxBackoffMs: 5000 } }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(docs.length).toBeGreaterThan(0);
  });

  it("resumes a body dropped mid-way with a Range request: nothing lost, nothing repeated", async () => {
    const path = `${C4}en/c4-validation.00005-of-00008.json.gz`;
    fixture.hub.faults.set(path, [{ kind: "drop", afterBytes: 600, times: 1 }]);
    const docs = await collect(openDataset("c4", { subset: "en", split: "validation", baseUrl: base(), http: fast }));
    expect(texts(docs)).toEqual(expected);
    const ranged = fixture.hub.log.filter((l) => l.path === path && l.range);
    expect(ranged).toHaveLength(1);
    expect(ranged[0]!.range).toMatch(/^bytes=600-\d+$/);
  });

  it("a 404 is a NetworkError naming the URL, not retried", async () => {
    const error = await collect(openDataset("c4", { subset: "en", split: "validation", baseUrl: `${fixture.url}/datasets/nobody/nothing/resolve/main/`, http: fast })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).status).toBe(404);
    expect((error as NetworkError).attempts).toBe(1);
    expect((error as Error).message).toContain(`${fixture.url}/datasets/nobody/nothing/resolve/main/en/c4-validation.00000-of-00008.json.gz: HTTP 404`);
  });

  it("gives up after the configured attempts with a NetworkError", async () => {
    const path = `${C4}en/c4-validation.00000-of-00008.json.gz`;
    fixture.hub.faults.set(path, [{ kind: "status", status: 500, times: 10 }]);
    const error = await collect(openDataset("c4", { subset: "en", split: "validation", baseUrl: base(), http: { ...fast, retries: 2 } })).catch((e: unknown) => e);
    fixture.hub.faults.delete(path);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).attempts).toBe(3);
    expect((error as Error).message).toMatch(/c4-validation\.00000-of-00008\.json\.gz: HTTP 500 \(after 3 attempts\)/);
  });

  it("times out on a slow server", async () => {
    const path = `${C4}en/c4-validation.00001-of-00008.json.gz`;
    fixture.hub.faults.set(path, [{ kind: "slow", delayMs: 1500, times: 5 }]);
    const error = await collect(openDataset("c4", { subset: "en", split: "validation", baseUrl: base(), http: { ...fast, retries: 1, timeoutMs: 200 } })).catch((e: unknown) => e);
    fixture.hub.faults.delete(path);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/timed out/);
  });

  it("sends the token as Authorization and never puts it in an error", async () => {
    const token = "hf_secretTOKEN123";
    const before = fixture.hub.log.length;
    await collect(openDataset("c4", { subset: "en", split: "validation", baseUrl: base(), limit: 1, token, http: fast }));
    expect(fixture.hub.log[before]!.authorization).toBe(`Bearer ${token}`);
    const error = await collect(openDataset("c4", { subset: "en", split: "validation", baseUrl: `${fixture.url}/datasets/x/resolve/main/`, token, http: fast })).catch((e: unknown) => e);
    expect(String(error)).not.toContain(token);
    expect(JSON.stringify(error)).not.toContain(token);
    expect(String((error as Error).stack)).not.toContain(token);
  });

  it("checks a published sha256 over the whole download", async () => {
    const url = `${base()}en/c4-validation.00003-of-00008.json.gz`;
    const wrong = "0".repeat(64);
    const error = await collect(read(url, { http: { checksums: { [url]: wrong } } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/c4-validation\.00003-of-00008\.json\.gz: sha256 mismatch: the catalog says 0{64}, the download is [0-9a-f]{64}/);
    const { createHash } = await import("node:crypto");
    const right = createHash("sha256").update(readFileSync(join(fixture.root, C4, "en/c4-validation.00003-of-00008.json.gz"))).digest("hex");
    expect((await collect(read(url, { http: { checksums: { [url]: right } } }))).length).toBeGreaterThan(0);
  });

  it("reads Parquet over HTTP with Range requests", async () => {
    const dir = join(fixture.root, "datasets/test/udhr/resolve/main");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "udhr.parquet"), readFileSync(`${FIXTURES}/udhr-zstd.parquet`));
    const docs = await collect(read(`${fixture.url}/datasets/test/udhr/resolve/main/udhr.parquet`));
    expect(docs).toHaveLength(8);
    expect(fixture.hub.log.filter((l) => l.path.endsWith("udhr.parquet") && l.range).length).toBeGreaterThan(0);
  });

  it("stops downloading when its AbortSignal fires", async () => {
    const controller = new AbortController();
    const before = fixture.hub.log.length;
    const seen: Doc[] = [];
    for await (const doc of openDataset("c4", { subset: "en", split: "validation", baseUrl: base(), signal: controller.signal, http: fast })) {
      seen.push(doc);
      if (seen.length === 2) controller.abort();
    }
    expect(seen.length).toBeLessThan(expected.length);
    expect(fixture.hub.log.length - before).toBe(1);
  });

  it("names the subsets and splits that exist when asked for one that does not", () => {
    expect(() => resolveFiles("c4", { subset: "xx" })).toThrow(ConfigError);
    expect(() => resolveFiles("c4", { subset: "xx" })).toThrow(/the catalog has files for: en, realnewslike/);
    expect(() => resolveFiles("c4", { subset: "en", split: "test" })).toThrow(/it has: train, validation/);
    expect(() => resolveFiles("c4", { shards: [5000] })).toThrow(/shard 5000 does not exist: there are 1024/);
  });
});
