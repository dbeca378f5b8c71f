// An independent reader of Megatron-LM's indexed dataset for the tests, written from the layout
// (megatron/core/datasets/indexed_dataset.py: _IndexReader) and sharing no code with src/: every field
// is read with Buffer's explicit little-endian methods and checked.
import { readFileSync } from "node:fs";

const DTYPES: Record<number, { name: string; bytes: number; read: (b: Buffer, at: number) => number }> = {
  1: { name: "uint8", bytes: 1, read: (b, at) => b.readUInt8(at) },
  4: { name: "int32", bytes: 4, read: (b, at) => b.readInt32LE(at) },
  8: { name: "uint16", bytes: 2, read: (b, at) => b.readUInt16LE(at) },
};

export interface MegatronDataset {
  version: number;
  dtypeCode: number;
  dtype: string;
  sequenceLengths: number[];
  sequencePointers: number[];
  documentIndex: number[];
  /** Each document's tokens: its sequences, concatenated. */
  documents: number[][];
}

export function readMegatron(prefix: string): MegatronDataset {
  const idx = readFileSync(`${prefix}.idx`);
  const bin = readFileSync(`${prefix}.bin`);
  if (idx.subarray(0, 9).toString("latin1") !== "MMIDIDX\0\0") throw new Error(`bad magic ${idx.subarray(0, 9).toString("hex")}`);
  const version = Number(idx.readBigUInt64LE(9));
  const dtypeCode = idx.readUInt8(17);
  const dtype = DTYPES[dtypeCode];
  if (!dtype) throw new Error(`unexpected dtype code ${dtypeCode}`);
  const sequenceCount = Number(idx.readBigUInt64LE(18));
  const documentIndexCount = Number(idx.readBigUInt64LE(26));
  let at = 34;
  const sequenceLengths = Array.from({ length: sequenceCount }, (_, i) => idx.readInt32LE(at + 4 * i));
  at += 4 * sequenceCount;
  const sequencePointers = Array.from({ length: sequenceCount }, (_, i) => Number(idx.readBigInt64LE(at + 8 * i)));
  at += 8 * sequenceCount;
  const documentIndex = Array.from({ length: documentIndexCount }, (_, i) => Number(idx.readBigInt64LE(at + 8 * i)));
  at += 8 * documentIndexCount;
  if (at !== idx.length) throw new Error(`${idx.length - at} bytes after the document index`);
  if (documentIndex[0] !== 0 || documentIndex.at(-1) !== sequenceCount)
    throw new Error(`document index ${documentIndex.join(",")} does not span the ${sequenceCount} sequences`);
  const sequences = sequenceLengths.map((length, s) => {
    const start = sequencePointers[s]!;
    if (start + length * dtype.bytes > bin.length) throw new Error(`sequence ${s} runs past the .bin`);
    return Array.from({ length }, (_, i) => dtype.read(bin, start + i * dtype.bytes));
  });
  const documents = documentIndex.slice(0, -1).map((start, d) => sequences.slice(start, documentIndex[d + 1]).flat());
  return { version, dtypeCode, dtype: dtype.name, sequenceLengths, sequencePointers, documentIndex, documents };
}
