// Objects as byte streams. The SDK retries a request that failed before its body started; a body
// cut half-way (a dropped connection, a proxy timeout) surfaces to the reader instead, so the read
// goes on from the last byte received with a ranged GET pinned to the object's ETag (If-Match: a
// replaced object fails loudly rather than splicing two versions), as the HTTP source resumes.
import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { NetworkError } from "../../errors.js";
import { parseS3, s3, s3Error, s3Url } from "./s3-client.js";

/** Resumes of one object's body after cuts; each waits twice as long as the one before. */
const RESUMES = 8;
const RESUME_BACKOFF_MS = 200;

export interface S3ReadCounters {
  /** Ranged GETs that picked up a body after a cut. */
  resumes: number;
}

/** The object's bytes, chunk by chunk, however many cuts it took. */
export async function* s3Chunks(location: string, signal?: AbortSignal, counters?: S3ReadCounters): AsyncIterable<Buffer> {
  const { bucket, key } = parseS3(location);
  const { client, sdk } = await s3();
  let offset = 0;
  let etag: string | undefined;
  let total: number | undefined;
  for (let resume = 0; ; resume++) {
    let body: Readable;
    try {
      const response = await client.send(
        new sdk.GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ...(offset > 0 ? { Range: `bytes=${offset}-`, ...(etag ? { IfMatch: etag } : {}) } : {}),
        }),
        signal ? { abortSignal: signal } : {},
      );
      if (signal?.aborted) return;
      etag ??= response.ETag;
      if (offset === 0 && response.ContentLength !== undefined) total = response.ContentLength;
      body = response.Body as Readable;
    } catch (error) {
      if (signal?.aborted) return;
      throw s3Error(location, error);
    }
    try {
      for await (const chunk of body) {
        offset += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (total === undefined || offset >= total) return;
      // ended early without an error: treat like a cut
      throw new Error(`body ended at byte ${offset} of ${total}`);
    } catch (error) {
      body.destroy();
      if (signal?.aborted) return;
      if (resume >= RESUMES)
        throw new NetworkError(location, `body cut at byte ${offset}: ${(error as Error).message}`, { attempts: resume + 1 }, { cause: error });
      counters && counters.resumes++;
      await sleep(RESUME_BACKOFF_MS * 2 ** resume, undefined, signal ? { signal } : {}).catch(() => undefined);
    }
  }
}

/** Bytes [start, end) of the object (Parquet footers and column chunks). */
export async function s3Range(location: string, start: number, end: number, signal?: AbortSignal): Promise<ArrayBuffer> {
  const { bucket, key } = parseS3(location);
  const { client, sdk } = await s3();
  // a range is small (a footer, a column chunk): a body cut half-way is asked for again whole
  for (let attempt = 0; ; attempt++) {
    let response;
    try {
      response = await client.send(
        new sdk.GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end - 1}` }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (error) {
      throw s3Error(location, error);
    }
    try {
      const bytes = await response.Body!.transformToByteArray();
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    } catch (error) {
      if (signal?.aborted || attempt >= RESUMES) {
        throw new NetworkError(location, `body of bytes ${start}-${end - 1} cut: ${(error as Error).message}`, { attempts: attempt + 1 }, { cause: error });
      }
      await sleep(RESUME_BACKOFF_MS * 2 ** attempt, undefined, signal ? { signal } : {}).catch(() => undefined);
    }
  }
}

/** The object's size, or undefined when there is no such object. */
export async function s3Size(location: string, signal?: AbortSignal): Promise<number | undefined> {
  const { bucket, key } = parseS3(location);
  const { client, sdk } = await s3();
  try {
    const head = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }), signal ? { abortSignal: signal } : {});
    return head.ContentLength ?? 0;
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404) return undefined;
    throw s3Error(location, error);
  }
}

/** The whole object as text, or undefined when there is none (markers, stats, run records). */
export async function s3ReadText(location: string): Promise<string | undefined> {
  const { bucket, key } = parseS3(location);
  const { client, sdk } = await s3();
  try {
    const response = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
    return await response.Body!.transformToString("utf8");
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404) return undefined;
    throw s3Error(location, error);
  }
}

export interface S3Listing {
  /** Full s3:// locations of the objects. */
  objects: { location: string; size: number }[];
  /** With a delimiter: the "folders" one level down, as s3:// locations ending in "/". */
  folders: string[];
}

/** Every object under `prefix` (ListObjectsV2, page by page: S3 gives at most 1000 keys a page); with `delimiter`, one level only. */
export async function s3List(prefixLocation: string, delimiter?: string, pageSize?: number): Promise<S3Listing> {
  const { bucket, key: prefix } = parseS3(prefixLocation);
  const { client, sdk } = await s3();
  const out: S3Listing = { objects: [], folders: [] };
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(
        new sdk.ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(delimiter ? { Delimiter: delimiter } : {}),
          ...(pageSize ? { MaxKeys: pageSize } : {}),
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
    } catch (error) {
      throw s3Error(prefixLocation, error);
    }
    for (const object of page.Contents ?? []) if (object.Key !== undefined) out.objects.push({ location: s3Url(bucket, object.Key), size: object.Size ?? 0 });
    for (const folder of page.CommonPrefixes ?? []) if (folder.Prefix !== undefined) out.folders.push(s3Url(bucket, folder.Prefix));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}
