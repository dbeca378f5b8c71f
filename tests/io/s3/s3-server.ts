// A real S3-compatible server (s3rver: the S3 REST API with SigV4 signatures, data in a temp folder)
// on 127.0.0.1 for the tests, and a small proxy in front of it that injects faults: S3's own 503
// SlowDown or a 500 for chosen requests, or a connection cut after some bytes of a response body.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export interface LocalS3 {
  endpoint: string;
  /** The environment a client (or a child process) needs to reach it. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * s3rver in a child process (its own CPU share, as a real server has). It signs its ListObjectsV2
 * continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider: without the flag,
 * every second page of a listing is a 500.
 */
export async function startS3(buckets: string[]): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), "corpuskit-s3rver-"));
  const script = `
    const S3rver = require(${JSON.stringify(require.resolve("s3rver"))});
    const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.argv[1], configureBuckets: JSON.parse(process.argv[2]).map((name) => ({ name })) });
    server.run().then((a) => process.stdout.write(a.port + "\\n"));
    process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ["--openssl-legacy-provider", "-e", script, directory, JSON.stringify(buckets)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(Number(out.trim()));
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: envFor(endpoint),
    close: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export function envFor(endpoint: string, accessKeyId = "S3RVER", secret = "S3RVER"): Record<string, string> {
  return { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secret, AWS_REGION: "us-east-1", AWS_MAX_ATTEMPTS: "5" };
}

/** Set `env` on this process; returns a function putting the old values back. */
export function useEnv(env: Record<string, string>): () => void {
  const old = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  return () => {
    for (const [k, v] of Object.entries(old)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

export type Fault = { kind: "status"; status: 500 | 503 } | { kind: "cut"; afterBytes: number };

export interface FaultRule {
  /** Which requests: method and a test on the path + query. */
  method: string;
  match: (url: string) => boolean;
  fault: Fault;
  /** How many matching requests get the fault (the later ones pass). */
  times: number;
}

export interface FaultProxy {
  endpoint: string;
  rules: FaultRule[];
  /** Every request seen: method, url and the Range header. */
  log: { method: string; url: string; range?: string; injected?: string }[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = { endpoint: "", rules: [], log: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    const rule = proxy.rules.find((r) => r.times > 0 && r.method === req.method && r.match(url));
    const entry: FaultProxy["log"][number] = { method: req.method ?? "", url, ...(req.headers.range ? { range: req.headers.range } : {}) };
    proxy.log.push(entry);
    if (rule?.fault.kind === "status") {
      rule.times--;
      const status = rule.fault.status;
      entry.injected = String(status);
      const code = status === 503 ? "SlowDown" : "InternalError";
      // drain the request body before answering, as S3 does
      req.resume();
      req.on("end", () => {
        res.writeHead(status, { "content-type": "application/xml" });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected</Message><RequestId>1</RequestId></Error>`);
      });
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: url, headers: req.headers },
      (upstreamRes: IncomingMessage) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        if (rule?.fault.kind === "cut") {
          rule.times--;
          entry.injected = "cut";
          let sent = 0;
          const limit = rule.fault.afterBytes;
          upstreamRes.on("data", (chunk: Buffer) => {
            if (sent >= limit) return;
            const part = chunk.subarray(0, limit - sent);
            sent += part.length;
            res.write(part);
            if (sent >= limit) {
              upstreamRes.destroy();
              // flush what was written, then drop the connection mid-body
              setTimeout(() => res.socket?.destroy(), 20);
            }
          });
          upstreamRes.on("end", () => {
            if (sent < limit) res.end();
          });
          return;
        }
        upstreamRes.pipe(res);
      },
    );
    forward.on("error", () => res.socket?.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
