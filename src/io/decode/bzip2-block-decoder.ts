// One bzip2 block, rewrapped as a stream of its own (bzip2-blocks.ts), decoded by libbzip2 compiled
// to wasm (@foxglove/wasm-bz2, MIT, the reference bzip2 1.0.8 sources). It decodes whole streams only
// (BZ2_bzBuffToBuffDecompress), which is why blocks are cut first; it checks the block's CRC.
import Bzip2 from "@foxglove/wasm-bz2";

let ready: Promise<Bzip2> | undefined;

/** The wasm decoder of this thread, made once. */
export function blockDecoder(): Promise<Bzip2> {
  ready ??= Bzip2.init();
  return ready;
}

/** libbzip2's return codes (bzlib.h) that decide what happens next. */
export const BZ_DATA_ERROR = -4;
const BZ_OUTBUFF_FULL = -8;

export class BlockDecodeError extends Error {
  constructor(
    readonly bzCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The block's bytes. A block holds at most level x 100 kB after bzip2's first run-length step, which
 * shrinks runs of 4..255 equal bytes to 5 bytes: text rarely has them, so the output is first
 * guessed near that size, and a block that needs more (up to 51x, all long runs) is decoded again.
 */
export function decodeBlock(decoder: Bzip2, stream: Uint8Array, level: number): Uint8Array {
  const sizes = [level * 100_000 + 65536, level * 100_000 * 8, level * 100_000 * 52];
  for (const size of sizes) {
    try {
      return decoder.decompress(stream, size);
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const code = Number(/failed: (-?\d+)/.exec(message)?.[1] ?? NaN);
      if (code === BZ_OUTBUFF_FULL && size !== sizes[sizes.length - 1]) continue;
      throw new BlockDecodeError(code, message);
    }
  }
  throw new BlockDecodeError(BZ_OUTBUFF_FULL, "bzip2 block larger than the format allows");
}
