// A file written through one reused 1 MiB buffer: token files are written a document at a time, and
// one write call per document would cost a system call for every few hundred bytes.
import { open, type FileHandle } from "node:fs/promises";

const SIZE = 1 << 20;

export class BufferedFile {
  static readonly SIZE = SIZE;
  /** Starts at byte 0 of its own ArrayBuffer, so typed-array views of it are aligned. */
  readonly buffer = new ArrayBuffer(SIZE);
  readonly bytes = new Uint8Array(this.buffer);
  readonly view = new DataView(this.buffer);
  /** Bytes filled in `buffer` and not yet written. */
  used = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<BufferedFile> {
    return new BufferedFile(await open(path, "w"));
  }

  /** Make sure `n` (at most SIZE) bytes fit after `used`. */
  async reserve(n: number): Promise<void> {
    if (this.used + n > SIZE) await this.flush();
  }

  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (bytes.length > SIZE - this.used) {
      await this.flush();
      if (bytes.length > SIZE) return this.writeAll(bytes);
    }
    this.bytes.set(bytes, this.used);
    this.used += bytes.length;
  }

  async flush(): Promise<void> {
    await this.writeAll(this.bytes.subarray(0, this.used));
    this.used = 0;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }

  /** Close without flushing, after a failure; the caller removes the file. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }

  private async writeAll(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) at += (await this.handle.write(bytes, at, bytes.length - at)).bytesWritten;
  }
}
