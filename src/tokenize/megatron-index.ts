// The .idx of Megatron-LM's memory-mapped indexed dataset, as megatron/core/datasets/indexed_dataset.py
// (_IndexWriter, _IndexReader) reads and writes it, all little-endian:
//   9 bytes  magic "MMIDIDX\0\0"
//   uint64   version, 1
//   uint8    dtype code of the .bin (see token-dtype.ts)
//   uint64   sequence count S
//   uint64   document-index count D, which is the number of documents + 1
//   int32[S] tokens in each sequence
//   int64[S] byte offset of each sequence in the .bin
//   int64[D] document index: 0, then the number of sequences up to the end of each document
// GPT-NeoX's MMapIndexedDataset reads the same layout; NeMo uses Megatron-LM's reader.
// We write one sequence per document, as preprocess_data.py does without --split-sentences, and, as it
// does, a document without tokens adds no sequence: its two document-index entries are equal.
import { ConfigError } from "../errors.js";
import { BufferedFile } from "./buffered-file.js";
import { DTYPE_BYTES, MEGATRON_DTYPE_CODE, type TokenDtype } from "./token-dtype.js";

const MAGIC = [0x4d, 0x4d, 0x49, 0x44, 0x49, 0x44, 0x58, 0x00, 0x00]; // "MMIDIDX\0\0"
const HEADER_BYTES = 34;
const TWO_32 = 2 ** 32;

/**
 * Write the .idx for documents of `lengths` tokens each (0 for an empty document) to `path`.
 * `sequences` is the number of non-zero lengths.
 */
export async function writeMegatronIndex(path: string, dtype: TokenDtype, lengths: Int32Array, sequences: number): Promise<void> {
  const code = MEGATRON_DTYPE_CODE[dtype];
  if (code === undefined) throw new ConfigError("writeTokens", `Megatron-LM has no dtype code for ${dtype}`);
  const file = await BufferedFile.create(path);
  try {
    file.bytes.set(MAGIC, 0);
    setUint64(file.view, 9, 1);
    file.view.setUint8(17, code);
    setUint64(file.view, 18, sequences);
    setUint64(file.view, 26, lengths.length + 1);
    file.used = HEADER_BYTES;

    // `await` only when the buffer is full: one per value would cost a microtask per document
    const full = BufferedFile.SIZE - 8;
    for (const length of lengths) {
      if (length === 0) continue;
      if (file.used > full) await file.flush();
      file.view.setInt32(file.used, length, true);
      file.used += 4;
    }
    const size = DTYPE_BYTES[dtype];
    let pointer = 0;
    for (const length of lengths) {
      if (length === 0) continue;
      if (file.used > full) await file.flush();
      setUint64(file.view, file.used, pointer);
      file.used += 8;
      pointer += length * size;
    }
    let sequence = 0;
    if (file.used > full) await file.flush();
    setUint64(file.view, file.used, sequence);
    file.used += 8;
    for (const length of lengths) {
      if (length !== 0) sequence++;
      if (file.used > full) await file.flush();
      setUint64(file.view, file.used, sequence);
      file.used += 8;
    }
    await file.close();
  } catch (error) {
    await file.discard();
    throw error;
  }
}

/** A non-negative integer below 2^53 as a little-endian 64-bit word (no BigInt per value). */
function setUint64(view: DataView, at: number, value: number): void {
  view.setUint32(at, value % TWO_32, true);
  view.setUint32(at + 4, Math.floor(value / TWO_32), true);
}
