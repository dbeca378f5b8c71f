// HF_TOKEN (or the `token` option) goes to the server it was meant for as an Authorization header,
// and nowhere else: not into an error, its cause chain, a progress line, Stats, a rejected record
// or the CLI's stderr -- whatever the server answers (401, 403, 500, redirects, a dropped body) --
// and not to another host a redirect points at.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { NetworkError, pipe, read, withProgress } from "../../../src/index.js";
import { startHub, type HubServer } from "../../hub-server.js";
import { collect, collector, FIXTURES } from "../../support.js";

const TOKEN = "hf_SecretTokenDoNotLeak1234567890";
const OPTION_TOKEN = "hf_OptionTokenAlsoSecret0987654321";
const DIR = "/datasets/test/gated/resolve/main/";
const fast = { backoffMs: 5, maxBackoffMs: 20, retries: 2 };

let hub: HubServer;
let other: HubServer;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "corpuskit-hub-"));
  await mkdir(join(root, DIR), { recursive: true });
  await writeFile(join(root, DIR, "data.jsonl.gz"), readFileSync(`${FIXTURES}/udhr.jsonl.gz`));
  await writeFile(join(root, DIR, "copy.jsonl.gz"), readFileSync(`${FIXTURES}/udhr.jsonl.gz`));
  await writeFile(join(root, DIR, "cut.jsonl.gz"), readFileSync(`${FIXTURES}/udhr.jsonl.gz`).subarray(0, 1500));
  hub = await startHub(root);
  other = await startHub(root);
});
afterAll(async () => {
  await hub.close();
  await other.close();
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  hub.faults.clear();
  other.faults.clear();
  vi.unstubAllEnvs();
});

/** The CLI as a child process. Not spawnSync: the local hub answers from this process's event loop. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], { env: { ...process.env, ...env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const url = (name: string, server = hub) => `${server.url}${DIR}${name}`;

/** Everything an error can show: message, stack, String(), every cause, and inspect() of it all. */
function everythingShown(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    parts.push(String(e), String((e as Error).message), String((e as Error).stack));
    try {
      parts.push(JSON.stringify(e));
    } catch {
      // circular: inspect() below still shows it
    }
  }
  parts.push(inspect(error, { depth: Infinity, showHidden: true }));
  return parts.join("\n");
}

const SCENARIOS: { name: string; fault: (path: string) => void; file?: string }[] = [
  { name: "401", fault: (p) => hub.faults.set(p, [{ kind: "status", status: 401, times: 100 }]) },
  { name: "403", fault: (p) => hub.faults.set(p, [{ kind: "status", status: 403, times: 100 }]) },
  { name: "500 on every attempt", fault: (p) => hub.faults.set(p, [{ kind: "status", status: 500, times: 100 }]) },
  {
    name: "a redirect to a 404 on another host",
    fault: (p) => hub.faults.set(p, [{ kind: "redirect", status: 302, location: url("missing.jsonl.gz", other), times: 100 }]),
  },
  { name: "a redirect loop", fault: (p) => hub.faults.set(p, [{ kind: "redirect", status: 307, location: url("data.jsonl.gz"), times: 100 }]) },
  { name: "a body dropped on every attempt", fault: (p) => hub.faults.set(p, [{ kind: "drop", afterBytes: 200, times: 100 }]) },
];

describe("the token never shows", () => {
  for (const scenario of SCENARIOS) {
    for (const via of ["HF_TOKEN", "the token option"] as const) {
      it(`${scenario.name}, token from ${via}: not in the error, its causes, progress lines or Stats`, async () => {
        const secret = via === "HF_TOKEN" ? TOKEN : OPTION_TOKEN;
        vi.stubEnv("HF_TOKEN", TOKEN);
        scenario.fault(`${DIR}data.jsonl.gz`);
        const lines: string[] = [];
        const progressed = withProgress(read(url("data.jsonl.gz"), { http: { ...fast, ...(via === "HF_TOKEN" ? {} : { token: OPTION_TOKEN }) } }), {
          mode: "plain",
          plainIntervalMs: 0,
          stream: { write: (s: string) => lines.push(s) },
        });
        const pipeline = pipe(progressed);
        const error = await collect(pipeline).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NetworkError);
        // the token was sent, to the host it was meant for
        expect(hub.log.some((l) => l.authorization === `Bearer ${secret}`)).toBe(true);
        for (const shown of [everythingShown(error), lines.join(""), JSON.stringify(pipeline.stats.toJSON())]) {
          expect(shown).not.toContain(secret);
          expect(shown).not.toContain(TOKEN);
        }
      });
    }
  }

  it("a bad file over HTTP under onError skip: the rejected record and Stats hold no token", async () => {
    vi.stubEnv("HF_TOKEN", TOKEN);
    const rejected = collector();
    const pipeline = pipe(read([url("cut.jsonl.gz"), url("data.jsonl.gz")], { onError: "skip", rejected: rejected.sink, http: fast }));
    const docs = await collect(pipeline);
    expect(docs.length).toBeGreaterThanOrEqual(8);
    expect(rejected.docs.length).toBe(1);
    expect(JSON.stringify(rejected.docs)).not.toContain(TOKEN);
    expect(JSON.stringify(pipeline.stats.toJSON())).not.toContain(TOKEN);
  });

  it("the CLI's stderr, on 401 and on a redirect to another host", async () => {
    for (const fault of [
      { kind: "status", status: 401, times: 100 },
      { kind: "redirect", status: 302, location: url("missing.jsonl.gz", other), times: 100 },
    ] as const) {
      hub.faults.set(`${DIR}data.jsonl.gz`, [{ ...fault }]);
      // c4's validation split has 8 shards; shards=1 reads the first, which the fault answers
      hub.faults.set(`${DIR}en/c4-validation.00000-of-00008.json.gz`, [{ ...fault }]);
      const run = await cli(["cat", "c4", "--subset", "en", "--split", "validation", "--shards", "1", "--base-url", `${hub.url}${DIR}`], { HF_TOKEN: TOKEN });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/NetworkError|HTTP (401|404)/);
      expect(run.stderr).not.toContain(TOKEN);
      expect(run.stdout).not.toContain(TOKEN);
      expect(hub.log.some((l) => l.path.endsWith("c4-validation.00000-of-00008.json.gz") && l.authorization === `Bearer ${TOKEN}`)).toBe(true);
    }
  });
});

describe("redirects", () => {
  it("a redirect to another host drops the Authorization header (undici's redirect handler)", async () => {
    const before = other.log.length;
    hub.faults.set(`${DIR}data.jsonl.gz`, [{ kind: "redirect", status: 302, location: url("data.jsonl.gz", other), times: 1 }]);
    const docs = await collect(read(url("data.jsonl.gz"), { http: { ...fast, token: OPTION_TOKEN } }));
    expect(docs).toHaveLength(8);
    expect(hub.log.at(-1)!.authorization).toBe(`Bearer ${OPTION_TOKEN}`);
    const followed = other.log.slice(before);
    expect(followed.map((l) => l.path)).toEqual([`${DIR}data.jsonl.gz`]);
    expect(followed[0]!.authorization).toBeUndefined();
  });

  it("for every redirect status (301, 302, 307, 308)", async () => {
    for (const status of [301, 302, 307, 308] as const) {
      const before = other.log.length;
      hub.faults.set(`${DIR}data.jsonl.gz`, [{ kind: "redirect", status, location: url("data.jsonl.gz", other), times: 1 }]);
      await collect(read(url("data.jsonl.gz"), { http: { ...fast, token: OPTION_TOKEN } }));
      expect(other.log.slice(before).map((l) => l.authorization)).toEqual([undefined]);
    }
  });

  it("a redirect on the same host keeps it (the hub's own resolve/ redirects need it)", async () => {
    hub.faults.set(`${DIR}data.jsonl.gz`, [{ kind: "redirect", status: 302, location: `${DIR}copy.jsonl.gz`, times: 1 }]);
    const before = hub.log.length;
    expect(await collect(read(url("data.jsonl.gz"), { http: { ...fast, token: OPTION_TOKEN } }))).toHaveLength(8);
    const seen = hub.log.slice(before);
    expect(seen.map((l) => l.path)).toEqual([`${DIR}data.jsonl.gz`, `${DIR}copy.jsonl.gz`]);
    expect(seen.every((l) => l.authorization === `Bearer ${OPTION_TOKEN}`)).toBe(true);
  });
});

describe("credentials inside a URL", () => {
  // A signed URL or one with user:password is a credential by itself; errors show where, not the key.
  const SIGNED = "X-Amz-Signature=0a1b2c3dSignedSecret&X-Amz-Credential=AKIASECRETKEYID&part=7";
  const withCredentials = (name: string) => url(name).replace("http://", "http://reader:Pa55wordSecret@") + `?${SIGNED}`;

  it("a failing request: the NetworkError keeps host, path and harmless parameters, masks the rest", async () => {
    const error = await collect(read(withCredentials("missing.jsonl.gz"), { http: fast })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    const shown = everythingShown(error);
    for (const secret of ["Pa55wordSecret", "0a1b2c3dSignedSecret", "AKIASECRETKEYID", "reader:"]) expect(shown).not.toContain(secret);
    expect((error as NetworkError).url).toContain(`${DIR}missing.jsonl.gz`);
    expect((error as NetworkError).url).toContain("part=7");
    expect((error as NetworkError).message).toMatch(/HTTP 404/);
  });

  it("a bad file read over such a URL: the InputError and the rejected record mask them too", async () => {
    const rejected = collector();
    // the format and codec come from the path, not the query: the signed good file reads in full
    const pipeline = pipe(read([withCredentials("cut.jsonl.gz"), withCredentials("data.jsonl.gz")], { onError: "skip", rejected: rejected.sink, http: fast }));
    const docs = await collect(pipeline);
    expect(docs.length).toBeGreaterThanOrEqual(8);
    expect(rejected.docs).toHaveLength(1);
    expect(JSON.stringify(docs.map((d) => d.id))).not.toContain("Pa55wordSecret");
    const shown = JSON.stringify(rejected.docs) + JSON.stringify(pipeline.stats.toJSON());
    for (const secret of ["Pa55wordSecret", "0a1b2c3dSignedSecret", "AKIASECRETKEYID"]) expect(shown).not.toContain(secret);
    expect(shown).toContain("cut.jsonl.gz");
  });
});
