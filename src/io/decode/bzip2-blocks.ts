// A bzip2 stream cut into its blocks, each rewrapped as a bzip2 stream of its own, so that blocks can
// be decoded one by one, on several threads, by a decoder that takes whole streams (libbzip2's
// BZ2_bzBuffToBuffDecompress). The format's facts (Seward's bzip2 1.0.8 sources, compress.c and
// decompress.c; also the layout pbzip2 and lbzip2 split on):
// - a stream is "BZh" + a level digit '1'..'9', then blocks, then the end-of-stream marker;
// - a block starts with the 48-bit magic 0x314159265359 and its 32-bit CRC, at any bit position
//   (blocks are not byte-aligned); the end-of-stream marker is the 48-bit 0x177245385090 and the
//   stream's combined CRC, then zero bits up to the next byte; concatenated streams follow directly;
// - a block's own CRC covers its output alone, so a block is a whole stream once given a header and
//   an end-of-stream marker whose combined CRC is that block's CRC (combined = rotl1(0) ^ crc);
// - the stream's combined CRC folds its blocks' CRCs in order, so a block missing, repeated or
//   moved between streams fails it though every block passes its own.
// The magic is found by scanning, so a 48-bit pattern inside a block's Huffman data can look like a
// boundary (about once per 2^48 bit positions). Such a piece fails its CRC; bzip2.ts then joins it
// with the next piece (`joinPieces`) and decodes the two as one block.

const BLOCK_MAGIC = 0x314159265359;
const END_MAGIC = 0x177245385090;
const HEADER = [0x42, 0x5a, 0x68]; // "BZh"

/** One block's bits, as found in the input. */
export interface BlockPiece {
  /** The bytes that hold the block: its first bit is bit `startBit` of bytes[0]. */
  bytes: Uint8Array;
  startBit: number;
  /** Bits of the block, magic included, up to (not including) the next magic. */
  bitLength: number;
  /** The stream's level digit (1-9): blocks hold at most level x 100 kB before the initial RLE. */
  level: number;
  /** The block ends at its stream's end-of-stream marker (it cannot be joined to a next piece). */
  last: boolean;
  /** On the last piece: the stream's combined CRC, from after the end-of-stream marker. */
  streamCrc?: number;
}

/** The CRC in a piece's block header, after its magic. */
export function blockCrc(piece: BlockPiece): number {
  return readBits(piece.bytes, piece.startBit + 48, 32);
}

/** A stream's combined CRC with one more block's (bzip2's compress.c: rotate left by 1, then xor). */
export function combineCrc(combined: number, crc: number): number {
  return (((combined << 1) | (combined >>> 31)) ^ crc) >>> 0;
}

/** The 8 byte-aligned 32-bit words a 48-bit magic puts in bytes i+1..i+4 at bit offsets 0..7 of byte i. */
function wordsOf(magic: number): number[] {
  const words: number[] = [];
  for (let shift = 0; shift < 8; shift++) words.push(Math.floor(magic / 2 ** (8 + shift)) % 2 ** 32);
  return words;
}

const CANDIDATE_WORDS = [...wordsOf(BLOCK_MAGIC), ...wordsOf(END_MAGIC)];
/** The top 16 bits of every candidate word: a cheap first test per byte. */
const CANDIDATE_HIGH = new Uint8Array(65536);
for (const w of CANDIDATE_WORDS) CANDIDATE_HIGH[w >>> 16] = 1;

/** `n` (<= 48) bits at bit position `bit` of `bytes`, most significant first, as a number. */
export function readBits(bytes: Uint8Array, bit: number, n: number): number {
  let value = 0;
  let at = bit;
  let left = n;
  while (left > 0) {
    const byte = bytes[at >>> 3]!;
    const offset = at & 7;
    const take = Math.min(8 - offset, left);
    const bits = (byte >>> (8 - offset - take)) & ((1 << take) - 1);
    value = value * 2 ** take + bits;
    at += take;
    left -= take;
  }
  return value;
}

/**
 * Splits bzip2 input, pushed chunk by chunk, into block pieces. Holds only the bytes of the block
 * being read (at most ~1 MB for level 9), never the stream.
 */
export class Bzip2BlockSplitter {
  private buf: Uint8Array = new Uint8Array(0);
  /** Bit in `buf` where the current block starts, or -1 when a stream header is expected next. */
  private blockStart = -1;
  /** Next bit position in `buf` to look for a magic at. */
  private scanFrom = 0;
  private level = 9;
  /** Set after the first complete stream: bytes that do not start another stream are trailing garbage. */
  private streams = 0;
  private garbage = false;

  /** Feeds a chunk; returns the pieces it completed. Throws a plain Error on input that is not bzip2. */
  push(chunk: Uint8Array): BlockPiece[] {
    if (this.garbage) return [];
    if (this.buf.length === 0) this.buf = chunk;
    else {
      const joined = new Uint8Array(this.buf.length + chunk.length);
      joined.set(this.buf);
      joined.set(chunk, this.buf.length);
      this.buf = joined;
    }
    return this.scan(false);
  }

  /** The input ended: the last piece if its stream was cut short (`truncated`), else nothing more. */
  end(): { pieces: BlockPiece[]; truncated: boolean } {
    const pieces = this.scan(true);
    if (this.garbage) return { pieces, truncated: false };
    if (this.blockStart >= 0) return { pieces, truncated: true };
    // a header or part of one with no block after it: a cut stream, unless nothing is left at all
    return { pieces, truncated: this.buf.length > 0 };
  }

  private scan(ended: boolean): BlockPiece[] {
    const out: BlockPiece[] = [];
    for (;;) {
      if (this.blockStart < 0) {
        if (!this.header(ended)) return out;
        continue;
      }
      const found = this.findMagic();
      if (found === undefined) return out;
      const { bit, end } = found;
      if (end && bit + 80 > this.buf.length * 8) {
        this.scanFrom = bit; // the end-of-stream CRC is not all here yet
        return out;
      }
      out.push(this.piece(bit, end));
      if (end) {
        this.streams++;
        this.drop((bit + 80 + 7) >>> 3);
        this.blockStart = -1;
      } else {
        this.drop(bit >>> 3);
        this.blockStart = bit & 7;
        this.scanFrom = this.blockStart + 48;
      }
    }
  }

  /** Reads a stream header at the start of `buf`; false when more input is needed (or none is left). */
  private header(ended: boolean): boolean {
    if (this.buf.length < 4 + 6) {
      if (!ended || this.buf.length === 0) return false;
    }
    const b = this.buf;
    const isHeader = b.length >= 4 && b[0] === HEADER[0] && b[1] === HEADER[1] && b[2] === HEADER[2] && b[3]! >= 0x31 && b[3]! <= 0x39;
    if (!isHeader) {
      if (this.streams > 0) {
        // bzip2 itself ignores bytes after a complete stream that do not start another ("trailing garbage")
        this.garbage = true;
        this.buf = new Uint8Array(0);
        return false;
      }
      throw new Error("not a bzip2 stream (no BZh header)");
    }
    if (b.length < 10) return false; // ended within a header: end() reports the truncation
    this.level = b[3]! - 0x30;
    const magic = readBits(b, 32, 48);
    if (magic === END_MAGIC) {
      // an empty stream (bzip2 of an empty file): header, end marker, CRC
      if (b.length < 14) return false;
      this.streams++;
      this.drop(14);
      return true;
    }
    if (magic !== BLOCK_MAGIC) throw new Error("no block after the bzip2 header");
    this.drop(4);
    this.blockStart = 0;
    this.scanFrom = 48;
    return true;
  }

  /** The next block or end-of-stream magic at or after `scanFrom`, or undefined (more input needed). */
  private findMagic(): { bit: number; end: boolean } | undefined {
    const b = this.buf;
    // byte i may hold a magic's first bits; bytes i+1..i+4 are then full, byte i+6 its last bits
    let i = Math.max(0, (this.scanFrom >>> 3) - 1);
    const stop = b.length - 7;
    for (; i < stop; i++) {
      const high = (b[i + 1]! << 8) | b[i + 2]!;
      if (CANDIDATE_HIGH[high] === 0) continue;
      for (let shift = 0; shift < 8; shift++) {
        const bit = i * 8 + shift;
        if (bit < this.scanFrom) continue;
        const value = readBits(b, bit, 48);
        if (value === BLOCK_MAGIC) return { bit, end: false };
        if (value === END_MAGIC) return { bit, end: true };
      }
    }
    this.scanFrom = Math.max(this.scanFrom, i * 8);
    return undefined;
  }

  private piece(endBit: number, last: boolean): BlockPiece {
    const startByte = this.blockStart >>> 3;
    const bytes = this.buf.slice(startByte, (endBit + 7) >>> 3);
    const piece: BlockPiece = { bytes, startBit: this.blockStart & 7, bitLength: endBit - this.blockStart, level: this.level, last };
    if (last) piece.streamCrc = readBits(this.buf, endBit + 48, 32);
    return piece;
  }

  private drop(bytes: number): void {
    this.buf = this.buf.subarray(bytes);
    this.scanFrom = Math.max(0, this.scanFrom - bytes * 8);
  }
}

/** `b` directly after `a` in the input: one piece holding both (a magic look-alike split them). */
export function joinPieces(a: BlockPiece, b: BlockPiece): BlockPiece {
  const aEnd = a.startBit + a.bitLength; // b starts at bit aEnd of a.bytes, i.e. bit b.startBit of its byte aEnd >>> 3
  const head = aEnd >>> 3;
  const bytes = new Uint8Array(head + b.bytes.length);
  bytes.set(a.bytes.subarray(0, head));
  bytes.set(b.bytes, head);
  return {
    bytes,
    startBit: a.startBit,
    bitLength: a.bitLength + b.bitLength,
    level: b.level,
    last: b.last,
    ...(b.streamCrc !== undefined ? { streamCrc: b.streamCrc } : {}),
  };
}

/** The piece as a complete single-block bzip2 stream: "BZh9", its bits, the end marker, its CRC. */
export function pieceStream(piece: BlockPiece): Uint8Array {
  const { bytes, startBit, bitLength } = piece;
  const crc = readBits(bytes, startBit + 48, 32);
  const out = new Uint8Array(4 + Math.ceil((bitLength + 80) / 8));
  out.set([0x42, 0x5a, 0x68, 0x30 + piece.level]);
  const whole = bitLength >>> 3;
  if (startBit === 0) out.set(bytes.subarray(0, whole + (bitLength & 7 ? 1 : 0)), 4);
  else {
    const n = whole + (bitLength & 7 ? 1 : 0);
    for (let k = 0; k < n; k++) out[4 + k] = ((bytes[k]! << startBit) | ((bytes[k + 1] ?? 0) >>> (8 - startBit))) & 0xff;
  }
  // clear the bits after the block in its last byte, then append end magic and CRC
  let at = 32 + bitLength;
  if (at & 7) out[at >>> 3]! &= (0xff << (8 - (at & 7))) & 0xff;
  const write = (value: number, n: number) => {
    for (let k = n - 1; k >= 0; k--) {
      if (Math.floor(value / 2 ** k) % 2) out[at >>> 3]! |= 0x80 >>> (at & 7);
      at++;
    }
  };
  write(END_MAGIC, 48);
  write(crc, 32);
  return out;
}
