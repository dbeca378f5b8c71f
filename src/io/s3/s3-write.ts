// Writing objects. An object appears under its final name only when whole: a small one with a
// single PUT, a large one as a multipart upload that S3 assembles on CompleteMultipartUpload. A
// writer destroyed before the end aborts its upload, so an interrupted run leaves no object and no
// parts billed in the bucket (a process killed outright cannot: clearTaskUploads removes those on the
// rerun). Each part is a Buffer, so the SDK's retries (503 SlowDown, 500, dropped connections) can
// send it again.
import { Writable } from "node:stream";
import { parseS3, s3, s3Error } from "./s3-client.js";

/** S3's smallest part (but the last) is 5 MiB; 8 MiB is the AWS CLI's default part size. */
export const PART_BYTES = 8 << 20;
/** Parts in flight at once: uploads overlap with producing the next part. */
const PARTS_IN_FLIGHT = 4;

/** A Writable whose bytes become the object `location` on end(), or nothing on destroy(). */
export class S3WriteStream extends Writable {
  private readonly bucket: string;
  private readonly key: string;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private uploadId: string | undefined;
  private readonly parts: { PartNumber: number; ETag: string }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private completed = false;
  private nextPart = 1;
  private creating: Promise<string> | undefined;

  constructor(
    readonly location: string,
    private readonly partBytes = PART_BYTES,
  ) {
    super({ highWaterMark: 1 << 20 });
    ({ bucket: this.bucket, key: this.key } = parseS3(location));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered < this.partBytes) return callback();
    this.sendPart(this.take()).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.finishObject().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.completed || this.creating === undefined) return callback(error);
    // wait for the upload's creation and the parts in flight: an upload created, or a part landing,
    // after the abort would leave storage behind
    Promise.allSettled([this.creating, ...this.inFlight])
      .then(async () => {
        const uploadId = this.uploadId;
        this.uploadId = undefined;
        if (uploadId === undefined || this.completed) return;
        const { client, sdk } = await s3();
        return client.send(new sdk.AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: uploadId }));
      })
      .then(
        () => callback(error),
        () => callback(error),
      );
  }

  private take(): Buffer {
    const part = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    return part;
  }

  private async sendPart(body: Buffer): Promise<void> {
    const { client, sdk } = await s3();
    try {
      if (this.uploadId === undefined) {
        this.creating ??= client.send(new sdk.CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key })).then((created) => created.UploadId!);
        this.uploadId = await this.creating;
      }
    } catch (error) {
      throw s3Error(this.location, error, true);
    }
    const partNumber = this.nextPart++;
    const uploadId = this.uploadId;
    const upload = client
      .send(
        new sdk.UploadPartCommand({ Bucket: this.bucket, Key: this.key, UploadId: uploadId, PartNumber: partNumber, Body: body, ContentLength: body.length }),
      )
      .then((response) => {
        this.parts.push({ PartNumber: partNumber, ETag: response.ETag! });
      });
    const tracked = upload.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    tracked.catch(() => undefined);
    if (this.inFlight.size >= PARTS_IN_FLIGHT) await this.settleOne();
  }

  private async settleOne(): Promise<void> {
    try {
      await Promise.race(this.inFlight);
    } catch (error) {
      throw s3Error(this.location, error, true);
    }
  }

  private async finishObject(): Promise<void> {
    const { client, sdk } = await s3();
    const rest = this.take();
    try {
      if (this.uploadId === undefined) {
        await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: rest, ContentLength: rest.length }));
        this.completed = true;
        return;
      }
      if (rest.length > 0) await this.sendPart(rest);
      await Promise.all([...this.inFlight]);
      const parts = [...this.parts].sort((a, b) => a.PartNumber - b.PartNumber);
      await client.send(
        new sdk.CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId, MultipartUpload: { Parts: parts } }),
      );
      this.completed = true;
    } catch (error) {
      throw s3Error(this.location, error, true);
    }
  }
}

/** A whole small object in one PUT (markers, stats, run records): atomic by S3's own rules. */
export async function s3PutObject(location: string, data: string | Buffer): Promise<void> {
  const { bucket, key } = parseS3(location);
  const body = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const { client, sdk } = await s3();
  try {
    await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length }));
  } catch (error) {
    throw s3Error(location, error, true);
  }
}

/** Delete objects (at most 1000 a request, S3's limit). */
export async function s3Delete(locations: readonly string[]): Promise<void> {
  const { client, sdk } = await s3();
  for (let i = 0; i < locations.length; i += 1000) {
    const batch = locations.slice(i, i + 1000).map(parseS3);
    if (batch.length === 0) continue;
    try {
      await client.send(new sdk.DeleteObjectsCommand({ Bucket: batch[0]!.bucket, Delete: { Objects: batch.map((b) => ({ Key: b.key })), Quiet: true } }));
    } catch (error) {
      throw s3Error(locations[i]!, error, true);
    }
  }
}

/**
 * Abort the multipart uploads left under `prefixLocation` whose key's last part passes `mine` (a
 * task killed outright could not abort its own). Best effort: a store without
 * ListMultipartUploads loses nothing but storage, since an unfinished upload is never an object.
 */
export async function s3AbortUploads(prefixLocation: string, mine: (name: string) => boolean): Promise<number> {
  const { bucket, key: prefix } = parseS3(prefixLocation);
  const { client, sdk } = await s3();
  let aborted = 0;
  try {
    const listed = await client.send(new sdk.ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
    for (const upload of listed.Uploads ?? []) {
      const name = upload.Key?.slice(prefix.length) ?? "";
      if (name.includes("/") || !mine(name)) continue;
      await client.send(new sdk.AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key!, UploadId: upload.UploadId! }));
      aborted++;
    }
  } catch {
    // see above
  }
  return aborted;
}
