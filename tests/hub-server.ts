// A local stand-in for a dataset hub: serves a folder under /datasets/<id>/resolve/main/ with
// Range and ETag support like the real CDN, answers the tree API (GET /api/datasets/<owner>/<name>/
// tree/<revision>/<path>?recursive=true, paged by a Link rel="next" header, LFS sha256 in lfs.oid)
// over the same folder, and injects faults on request.
import { createHash } from "node:crypto";
import { readFileSync, existsSync, readdirSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

export type Fault =
  | { kind: "status"; status: number; times: number; retryAfter?: string }
  | { kind: "drop"; afterBytes: number; times: number }
  | { kind: "slow"; delayMs: number; times: number }
  | { kind: "redirect"; status: 301 | 302 | 307 | 308; location: string; times: number };

export interface HubServer {
  url: string;
  /** Every request: path, Range header, Authorization header. */
  log: { path: string; range: string | undefined; authorization: string | undefined; method: string }[];
  faults: Map<string, Fault[]>;
  /** Entries per page of the tree API (the real hub pages by 1,000; small here so tests page). */
  treePageSize: number;
  close(): Promise<void>;
}

export async function startHub(root: string): Promise<HubServer> {
  const log: HubServer["log"] = [];
  const faults = new Map<string, Fault[]>();
  const state = { treePageSize: 3 };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const requestUrl = new URL(req.url ?? "/", "http://x");
    const path = decodeURIComponent(requestUrl.pathname);
    log.push({ path, range: req.headers.range, authorization: req.headers.authorization, method: req.method ?? "GET" });
    const fault = takeFault(faults, path);
    const tree = /^\/api\/datasets\/([^/]+\/[^/]+)\/tree\/([^/]+)\/?(.*)$/.exec(requestUrl.pathname);
    if (tree && !fault) {
      const [, repo, revision, dir] = tree.map((p) => decodeURIComponent(p ?? "")) as [string, string, string, string];
      const repoRoot = join(root, "datasets", repo, "resolve", revision);
      const start = join(repoRoot, dir);
      if (!existsSync(start)) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "not found" }));
        return;
      }
      const entries = treeEntries(repoRoot, dir, requestUrl.searchParams.get("recursive") === "true");
      const cursor = Number(requestUrl.searchParams.get("cursor") ?? 0);
      const page = entries.slice(cursor, cursor + state.treePageSize);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (cursor + state.treePageSize < entries.length) {
        const next = new URL(requestUrl.pathname, `http://${req.headers.host}`);
        next.searchParams.set("recursive", requestUrl.searchParams.get("recursive") ?? "false");
        next.searchParams.set("cursor", String(cursor + state.treePageSize));
        headers.link = `<${next.href}>; rel="next"`;
      }
      res.writeHead(200, headers);
      res.end(JSON.stringify(page));
      return;
    }
    if (fault?.kind === "status") {
      res.writeHead(fault.status, fault.retryAfter ? { "retry-after": fault.retryAfter } : {});
      res.end();
      return;
    }
    if (fault?.kind === "redirect") {
      res.writeHead(fault.status, { location: fault.location });
      res.end();
      return;
    }
    const file = join(root, path);
    if (!path.startsWith("/datasets/") || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    const body = readFileSync(file);
    const etag = `"${createHash("sha1").update(body).digest("hex")}"`;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Number(range[2]) : body.length - 1;
    const part = body.subarray(start, end + 1);
    const headers = { "content-length": String(part.length), etag, "accept-ranges": "bytes", "content-type": "application/octet-stream" };
    const send = () => {
      if (range) res.writeHead(206, { ...headers, "content-range": `bytes ${start}-${end}/${body.length}` });
      else res.writeHead(200, headers);
      if (req.method === "HEAD") return res.end();
      if (fault?.kind === "drop") {
        res.write(part.subarray(0, fault.afterBytes));
        setTimeout(() => res.destroy(), 20);
        return;
      }
      res.end(part);
    };
    if (fault?.kind === "slow") setTimeout(send, fault.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    log,
    faults,
    get treePageSize() {
      return state.treePageSize;
    },
    set treePageSize(n: number) {
      state.treePageSize = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The tree API's entries under `dir` (paths relative to the repo root), every file as an LFS file. */
function treeEntries(repoRoot: string, dir: string, recursive: boolean): unknown[] {
  const out: unknown[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(repoRoot, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const full = join(repoRoot, path);
      if (statSync(full).isDirectory()) {
        out.push({ type: "directory", oid: "0".repeat(40), size: 0, path });
        if (recursive) walk(path);
      } else {
        const body = readFileSync(full);
        const sha256 = createHash("sha256").update(body).digest("hex");
        out.push({
          type: "file",
          oid: createHash("sha1").update(body).digest("hex"),
          size: body.length,
          path,
          lfs: { oid: sha256, size: body.length, pointerSize: 134 },
        });
      }
    }
  };
  walk(dir.replace(/\/$/, ""));
  return out;
}

function takeFault(faults: Map<string, Fault[]>, path: string): Fault | undefined {
  const list = faults.get(path);
  const fault = list?.[0];
  if (!fault) return undefined;
  fault.times--;
  if (fault.times <= 0) list!.shift();
  return fault;
}

/** A hub for the tests of one file: `files` lays out its root (path under it -> bytes), `setup` may add more. */
export interface HubFixture {
  /** The running hub (set before the first test). */
  readonly hub: HubServer;
  /** The folder it serves. */
  readonly root: string;
  readonly url: string;
}

/**
 * Start a local hub for the tests of one file: a temporary root laid out by `setup`, served before
 * the first test, closed and removed after the last. One helper for what every catalog test did by hand.
 */
export function withHub(setup: (root: string) => Promise<void> | void = () => {}): HubFixture {
  let hub: HubServer | undefined;
  let root: string | undefined;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "corpuskit-hub-"));
    await setup(root);
    hub = await startHub(root);
  });
  afterAll(async () => {
    await hub?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`withHub: the ${what} is used before beforeAll ran`);
    return value;
  };
  return {
    get hub() {
      return ready(hub, "hub");
    },
    get root() {
      return ready(root, "root");
    },
    get url() {
      return ready(hub, "hub").url;
    },
  };
}
