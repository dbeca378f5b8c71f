// The files the multi-stage MinHash tasks exchange, as datatrove's MinhashDedup* stages do: binary,
// little-endian, fixed-size records after a 32-byte header that names the kind (magic), the layout
// version and the settings fingerprint, so a stage refuses files from another configuration or a
// newer corpuskit instead of misreading them. Header: 0 magic (8 ASCII bytes), 8 version (uint16),
// 10 key bytes (uint16), 12 settings fingerprint, 16 record count, 20 a, 24 b, 28 c (uint32 each).
//
//   signatures <sig>/bucket_<band:03d>/<rank:05d>.minhash.sig, one per band and task (minhashSignatures)
//     magic CKMHSIG1, key bytes 4 or 8, a = band, b = bands, c = rank; records: the band key (4 bytes,
//     or 8: low word then high word, i.e. a uint64 LE) and the document's index in the task's stream
//     (uint32), ascending by key as unsigned, then by document
//   ids        <sig>/ids/<rank:05d>.jsonl: the task's document ids in order, one JSON string a line
//   task       <sig>/ranks/<rank:05d>.json: documents and settings, written last (the completion marker)
//   pairs      <dups>/<band:03d>-<part:03d>of<parts:03d>.dups (minhashBuckets)
//     magic CKMHDUP1, a = band, b = part, c = parts; records: rank and document of the earlier
//     document, then of the later one (4 x uint32)
//   removals   <clusters>/<rank:05d>.remove (minhashClusters)
//     magic CKMHREM1, a = rank, b = documents in the task; records: document index, then rank and
//     document of its cluster's first document (3 x uint32), ascending; beside it
//     <rank:05d>.duplicate_of.jsonl holds those first documents' ids, a line per record.
import { open, rename, type FileHandle } from "node:fs/promises";
import { InputError, OutputError } from "../../errors.js";

export const VERSION = 1;
export const HEADER_BYTES = 32;

/** A header's fields. */
export interface Header {
  magic: string;
  /** Key bytes for signatures, 0 otherwise. */
  keyBytes: number;
  fingerprint: number;
  /** Record count. */
  count: number;
  /** Per kind: signatures band, bands, rank; pairs band, part, parts; removals rank, documents, 0. */
  a: number;
  b: number;
  c: number;
}

export const MAGIC = { signatures: "CKMHSIG1", pairs: "CKMHDUP1", removals: "CKMHREM1" } as const;

export function encodeHeader(h: Header): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  out.write(h.magic, 0, "latin1");
  out.writeUInt16LE(VERSION, 8);
  out.writeUInt16LE(h.keyBytes, 10);
  out.writeUInt32LE(h.fingerprint >>> 0, 12);
  out.writeUInt32LE(h.count, 16);
  out.writeUInt32LE(h.a, 20);
  out.writeUInt32LE(h.b, 24);
  out.writeUInt32LE(h.c, 28);
  return out;
}

export function decodeHeader(data: Buffer, magic: string, file: string): Header {
  if (data.length < HEADER_BYTES || data.toString("latin1", 0, 8) !== magic) {
    throw new InputError({ file }, `expected a corpuskit MinHash file starting with "${magic}"`);
  }
  const version = data.readUInt16LE(8);
  if (version !== VERSION) throw new InputError({ file }, `layout version ${version}; this corpuskit reads version ${VERSION}`);
  return {
    magic,
    keyBytes: data.readUInt16LE(10),
    fingerprint: data.readUInt32LE(12),
    count: data.readUInt32LE(16),
    a: data.readUInt32LE(20),
    b: data.readUInt32LE(24),
    c: data.readUInt32LE(28),
  };
}

/** Buffered writes to `<path>.tmp`, renamed to `path` by close(): no partial file under a final name. */
export class FileWriter {
  readonly buffer = Buffer.alloc(1 << 20);
  private handle: FileHandle | undefined;
  private used = 0;
  /** Bytes written so far. */
  written = 0;

  private constructor(readonly path: string) {}

  static async create(path: string): Promise<FileWriter> {
    const writer = new FileWriter(path);
    try {
      writer.handle = await open(`${path}.tmp`, "w");
    } catch (error) {
      throw new OutputError(path, `cannot create: ${(error as Error).message}`, { cause: error });
    }
    return writer;
  }

  /** Whether `n` more bytes fit in the buffer before a flush(). */
  fits(n: number): boolean {
    return this.used + n <= this.buffer.length;
  }

  /** Take `n` bytes of the buffer (after checking fits); returns their offset in `buffer`. */
  claim(n: number): number {
    const at = this.used;
    this.used += n;
    this.written += n;
    return at;
  }

  async write(data: Buffer | string): Promise<void> {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    if (!this.fits(bytes.length)) await this.flush();
    if (bytes.length > this.buffer.length) {
      await this.handle!.write(bytes);
      this.written += bytes.length;
      return;
    }
    bytes.copy(this.buffer, this.claim(bytes.length));
  }

  /** Overwrite bytes already written (a header whose record count is known only at the end). */
  async patch(position: number, data: Buffer): Promise<void> {
    await this.flush();
    await this.handle!.write(data, 0, data.length, position);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle!.close();
    try {
      await rename(`${this.path}.tmp`, this.path);
    } catch (error) {
      throw new OutputError(this.path, `cannot rename into place: ${(error as Error).message}`, { cause: error });
    }
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    try {
      await this.handle!.write(this.buffer, 0, this.used);
    } catch (error) {
      throw new OutputError(this.path, `cannot write: ${(error as Error).message}`, { cause: error });
    }
    this.used = 0;
  }
}

/**
 * Fixed-size records after the header, read in chunks from any record on: the buckets stage starts
 * each task's hash range part-way through every file, found by binary search with positional reads.
 */
export class RecordReader {
  private chunk: Buffer;
  private chunkStart = 0;
  private chunkCount = 0;
  /** Index of the current record. */
  index = 0;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    readonly header: Header,
    readonly recordBytes: number,
  ) {
    this.chunk = Buffer.alloc(recordBytes * 4096);
  }

  static async open(file: string, magic: string, recordBytes: (h: Header) => number): Promise<RecordReader> {
    let handle: FileHandle;
    try {
      handle = await open(file, "r");
    } catch (error) {
      throw new InputError({ file }, `cannot open: ${(error as Error).message}`, { cause: error });
    }
    const head = Buffer.alloc(HEADER_BYTES);
    await handle.read(head, 0, HEADER_BYTES, 0);
    const header = decodeHeader(head, magic, file);
    const size = recordBytes(header);
    const { size: fileBytes } = await handle.stat();
    if (fileBytes !== HEADER_BYTES + header.count * size) {
      await handle.close();
      throw new InputError(
        { file },
        `the header announces ${header.count} records of ${size} bytes (${HEADER_BYTES + header.count * size} bytes), the file has ${fileBytes}: truncated or overwritten`,
      );
    }
    return new RecordReader(file, handle, header, size);
  }

  /** The uint32 at byte `offset` of record `i`, read directly (for binary search). */
  async wordAt(i: number, offset: number): Promise<number> {
    const b = Buffer.alloc(4);
    await this.handle.read(b, 0, 4, HEADER_BYTES + i * this.recordBytes + offset);
    return b.readUInt32LE(0);
  }

  /** Move to record `i`. */
  seek(i: number): void {
    this.index = i;
    this.chunkCount = 0;
  }

  /** The buffer and byte offset of the current record, or undefined at the end. */
  async current(): Promise<{ data: Buffer; at: number } | undefined> {
    if (this.index >= this.header.count) return undefined;
    if (this.index < this.chunkStart || this.index >= this.chunkStart + this.chunkCount) {
      const n = Math.min(this.chunk.length / this.recordBytes, this.header.count - this.index);
      await this.handle.read(this.chunk, 0, n * this.recordBytes, HEADER_BYTES + this.index * this.recordBytes);
      this.chunkStart = this.index;
      this.chunkCount = n;
    }
    return { data: this.chunk, at: (this.index - this.chunkStart) * this.recordBytes };
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
