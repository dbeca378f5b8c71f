// The input formats, one descriptor each: its name (read()'s `format` option), the file names it
// claims (listed in errors and `--help` from here, so they cannot drift from what is read) and
// the test that claims a file. Order matters: the first match wins (a `.warc.gz` is WARC, not gzip
// text). read() pairs each name with its reader.
import { CSV_EXTENSIONS, isCsvFile } from "./formats/csv.js";
import { JSONL_EXTENSIONS, ZST_BLOCKS_EXTENSION, isJsonlFile } from "./formats/jsonl.js";
import { isParquetFile } from "./formats/parquet.js";
import { TEXT_EXTENSIONS, isTextFile } from "./formats/text.js";
import { WARC_EXTENSIONS, isWarcFile } from "./formats/warc.js";

export interface InputFormat<N extends string = string> {
  readonly name: N;
  /** As people write them, compression included: `.jsonl[.gz|.zst]`. */
  readonly names: readonly string[];
  readonly matches: (file: string) => boolean;
}

const COMPRESSED = "[.gz|.zst|.bz2|.xz]";

export const INPUT_FORMATS = [
  { name: "warc", names: WARC_EXTENSIONS.map((e) => `${e}[.gz]`), matches: isWarcFile },
  { name: "parquet", names: [".parquet"], matches: isParquetFile },
  { name: "jsonl", names: [...JSONL_EXTENSIONS.map((e) => `${e}${COMPRESSED}`), ZST_BLOCKS_EXTENSION], matches: isJsonlFile },
  { name: "csv", names: CSV_EXTENSIONS.map((e) => `${e}${COMPRESSED}`), matches: isCsvFile },
  { name: "text", names: TEXT_EXTENSIONS.map((e) => `${e}${COMPRESSED}`), matches: isTextFile },
  // Only by `format: "json"`: JSON Lines, a JSON array or wikiextractor blocks, told apart by content,
  // for files whose name says nothing (wikiextractor's `wiki_00`) or lies.
  { name: "json", names: [], matches: () => false },
] as const satisfies readonly InputFormat[];

export type Format = (typeof INPUT_FORMATS)[number]["name"];
export const FORMATS = INPUT_FORMATS.map((f) => f.name) as readonly Format[];

/** The format a file's name calls for, or undefined. */
export function formatOf(file: string): Format | undefined {
  return INPUT_FORMATS.find((f) => f.matches(file))?.name;
}

/** Every file name read() recognises, for messages: ".warc[.gz], .wet[.gz], ..., .txt[.gz|.zst]". */
export function formatNames(): string {
  return INPUT_FORMATS.flatMap((f) => f.names).join(", ");
}
