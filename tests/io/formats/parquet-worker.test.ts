// The decoder thread opens the file itself (src/io/formats/parquet-worker.ts): a URL's Range requests,
// with options.http and the token, run there, and what fails there reaches the caller as the same
// class with the same fields -- a NetworkError stays a NetworkError, an InputError keeps its file.
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { InputError, NetworkError, read, readParquet } from "../../../src/index.js";
import { startHub, type HubServer } from "../../hub-server.js";
import { collect, FIXTURES } from "../../support.js";
import { missingHeaderFields } from "./parquet-corruptions.js";

const DIR = "/datasets/test/parquet/resolve/main/";
const TOKEN = "hf_ParquetThreadSecret1234567890";
const fast = { backoffMs: 5, maxBackoffMs: 20, retries: 1 };
let hub: HubServer;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "corpuskit-hub-"));
  await mkdir(join(root, DIR), { recursive: true });
  await writeFile(join(root, DIR, "udhr.parquet"), readFileSync("examples/data/udhr.parquet"));
  await writeFile(join(root, DIR, "zeroed.parquet"), missingHeaderFields());
  hub = await startHub(root);
});
afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  hub.faults.clear();
  vi.unstubAllEnvs();
});

const url = (name: string) => `${hub.url}${DIR}${name}`;
const plain = (docs: { id: string; text: string; meta: unknown }[]) => docs.map((d) => ({ id: d.id, text: d.text, meta: d.meta }));

describe("Parquet over HTTP, from the decoder thread", () => {
  it("reads the same documents as the local file, whole and with selected columns, by Range requests", async () => {
    const before = hub.log.length;
    expect(plain(await collect(readParquet(url("udhr.parquet"))))).toEqual(plain(await collect(readParquet("examples/data/udhr.parquet"))));
    const requests = hub.log.slice(before);
    expect(requests.some((r) => r.method === "HEAD")).toBe(true);
    expect(requests.filter((r) => r.range).length).toBeGreaterThan(1);
    const columns = { columns: ["lang"] };
    expect(plain(await collect(readParquet(url("udhr.parquet"), columns)))).toEqual(plain(await collect(readParquet("examples/data/udhr.parquet", columns))));
  });

  it("sends the token (HF_TOKEN or the option) from the thread, and keeps it out of a failure", async () => {
    vi.stubEnv("HF_TOKEN", TOKEN);
    const before = hub.log.length;
    expect((await collect(read(url("udhr.parquet")))).length).toBe(40);
    expect(hub.log.slice(before).every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    hub.faults.set(`${DIR}udhr.parquet`, [{ kind: "status", status: 401, times: 100 }]);
    const error = await collect(read(url("udhr.parquet"), { http: { ...fast, token: `${TOKEN}-option` } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(hub.log.at(-1)!.authorization).toBe(`Bearer ${TOKEN}-option`);
    expect(`${String(error)} ${(error as Error).stack} ${inspect(error, { depth: Infinity, showHidden: true })}`).not.toContain(TOKEN);
  });

  it("a 404 is a NetworkError with the URL, status and attempts, as on the main thread", async () => {
    const missing = url("missing.parquet");
    const error = await collect(read(missing, { http: fast })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ name: "NetworkError", code: "ERR_NETWORK", url: missing, status: 404, attempts: 1 });
    expect((error as Error).message).toBe(`${missing}: HTTP 404, no Content-Length (after 1 attempt)`);
  });

  it("a server failing part way (the Range requests for the row groups): a NetworkError, also under onError skip", async () => {
    // the HEAD and the footer's range go through; the first row group's range fails on every attempt
    hub.faults.set(`${DIR}udhr.parquet`, [
      { kind: "slow", delayMs: 0, times: 2 },
      { kind: "status", status: 503, times: 100 },
    ]);
    const error = await collect(read(url("udhr.parquet"), { onError: "skip", http: fast })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ url: url("udhr.parquet"), status: 503 });
  });

  it("a corrupt remote file is an InputError naming the URL and the record", async () => {
    const error = await collect(read(url("zeroed.parquet"), { http: fast })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file: url("zeroed.parquet"), record: 1 });
    expect((error as Error).message).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/datasets\/test\/parquet\/resolve\/main\/zeroed\.parquet record 1: cannot decode the row group/,
    );
  });
});
