// zstd frames whose window passes 128 MiB: Pushshift's monthly dumps use `zstd --long=31`, a 2 GiB
// window. No npm decoder reads those on Node 20: every wasm build is 32-bit, where zstd caps the
// window at 2^30 (ZSTD_WINDOWLOG_MAX_32 in zstd.h) and the default limit is 2^27; fzstd computes
// `1 << 31` as a negative size; @mongodb-js/zstd 1.x is one-shot (a whole 30 GB month in memory).
// So: Node's own zlib decoder where it exists (Node >= 22.15) with windowLogMax raised, else the
// reference `zstd` command-line tool as a child process, streaming stdin -> stdout. Either holds the
// window (up to 2 GiB, as the zstd CLI itself needs) and one chunk either side, nothing more.
import * as zlib from "node:zlib";
import { Readable } from "node:stream";
import { CorpuskitError, InputError } from "../../errors.js";
import { startTool, throughTool, type LocalFile } from "./tool-decoder.js";

/** zstddec's limit (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27): frames with larger windows take this path. */
export const DEFAULT_WINDOW_LIMIT = 2 ** 27;

/**
 * The window a zstd frame header asks for (RFC 8878 section 3.1.1.1.2), or undefined when `head`
 * is not a windowed zstd frame (skippable frames, single-segment frames, other data).
 */
export function zstdWindowSize(head: Uint8Array): number | undefined {
  if (head.length < 6 || head[0] !== 0x28 || head[1] !== 0xb5 || head[2] !== 0x2f || head[3] !== 0xfd) return undefined;
  const descriptor = head[4]!;
  if (descriptor & 0x20) return undefined; // Single_Segment_flag: the window is the content size
  const exponent = head[5]! >> 3;
  const mantissa = head[5]! & 7;
  const base = 2 ** (10 + exponent);
  return base + (base / 8) * mantissa;
}

type ZlibWithZstd = typeof zlib & {
  createZstdDecompress?: (options: { params: Record<number, number>; chunkSize?: number }) => NodeJS.ReadWriteStream;
  constants: typeof zlib.constants & { ZSTD_d_windowLogMax?: number };
};

export async function* unzstdLongChunks(chunks: AsyncIterable<Buffer>, file: string, windowSize: number, local?: LocalFile): AsyncIterable<Buffer> {
  const z = zlib as ZlibWithZstd;
  if (typeof z.createZstdDecompress === "function" && z.constants.ZSTD_d_windowLogMax !== undefined) {
    yield* throughStream(chunks, file, () => z.createZstdDecompress!({ params: { [z.constants.ZSTD_d_windowLogMax!]: 31 }, chunkSize: 256 * 1024 }));
    return;
  }
  yield* throughCli(chunks, file, windowSize, local);
}

async function* throughStream(chunks: AsyncIterable<Buffer>, file: string, make: () => NodeJS.ReadWriteStream): AsyncIterable<Buffer> {
  const decoder = make();
  const input = Readable.from(chunks, { objectMode: false });
  input.on("error", (error) => (decoder as unknown as Readable).destroy(error));
  input.pipe(decoder);
  try {
    for await (const chunk of decoder as unknown as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    if (error instanceof CorpuskitError) throw error;
    throw new InputError({ file }, `corrupt zstd stream: ${(error as Error).message}`, { cause: error });
  } finally {
    input.destroy();
    (decoder as unknown as Readable).destroy();
  }
}

async function* throughCli(chunks: AsyncIterable<Buffer>, file: string, windowSize: number, local: LocalFile | undefined): AsyncIterable<Buffer> {
  const tool = await startTool("zstd", ["-d", "-c", "-q", "--long=31"], local);
  if (!tool) {
    const mib = Math.round(windowSize / 2 ** 20);
    throw new InputError(
      { file },
      `this zstd file uses a ${mib} MiB window (zstd --long); on Node 20 corpuskit decodes such windows with the zstd command-line tool, which was not found: install it (apt-get install zstd, brew install zstd) or run Node >= 22.15`,
    );
  }
  yield* throughTool(
    tool,
    local ? undefined : chunks,
    file,
    (message) => (/truncated|unexpected end|premature/i.test(message) ? `truncated zstd stream (${message})` : `corrupt zstd stream: ${message}`),
    local,
  );
}
