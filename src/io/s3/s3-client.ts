// One S3 client for every s3:// location, configured only by the standard AWS chain: credentials
// from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile or an instance role; the region from
// AWS_REGION or the profile; the endpoint from AWS_ENDPOINT_URL(_S3). Nothing corpuskit-specific is
// needed to point a run at MinIO, Ceph or a local server, which need path-style addressing
// (http://host/bucket/key): it is turned on whenever an endpoint is set.
// Retries: the SDK's "standard" strategy already retries throttling (503 SlowDown) and transient
// errors (500, 502, 504, dropped connections) with exponential backoff and jitter; corpuskit raises
// the attempts from 3 to 8 (datatrove's s3fs default is 5 retries) unless AWS_MAX_ATTEMPTS says otherwise.
import type { S3Client } from "@aws-sdk/client-s3";
import { InputError, NetworkError, OutputError } from "../../errors.js";

export function isS3(location: string): boolean {
  return /^s3:\/\//i.test(location);
}

export interface S3Location {
  bucket: string;
  key: string;
}

/** `s3://bucket/a/b` -> { bucket, key: "a/b" }; the key may be empty (the bucket's root). */
export function parseS3(location: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(location);
  if (!match || match[1]!.length < 3) throw new InputError({ file: location }, "not an S3 location: expected s3://bucket/key");
  return { bucket: match[1]!, key: match[2]! };
}

export const s3Url = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

const clients = new Map<string, S3Client>();

type Sdk = typeof import("@aws-sdk/client-s3");
let sdkLoading: Promise<Sdk> | undefined;

/**
 * The SDK and the client for the current environment (tests and long-lived processes may change it
 * between runs). The SDK is imported on first use: about a second of module loading that a run
 * without s3:// locations should not pay.
 */
export async function s3(): Promise<{ client: S3Client; sdk: Sdk }> {
  const sdk = await (sdkLoading ??= import("@aws-sdk/client-s3"));
  const env = process.env;
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  const attempts = Number(env.AWS_MAX_ATTEMPTS) || 8;
  const cacheKey = JSON.stringify([endpoint, region, attempts, env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_PROFILE]);
  let client = clients.get(cacheKey);
  if (!client) {
    // The SDK warns on Node 20 that its releases after early January 2027 need Node 22; corpuskit pins
    // a release that runs on Node 20 (package.json), so the warning would only be noise in every run.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    client = new sdk.S3Client({
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      // a local server has no region; the SDK refuses to sign without one
      ...(region ? { region } : endpoint ? { region: "us-east-1" } : {}),
      maxAttempts: attempts,
      retryMode: "standard",
      // CRC trailers on every upload (the SDK's default since early 2025) are refused by older
      // MinIO/Ceph releases and local servers; checksums are sent where the API requires them.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
    clients.set(cacheKey, client);
  }
  return { client, sdk };
}

/** The SDK's error as corpuskit's: the bucket and key, the status and the S3 code; never a credential. */
export function s3Error(location: string, error: unknown, writing = false): Error {
  if (error instanceof InputError || error instanceof OutputError || error instanceof NetworkError) return error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; attempts?: number }; code?: string };
  const status = e.$metadata?.httpStatusCode;
  const attempts = Math.max(1, e.$metadata?.attempts ?? 1);
  const code = e.name ?? e.code ?? "error";
  const { bucket } = safeParse(location);
  if (code === "NoSuchKey" || code === "NotFound" || (status === 404 && code !== "NoSuchBucket")) {
    return writing ? new OutputError(location, "no such object", { cause: error }) : new InputError({ file: location }, "no such object", { cause: error });
  }
  if (code === "NoSuchBucket") return new NetworkError(location, `bucket "${bucket}" does not exist`, { status: status ?? 404, attempts }, { cause: error });
  if (CREDENTIAL_CODES.has(code) || status === 403) {
    return new NetworkError(
      location,
      `access to bucket "${bucket}" refused (${code}${status ? `, HTTP ${status}` : ""}): check the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and their rights on the bucket`,
      { ...(status ? { status } : {}), attempts },
      { cause: error },
    );
  }
  const what = status ? `${code}${status ? ` (HTTP ${status})` : ""}` : `${code}: ${e.message ?? String(error)}`;
  return new NetworkError(location, what, { ...(status ? { status } : {}), attempts }, { cause: error });
}

const CREDENTIAL_CODES = new Set([
  "AccessDenied",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "CredentialsProviderError",
  "ExpiredToken",
  "InvalidToken",
  "AuthorizationHeaderMalformed",
]);

function safeParse(location: string): S3Location {
  try {
    return parseS3(location);
  } catch {
    return { bucket: "?", key: "" };
  }
}
