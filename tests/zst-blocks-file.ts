// Builds an Arctic Shift .zst_blocks file as the format's README describes it
// (github.com/ArthurHeitmann/zst_blocks_format): per block a uint32 LE size and one zstd frame that
// holds a row count, an (offset, size) table and the rows. The rows are stored in reverse, so a
// reader must follow the table, not the storage order.
import { compress } from "@mongodb-js/zstd";

async function block(rows: Buffer[]): Promise<Buffer> {
  const table = Buffer.alloc(4 + rows.length * 8);
  table.writeUInt32LE(rows.length, 0);
  const stored = [...rows].reverse();
  const offsets: number[] = [];
  let offset = 0;
  stored.forEach((row, k) => {
    offsets[rows.length - 1 - k] = offset;
    offset += row.length;
  });
  rows.forEach((row, i) => {
    table.writeUInt32LE(offsets[i]!, 4 + i * 8);
    table.writeUInt32LE(row.length, 8 + i * 8);
  });
  return sized(Buffer.from(await compress(Buffer.concat([table, ...stored]), 3)));
}

/** A frame with its uint32 LE size in front: one block of the container. */
export function sized(frame: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32LE(frame.length, 0);
  return Buffer.concat([size, frame]);
}

/** The rows, `perBlock` to a block. */
export async function zstBlocksFile(rows: Buffer[], perBlock: number): Promise<Buffer> {
  const blocks: Buffer[] = [];
  for (let i = 0; i < rows.length; i += perBlock) blocks.push(await block(rows.slice(i, i + perBlock)));
  return Buffer.concat(blocks);
}
