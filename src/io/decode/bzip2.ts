// bzip2 (older Reddit months `RC_2005-12.bz2`..., Wikipedia dumps `*-pages-articles.xml.bz2`): the
// stream is cut into its blocks (bzip2-blocks.ts) and the blocks are decoded by libbzip2 in wasm
// (bzip2-block-decoder.ts) on DECODE_THREADS threads beside this one, in parallel and delivered in
// order, as pbzip2 and lbzip2 do: `npm run bench -- read-codecs` measures this against `bzip2 -dc`
// piping into the same parsing. At most MAX_IN_FLIGHT blocks are out at once (each at most level x
// 100 kB before bzip2's first run-length step), so memory does not grow with the file. Inputs of one
// or two blocks decode on this thread: a thread costs more to start than they take to decode.
// Concatenated streams (`cat a.bz2 b.bz2`, pbzip2's output) decode as one; bytes after the last
// complete stream that start no other are ignored, as bzip2 does.
import { availableParallelism } from "node:os";
import { CorpuskitError, InputError } from "../../errors.js";
import { BZ_DATA_ERROR, BlockDecodeError, blockDecoder, decodeBlock } from "./bzip2-block-decoder.js";
import { Bzip2BlockSplitter, blockCrc, combineCrc, joinPieces, pieceStream, type BlockPiece } from "./bzip2-blocks.js";
import { DecodeThread } from "./decode-thread.js";

/**
 * One core is left to the parsing thread: one decoder thread on 2 cores (measured here under load: a
 * second one only added CPU), two from 3 cores on; more only queue.
 * CORPUSKIT_BZIP2_THREADS sets another number (0: decode on this thread, as for small inputs).
 */
export const DECODE_THREADS = Number(process.env.CORPUSKIT_BZIP2_THREADS ?? Math.max(1, Math.min(2, availableParallelism() - 1)));
const MAX_IN_FLIGHT = 2 * Math.max(1, DECODE_THREADS) + 1;
/** Pieces joined when a block fails its CRC, in case a magic look-alike cut it (bzip2-blocks.ts). */
const MAX_JOINS = 4;

type Outcome = { ok: true; out: Uint8Array } | { ok: false; bzCode: number; message: string };

export async function* bunzip2Chunks(chunks: AsyncIterable<Buffer>, file: string): AsyncIterable<Buffer> {
  const source = chunks[Symbol.asyncIterator]();
  const splitter = new Bzip2BlockSplitter();
  const pieces: BlockPiece[] = [];
  let ended = false;
  let truncated = false;
  let any = false;
  const readMore = async () => {
    const next = await source.next();
    try {
      if (next.done) {
        ended = true;
        const last = splitter.end();
        pieces.push(...last.pieces);
        truncated = last.truncated && any;
      } else if (next.value.length > 0) {
        any = true;
        pieces.push(...splitter.push(next.value));
      }
    } catch (error) {
      throw new InputError({ file }, `corrupt bzip2 stream: ${(error as Error).message}`, { cause: error });
    }
  };
  const inline = async (piece: BlockPiece): Promise<Outcome> => {
    try {
      return { ok: true, out: decodeBlock(await blockDecoder(), pieceStream(piece), piece.level) };
    } catch (error) {
      if (!(error instanceof BlockDecodeError)) throw error;
      return { ok: false, bzCode: error.bzCode, message: error.message };
    }
  };
  /** A failed piece joined with the ones after it, decoded here, until it decodes (or cannot be). */
  const recover = async (piece: BlockPiece, failed: Outcome & { ok: false }): Promise<{ out: Uint8Array; piece: BlockPiece }> => {
    let joined = piece;
    let outcome: Outcome = failed;
    for (let joins = 0; !outcome.ok && outcome.bzCode === BZ_DATA_ERROR && !joined.last && joins < MAX_JOINS; joins++) {
      while (pieces.length === 0 && !ended) await readMore();
      const next = pieces.shift();
      if (!next) break;
      joined = joinPieces(joined, next);
      outcome = await inline(joined);
    }
    if (outcome.ok) return { out: outcome.out, piece: joined };
    throw new InputError({ file }, `corrupt bzip2 stream: ${outcome.message}`);
  };
  // Each block passed its own CRC when it decoded; the stream's CRC checks that none is missing or repeated.
  // A mismatch is thrown once the stream's last block is delivered (its blocks are each sound).
  let combined = 0;
  let stream = 0;
  let mismatch: InputError | undefined;
  const decoded = (piece: BlockPiece, out: Uint8Array): Buffer => {
    combined = combineCrc(combined, blockCrc(piece));
    if (piece.last) {
      stream++;
      if (combined !== piece.streamCrc) {
        mismatch ??= new InputError(
          { file },
          `corrupt bzip2 stream: stream ${stream}'s blocks each pass their CRC, but their combined CRC is ${combined} where the stream says ${piece.streamCrc} (a block missing or repeated?)`,
        );
      }
      combined = 0;
    }
    return toBuffer(out);
  };

  let threads: DecodeThread[] | undefined;
  try {
    while (pieces.length < 3 && !ended) await readMore();
    if (DECODE_THREADS > 0 && (!ended || pieces.length > 2)) threads = Array.from({ length: DECODE_THREADS }, () => new DecodeThread({ codec: "bzip2" }));
    if (!threads) {
      while (pieces.length > 0) {
        const piece = pieces.shift()!;
        const outcome = await inline(piece);
        const done = outcome.ok ? { out: outcome.out, piece } : await recover(piece, outcome);
        yield decoded(done.piece, done.out);
        if (mismatch) throw mismatch;
      }
    } else {
      const inFlight: BlockPiece[] = [];
      let sent = 0;
      let taken = 0;
      for (;;) {
        while (inFlight.length < MAX_IN_FLIGHT && (pieces.length > 0 || !ended)) {
          if (pieces.length === 0) {
            await readMore();
            continue;
          }
          const piece = pieces.shift()!;
          const stream = pieceStream(piece);
          threads[sent++ % threads.length]!.send({ kind: "block", id: sent, stream, level: piece.level }, [stream.buffer as ArrayBuffer]);
          inFlight.push(piece);
        }
        const piece = inFlight.shift();
        if (!piece) break;
        const reply = await threads[taken++ % threads.length]!.next();
        if (reply.kind === "block") {
          yield decoded(piece, reply.out);
          if (mismatch) throw mismatch;
          continue;
        }
        if (reply.kind !== "block-failed") throw new Error(`corpuskit: unexpected reply from the bzip2 decoder thread: ${reply.kind}`);
        // Rare (a corrupt block, or a magic look-alike): take back the blocks out on the threads, in order, and go on here.
        for (let k = 0; k < inFlight.length; k++) await threads[taken++ % threads.length]!.next();
        pieces.unshift(...inFlight.splice(0));
        const done = await recover(piece, { ok: false, bzCode: reply.bzCode, message: reply.message });
        yield decoded(done.piece, done.out);
        if (mismatch) throw mismatch;
      }
    }
    if (truncated) throw new InputError({ file }, "truncated bzip2 stream (unexpected end of file)");
  } catch (error) {
    if (error instanceof CorpuskitError) throw error;
    throw new InputError({ file }, `corrupt bzip2 stream: ${(error as Error).message ?? String(error)}`, { cause: error });
  } finally {
    if (threads) await Promise.all(threads.map((t) => t.close()));
    if (!ended) await source.return?.();
  }
}

function toBuffer(out: Uint8Array): Buffer {
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
