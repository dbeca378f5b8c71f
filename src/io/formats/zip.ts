// Zip archives (MNBVC's raw dumps, nlp_chinese_corpus, CLUECorpusSmall) read member by member,
// never extracted to disk: each member streams through the reader its own name calls for
// (`a.zip/dir/part.jsonl` as JSON Lines), and its documents are named `a.zip/dir/part.jsonl:17`.
// A stored member of a local archive also says where its bytes lie (`stored`), for Parquet's
// random access.
// @zip.js/zip.js reads the central directory by random access (local file or HTTP Range), with
// Zip64, ZipCrypto and WinZip AES; it was the one maintained reader with both encryptions
// (yauzl and unzipper have no AES).
import { Reader, ZipReader, configure, type Entry, type FileEntry } from "@zip.js/zip.js";
import { createReadStream } from "node:fs";
import { open as openFile } from "node:fs/promises";
import { crc32, createInflateRaw } from "node:zlib";
import type { Doc } from "../../doc.js";
import { CorpuskitError, InputError } from "../../errors.js";
import { EXPANSION_FLOOR } from "../decode/expansion-limit.js";
import type { FileReadContext, FileReader } from "../reader.js";
import type { ReaderConfig } from "../reader-options.js";
import { assertReadableFile } from "../sources/file.js";
import { httpRange, httpSize, isUrl, type HttpConfig } from "../sources/http.js";
import { namePart } from "../sources/name-part.js";

// Workers would load a separate script per archive; decoding runs on this thread like every other codec.
configure({ useWebWorkers: false });

export function isZipFile(file: string): boolean {
  return /\.zip$/i.test(namePart(file));
}

/** Members that are never documents: macOS resource forks and Finder files that zip tools add. */
export function isJunkMember(name: string): boolean {
  return name.startsWith("__MACOSX/") || name.includes("/__MACOSX/") || /(^|\/)\.DS_Store$/.test(name) || /(^|\/)\._[^/]*$/.test(name);
}

class FileRangeReader extends Reader<string> {
  private handle?: Awaited<ReturnType<typeof openFile>>;
  constructor(private readonly path: string) {
    super(path);
  }
  override async init(): Promise<void> {
    this.size = await assertReadableFile(this.path);
    this.handle = await openFile(this.path, "r");
  }
  override async readUint8Array(index: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    const { bytesRead } = await this.handle!.read(out, 0, length, index);
    return bytesRead === length ? out : out.subarray(0, bytesRead);
  }
  async close(): Promise<void> {
    await this.handle?.close();
  }
}

class HttpRangeBytes extends Reader<string> {
  constructor(
    private readonly url: string,
    private readonly http: HttpConfig,
    private readonly signal?: AbortSignal,
  ) {
    super(url);
  }
  override async init(): Promise<void> {
    this.size = await httpSize(this.url, this.http, this.signal);
  }
  override async readUint8Array(index: number, length: number): Promise<Uint8Array> {
    return new Uint8Array(await httpRange(this.url, index, index + length, this.http, this.signal));
  }
  async close(): Promise<void> {}
}

export interface ZipReadOptions extends ReaderConfig {
  password?: string | undefined;
}

/**
 * The documents of every member `readerFor` takes, in the archive's order. Limits on compressed input
 * hold per member (against its compressed size) and for the archive's total output.
 */
export async function* zipFileDocs<O extends ZipReadOptions>(
  fc: FileReadContext,
  options: O,
  readerFor: (member: string) => FileReader<O> | undefined,
): AsyncIterable<Doc> {
  const { file, ctx } = fc;
  const source = isUrl(file) ? new HttpRangeBytes(file, options.http, ctx.signal) : new FileRangeReader(file);
  // Names only label documents (nothing is written to disk), so `../x` or `/abs` names are harmless here.
  const zip = new ZipReader(source, { password: options.password, checkSignature: true, filenameValidation: "tolerant" });
  try {
    let entries: Entry[];
    try {
      entries = await zip.getEntries();
    } catch (error) {
      throw asInputError(error, file, "cannot read the zip archive");
    }
    const members = entries.filter((e): e is FileEntry => !e.directory && !isJunkMember(e.filename));
    // Check every encrypted member's password first: a wrong password is an error before any
    // document is delivered, not after the members that happened to come first.
    for (const entry of members) {
      if (!entry.encrypted) continue;
      if (options.password === undefined) throw new InputError({ file }, `member ${entry.filename} is encrypted: set the password option`);
      try {
        await entry.getData(new WritableStream(), { password: options.password, checkPasswordOnly: true });
      } catch (error) {
        throw asInputError(error, file, `wrong password for member ${entry.filename}`);
      }
    }
    let total = 0;
    for (const entry of members) {
      const member = `${file}/${entry.filename}`;
      const reader = readerFor(member);
      if (!reader) {
        ctx.stats.add("zip_members_skipped");
        continue;
      }
      ctx.stats.add("zip_members");
      const local = source instanceof FileRangeReader && isPlain(entry) ? await memberDataStart(file, entry, member) : undefined;
      const bytes = () => (local !== undefined ? localMemberBytes(file, entry, member, local) : memberBytes(entry, options.password, member));
      const open = () =>
        limited(bytes(), entry.compressedSize, member, options, (n) => {
          total += n;
          if (options.maxDecompressedBytes !== undefined && total > options.maxDecompressedBytes) {
            throw new InputError(
              { file },
              `the archive's decompressed output passed ${options.maxDecompressedBytes} bytes (maxDecompressedBytes); raise the option to read it`,
            );
          }
        });
      // The member's bytes count into progress as they are stored in the archive.
      fc.progress.readBytes += entry.compressedSize;
      const stored = local !== undefined && entry.compressionMethod === STORED ? { path: file, start: local, length: entry.compressedSize } : undefined;
      for await (const doc of reader({ ...fc, file: member, open, ...(stored ? { stored } : {}) }, options)) {
        // meta.file_path (set by the reader around this one) names the archive; the member goes beside it
        if (options.addFilePath) doc.meta.zip_member = entry.filename;
        yield doc;
      }
    }
  } finally {
    await zip.close().catch(() => {});
    await source.close();
  }
}

const STORED = 0;
const DEFLATE = 8;

/** An unencrypted member, stored or deflated: the fast path's members. */
function isPlain(entry: FileEntry): boolean {
  return !entry.encrypted && (entry.compressionMethod === STORED || entry.compressionMethod === DEFLATE);
}

/**
 * A plain member of a local archive, read from its byte range and inflated by Node's zlib, which
 * runs on libuv's thread pool: inflating overlaps the parsing, as `unzip -p | ...` does on a second
 * core (zip.js inflates through web streams on this thread: 2.5x slower than `unzip -p` at low load,
 * bench/REPORT.md read-codecs). The CRC-32 and the size are checked against the central directory.
 */
async function* localMemberBytes(path: string, entry: FileEntry, member: string, start: number): AsyncIterable<Buffer> {
  // zlib's default 16 KiB output chunks cost the line splitting a step each: 256 KiB, as gzip.ts uses
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 20 });
  const inflate = entry.compressionMethod === DEFLATE ? createInflateRaw({ chunkSize: 256 * 1024 }) : undefined;
  if (inflate) {
    raw.on("error", (error) => inflate.destroy(error));
    raw.pipe(inflate);
  }
  let crc = 0;
  let size = 0;
  try {
    for await (const chunk of (inflate ?? raw) as AsyncIterable<Buffer>) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      yield chunk;
    }
  } catch (error) {
    throw asInputError(error, member, "corrupt zip member");
  } finally {
    raw.destroy();
    inflate?.destroy();
  }
  if (size !== entry.uncompressedSize) {
    throw new InputError({ file: member }, `corrupt zip member: ${size} bytes where the archive says ${entry.uncompressedSize} (cut short?)`);
  }
  const expected = entry.signature;
  if (expected !== undefined && crc >>> 0 !== expected >>> 0) {
    throw new InputError({ file: member }, `corrupt zip member: its CRC-32 is ${crc >>> 0}, the archive says ${expected >>> 0}`);
  }
}

/** Where a member's data starts in a local archive: after its local header, whose name and extra field may differ in length from the central directory's. */
async function memberDataStart(path: string, entry: FileEntry, member: string): Promise<number> {
  const header = Buffer.alloc(30);
  const handle = await openFile(path, "r");
  let bytesRead: number;
  try {
    ({ bytesRead } = await handle.read(header, 0, 30, entry.offset));
  } finally {
    await handle.close();
  }
  if (bytesRead < 30 || header.readUInt32LE(0) !== 0x04034b50) throw new InputError({ file: member }, "corrupt zip member: no local file header at its offset");
  return entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

async function* memberBytes(entry: FileEntry, password: string | undefined, member: string): AsyncIterable<Buffer> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>(undefined, undefined, { highWaterMark: 4 });
  const done = entry.getData(writable, { password }).catch((error: unknown) => {
    failure = error;
  });
  let failure: unknown;
  const reader = readable.getReader();
  try {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      if (value.length > 0) yield Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
    await done;
    if (failure) throw asInputError(failure, member, "corrupt zip member");
  } catch (error) {
    throw asInputError(error, member, "corrupt zip member");
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** maxExpansion against the member's compressed size (past the same floor as a .gz), maxDecompressedBytes per member and in total. */
async function* limited(
  chunks: AsyncIterable<Buffer>,
  compressed: number,
  member: string,
  options: ReaderConfig,
  onBytes: (n: number) => void,
): AsyncIterable<Buffer> {
  let out = 0;
  for await (const chunk of chunks) {
    out += chunk.length;
    if (options.maxDecompressedBytes !== undefined && out > options.maxDecompressedBytes) {
      throw new InputError(
        { file: member },
        `decompressed output passed ${options.maxDecompressedBytes} bytes (maxDecompressedBytes); raise the option to read this member`,
      );
    }
    if (out > EXPANSION_FLOOR && out > options.maxExpansion * compressed) {
      throw new InputError(
        { file: member },
        `decompressed output (${out} bytes) passed ${options.maxExpansion} times the member's ${compressed} compressed bytes (maxExpansion): a zip bomb? raise maxExpansion to read it`,
      );
    }
    onBytes(chunk.length);
    yield chunk;
  }
}

function asInputError(error: unknown, file: string, what: string): CorpuskitError {
  if (error instanceof CorpuskitError) return error;
  return new InputError({ file }, `${what}: ${(error as Error).message ?? String(error)}`, { cause: error });
}
