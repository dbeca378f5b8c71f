// Real Parquet files damaged in the ways that made hyparquet 1.33 hang or abort the process, for the
// decoder's tests. Each names the bytes it changes and what hyparquet did with them.
import { readFileSync } from "node:fs";
import { parquetMetadata } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { parquetWriteBuffer } from "hyparquet-writer";
import { FIXTURES } from "../../support.js";

/**
 * udhr-zstd.parquet with bytes 17-22 zeroed: the first page's DATA_PAGE_V2 header loses its encoding
 * and level lengths; hyparquet's level reader then starts at offset NaN and loops forever (issue 9).
 */
export function missingHeaderFields(): Buffer {
  const bytes = Buffer.from(readFileSync(`${FIXTURES}/udhr-zstd.parquet`));
  return bytes.fill(0, 17, 23);
}

/**
 * udhr-zstd.parquet whose first page's definition levels (uncompressed, at byte 25) start with an
 * RLE run of 2^31 - 1 values in a page of 3: hyparquet writes the run past its array's end until V8
 * aborts the process ("Fatal JavaScript invalid size error"), a few seconds in.
 */
export function endlessRun(): Buffer {
  const bytes = Buffer.from(readFileSync(`${FIXTURES}/udhr-zstd.parquet`));
  Buffer.from([0xfe, 0xff, 0xff, 0xff, 0x0f]).copy(bytes, 25);
  return bytes;
}

/**
 * The UDHR paragraphs (96 rows, uncompressed pages) whose "lang" dictionary indices get a bit width of
 * 0 and a bit-packed run of -8 values: hyparquet's readBitPacked counts down from -8 to 0, forever,
 * reading nothing. Nothing in the headers or run lengths gives it away: only a time bound stops it.
 */
export function endlessBitPackedRun(): Buffer {
  const rows = readFileSync(`${FIXTURES}/udhr-paragraphs.tsv`, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split("\t"));
  const bytes = Buffer.from(
    parquetWriteBuffer({
      codec: "UNCOMPRESSED",
      columnData: [
        { name: "id", data: rows.map((r) => r[0]!), type: "STRING" },
        { name: "lang", data: rows.map((r) => r[1]!), type: "STRING" },
        { name: "text", data: rows.map((r) => r[2]!), type: "STRING" },
      ],
    }),
  );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lang = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer).row_groups[0]!.columns[1]!.meta_data!;
  const reader = { view, offset: Number(lang.data_page_offset) };
  const header = parquetHeader(reader).data_page_header_v2!;
  if (header.encoding !== "RLE_DICTIONARY") throw new Error(`expected dictionary indices, hyparquet-writer wrote ${header.encoding}`);
  const values = reader.offset + header.repetition_levels_byte_length + header.definition_levels_byte_length;
  bytes[values] = 0;
  Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]).copy(bytes, values + 1);
  return bytes;
}
