// Line-hash files: a LineHashSet saved by one task and loaded by another (cc_net keeps its
// FlatHashSet in .bin files per shard in the same way). Little-endian:
//   0   8  magic "CKLINEHS"
//   8   2  version (1)
//   10  1  kind: 0 exact keys, 1 Bloom filters
//   11  1  0
//   12  4  minLineLength
//   exact:  16 4 count of repeated keys R, 20 4 count of keys seen once S, 24 8 zero;
//           from 32: R keys, then S keys, each the 8 SHA-1 bytes (uint64 LE), ascending
//   Bloom:  16 8 bits m (float64), 24 4 hash count k, 28 4 zero;
//           from 32: the "seen" bits (ceil(m/32) uint32 words), then the "repeated" bits
// Bit i of a filter is bit i % 32 of word floor(i / 32).
import { readFile, writeFile } from "node:fs/promises";
import { ConfigError, InputError, OutputError } from "../../errors.js";
import { BloomFilter } from "./bloom-filter.js";
import { BloomLineHashes, ExactLineHashes, ONCE, REPEATED, type LineHashSet } from "./line-hashes.js";
import { radixOrder } from "../radix-sort.js";

const MAGIC = "CKLINEHS";
const VERSION = 1;
const HEADER = 32;

export async function saveLineHashes(set: LineHashSet, path: string): Promise<void> {
  const header = Buffer.alloc(HEADER);
  header.write(MAGIC, 0, "latin1");
  header.writeUInt16LE(VERSION, 8);
  header.writeUInt8(set.kind === "exact" ? 0 : 1, 10);
  header.writeUInt32LE(set.minLineLength, 12);
  let body: Buffer[];
  if (set instanceof ExactLineHashes) {
    const groups = { [REPEATED]: [] as number[], [ONCE]: [] as number[] };
    set.table.forEach((keys, at, value) => {
      groups[value as 1 | 2].push(keys[at]!, keys[at + 1]!);
    });
    header.writeUInt32LE(groups[REPEATED].length / 2, 16);
    header.writeUInt32LE(groups[ONCE].length / 2, 20);
    body = [sortedKeys(groups[REPEATED]), sortedKeys(groups[ONCE])];
  } else if (set instanceof BloomLineHashes) {
    header.writeDoubleLE(set.seen.bits, 16);
    header.writeUInt32LE(set.seen.hashes, 24);
    body = [wordBytes(set.seen.words), wordBytes(set.repeated.words)];
  } else throw new ConfigError("saveLineHashes", "unknown line set");
  try {
    await writeFile(path, Buffer.concat([header, ...body]));
  } catch (error) {
    throw new OutputError(path, `cannot write the line hashes: ${(error as Error).message}`, { cause: error });
  }
}

export async function loadLineHashes(path: string): Promise<LineHashSet> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    throw new InputError({ file: path }, `cannot read the line hashes: ${(error as Error).message}`, { cause: error });
  }
  const bad = (what: string) => new InputError({ file: path }, what);
  if (data.length < HEADER || data.toString("latin1", 0, 8) !== MAGIC) throw bad(`expected a line-hash file starting with "${MAGIC}"`);
  const version = data.readUInt16LE(8);
  if (version !== VERSION) throw bad(`line-hash file version ${version}; this corpuskit reads version ${VERSION}`);
  const kind = data.readUInt8(10);
  const minLineLength = data.readUInt32LE(12);
  if (kind === 0) {
    const repeated = data.readUInt32LE(16);
    const once = data.readUInt32LE(20);
    if (data.length !== HEADER + (repeated + once) * 8)
      throw bad(`expected ${repeated + once} keys (${HEADER + (repeated + once) * 8} bytes), the file has ${data.length} bytes`);
    const set = new ExactLineHashes(minLineLength);
    const key = new Int32Array(2);
    for (let i = 0; i < repeated + once; i++) {
      key[0] = data.readInt32LE(HEADER + i * 8);
      key[1] = data.readInt32LE(HEADER + i * 8 + 4);
      set.table.set(key, 0, i < repeated ? REPEATED : ONCE);
    }
    return set;
  }
  if (kind === 1) {
    const bits = data.readDoubleLE(16);
    const hashes = data.readUInt32LE(24);
    const words = Math.ceil(bits / 32);
    if (!Number.isInteger(bits) || bits < 1 || hashes < 1 || data.length !== HEADER + words * 8)
      throw bad(`a Bloom filter of ${bits} bits needs ${HEADER + words * 8} bytes, the file has ${data.length}`);
    const read = (offset: number) => {
      const out = new Int32Array(words);
      for (let i = 0; i < words; i++) out[i] = data.readInt32LE(offset + i * 4);
      return out;
    };
    return new BloomLineHashes(minLineLength, new BloomFilter(bits, hashes, read(HEADER)), new BloomFilter(bits, hashes, read(HEADER + words * 4)));
  }
  throw bad(`unknown line-hash file kind ${kind}`);
}

function sortedKeys(pairs: number[]): Buffer {
  const n = pairs.length / 2;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = pairs[2 * i]!;
    hi[i] = pairs[2 * i + 1]!;
  }
  const order = radixOrder(hi, lo, n);
  const out = Buffer.alloc(n * 8);
  for (let i = 0; i < n; i++) {
    out.writeInt32LE(lo[order[i]!]!, i * 8);
    out.writeInt32LE(hi[order[i]!]!, i * 8 + 4);
  }
  return out;
}

function wordBytes(words: Int32Array): Buffer {
  const out = Buffer.alloc(words.length * 4);
  for (let i = 0; i < words.length; i++) out.writeInt32LE(words[i]!, i * 4);
  return out;
}
