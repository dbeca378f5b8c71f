// A guard against decompression bombs (a few MB that expand to terabytes): counted while streaming,
// per output chunk, so a bomb is stopped after at most the floor plus one chunk, never after buffering.
import { InputError } from "../../errors.js";

export interface ExpansionLimits {
  /** Output may be at most this many times the compressed bytes read so far (past the floor). */
  maxExpansion: number;
  /** Output may never pass this many bytes. */
  maxDecompressedBytes?: number | undefined;
}

/**
 * Below this much output the ratio is not checked: small files of repeated lines compress far past
 * any ratio, and the ratio early in a stream is noisy (the decoder may have read a whole 1 MiB chunk
 * and written little yet). 64 MiB of output costs no more memory than one read buffer downstream.
 */
export const EXPANSION_FLOOR = 64 * 1024 * 1024;

export const DEFAULT_EXPANSION_LIMITS: ExpansionLimits = { maxExpansion: 100 };

/**
 * Counts the compressed bytes `decode` pulls from `chunks`, and checks its output against them. A
 * decoder that has a tool read the file itself instead says how far it got through `consumed`.
 */
export async function* limitExpansion(
  chunks: AsyncIterable<Buffer>,
  decode: (chunks: AsyncIterable<Buffer>, consumed: (bytes: number) => void) => AsyncIterable<Buffer>,
  file: string,
  limits: ExpansionLimits,
): AsyncIterable<Buffer> {
  let compressed = 0;
  const consumed = (bytes: number) => {
    compressed = Math.max(compressed, bytes);
  };
  const counted = (async function* () {
    for await (const chunk of chunks) {
      compressed += chunk.length;
      yield chunk;
    }
  })();
  let out = 0;
  for await (const chunk of decode(counted, consumed)) {
    out += chunk.length;
    if (limits.maxDecompressedBytes !== undefined && out > limits.maxDecompressedBytes) {
      throw new InputError(
        { file },
        `decompressed output passed ${limits.maxDecompressedBytes} bytes (maxDecompressedBytes); raise the option to read this file`,
      );
    }
    if (out > EXPANSION_FLOOR && out > limits.maxExpansion * compressed) {
      throw new InputError(
        { file },
        `decompressed output (${out} bytes) passed ${limits.maxExpansion} times the ${compressed} compressed bytes read (maxExpansion): a decompression bomb? raise maxExpansion to read this file`,
      );
    }
    yield chunk;
  }
}
