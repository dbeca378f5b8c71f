// Files over HTTP(S) with undici: one keep-alive agent (connection reuse), redirects (hub
// `resolve/` URLs redirect to a CDN), and undici's own RetryHandler, which retries 5xx/429 and
// dropped connections with exponential backoff, honours Retry-After, and resumes a body that broke
// mid-way with a Range request (If-Match on the ETag) -- none of that is written by hand here.
// What is added: attempts counted per URL, a sha256 check of the whole body, an Authorization
// header that never reaches a message, and errors that name the URL.
import { createHash } from "node:crypto";
import { Agent, interceptors, request, type Dispatcher } from "undici";
import { z } from "zod";
import { recordOf } from "../../options.js";
import { InputError, NetworkError } from "../../errors.js";

export const HttpOptions = z
  .object({
    token: z.string().optional().describe("bearer token (defaults to $HF_TOKEN); sent as Authorization, never logged"),
    retries: z.number().int().min(0).default(5).describe("retries after the first attempt (5xx, 429, dropped connections, timeouts)"),
    backoffMs: z.number().int().min(0).default(500).describe("first retry delay; doubles each time"),
    maxBackoffMs: z.number().int().min(0).default(30_000).describe("longest delay, also the cap on Retry-After"),
    timeoutMs: z.number().int().positive().default(60_000).describe("longest wait for headers, and between two pieces of a body"),
    checksums: recordOf(z.string(), z.string().regex(/^[0-9a-f]{64}$/))
      .default({})
      .describe("sha256 by URL, checked over the whole body"),
  })
  .strict();
export type HttpOptionsInput = z.input<typeof HttpOptions>;
export type HttpConfig = z.output<typeof HttpOptions>;

export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** The body of `url`, chunk by chunk, whatever the number of retries and resumes it took. */
export async function* httpChunks(url: string, config: HttpConfig, signal?: AbortSignal): AsyncIterable<Buffer> {
  const expected = config.checksums[url];
  const hash = expected ? createHash("sha256") : undefined;
  const attempts = { count: 0 };
  const response = await send(url, config, {}, attempts, signal);
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new NetworkError(url, `HTTP ${response.statusCode}`, { status: response.statusCode, attempts: attempts.count });
  }
  try {
    for await (const chunk of response.body) {
      hash?.update(chunk as Buffer);
      yield chunk as Buffer;
    }
  } catch (error) {
    if (signal?.aborted) return;
    throw networkError(url, error, attempts.count);
  }
  if (hash && expected) {
    const got = hash.digest("hex");
    if (got !== expected) throw new InputError({ file: url }, `sha256 mismatch: the catalog says ${expected}, the download is ${got}`);
  }
}

/** Bytes [start, end) of `url` (for Parquet's footer and column chunks). */
export async function httpRange(url: string, start: number, end: number, config: HttpConfig, signal?: AbortSignal): Promise<ArrayBuffer> {
  const attempts = { count: 0 };
  const response = await send(url, config, { range: `bytes=${start}-${end - 1}` }, attempts, signal);
  if (response.statusCode !== 206 && response.statusCode !== 200) {
    await response.body.dump();
    throw new NetworkError(url, `HTTP ${response.statusCode} for bytes ${start}-${end - 1}`, { status: response.statusCode, attempts: attempts.count });
  }
  try {
    const body = Buffer.from(await response.body.arrayBuffer());
    // A server that ignores Range sends everything: cut out the part asked for.
    const part = response.statusCode === 200 ? body.subarray(start, end) : body;
    return part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength) as ArrayBuffer;
  } catch (error) {
    throw networkError(url, error, attempts.count);
  }
}

/** The size of `url` from a HEAD request. */
export async function httpSize(url: string, config: HttpConfig, signal?: AbortSignal): Promise<number> {
  const attempts = { count: 0 };
  const response = await send(url, config, {}, attempts, signal, "HEAD");
  await response.body.dump();
  const length = Number(response.headers["content-length"]);
  if (response.statusCode !== 200 || !Number.isFinite(length)) {
    throw new NetworkError(url, `HTTP ${response.statusCode}, no Content-Length`, { status: response.statusCode, attempts: attempts.count });
  }
  return length;
}

// --- internal ---

type Response = Awaited<ReturnType<typeof request>>;

const agents = new Map<string, Dispatcher>();

/** One agent per retry policy: keep-alive connections are reused across files and requests. */
function agentFor(config: HttpConfig): Dispatcher {
  const key = `${config.retries}/${config.backoffMs}/${config.maxBackoffMs}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ keepAliveTimeout: 30_000 }).compose(
      countAttempts,
      interceptors.retry({
        maxRetries: config.retries,
        minTimeout: config.backoffMs,
        maxTimeout: config.maxBackoffMs,
        timeoutFactor: 2,
        retryAfter: true,
        methods: ["GET", "HEAD"],
        statusCodes: [500, 502, 503, 504, 429, 408],
        errorCodes: [
          "ECONNRESET",
          "ECONNREFUSED",
          "ENOTFOUND",
          "ENETDOWN",
          "ENETUNREACH",
          "EHOSTDOWN",
          "EHOSTUNREACH",
          "EPIPE",
          "UND_ERR_SOCKET",
          "UND_ERR_HEADERS_TIMEOUT",
          "UND_ERR_BODY_TIMEOUT",
        ],
      }),
      interceptors.redirect({ maxRedirections: 5 }),
    );
    agents.set(key, agent);
  }
  return agent;
}

const ATTEMPTS = Symbol("corpuskit.attempts");

/** Counts every dispatch the retry handler makes for one request (it sits below the retries). */
const countAttempts: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
  const counter = (options as unknown as { [ATTEMPTS]?: { count: number } })[ATTEMPTS];
  if (counter) counter.count++;
  return dispatch(options, handler);
};

async function send(
  url: string,
  config: HttpConfig,
  extra: Record<string, string>,
  attempts: { count: number },
  signal?: AbortSignal,
  method: "GET" | "HEAD" = "GET",
): Promise<Response> {
  const token = config.token ?? process.env.HF_TOKEN;
  const headers: Record<string, string> = { "user-agent": "corpuskit", ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  const options = {
    method,
    headers,
    dispatcher: agentFor(config),
    headersTimeout: config.timeoutMs,
    bodyTimeout: config.timeoutMs,
    ...(signal ? { signal } : {}),
    [ATTEMPTS]: attempts,
  };
  try {
    return await request(url, options as Parameters<typeof request>[1]);
  } catch (error) {
    throw networkError(url, error, attempts.count);
  }
}

/** An undici failure as a NetworkError naming the URL (never the headers: the token stays out). */
function networkError(url: string, error: unknown, attempts: number): NetworkError {
  if (error instanceof NetworkError) return error;
  const e = error as { code?: string; statusCode?: number; message?: string; name?: string };
  const status = typeof e.statusCode === "number" ? e.statusCode : undefined;
  const what =
    e.code === "UND_ERR_HEADERS_TIMEOUT" || e.code === "UND_ERR_BODY_TIMEOUT"
      ? "timed out waiting for the server"
      : status !== undefined
        ? `HTTP ${status}`
        : `${e.code ?? e.name ?? "error"}: ${e.message ?? String(error)}`;
  return new NetworkError(url, what, { ...(status !== undefined ? { status } : {}), attempts: Math.max(1, attempts) }, { cause: error });
}
