// read(): one entry for every format. Each file is read by the reader its name calls for
// (`.jsonl.gz`, `.csv`, `.parquet`, `.txt`, `.warc.gz`...), so one glob may mix formats.
import { z } from "zod";
import { ConfigError, InputError } from "../errors.js";
import { parseOptions } from "../options.js";
import type { DocSource } from "../pipeline/step.js";
import { CsvOptions, csvFileDocs } from "./formats/csv.js";
import { JsonlOptions, jsonlFileDocs } from "./formats/jsonl.js";
import { ParquetOptions, parquetFileDocs } from "./formats/parquet.js";
import { TextOptions, textFileDocs } from "./formats/text.js";
import { WarcOptions, warcFileDocs } from "./formats/warc.js";
import { isZipFile, zipFileDocs } from "./formats/zip.js";
import { FORMATS, formatNames, formatOf, type Format } from "./input-formats.js";
import { makeReader, type FileReader } from "./reader.js";
import { namePart } from "./sources/name-part.js";

export { FORMATS, formatOf, type Format };

// Every reader's options in one strict object: a misspelt option is an error, not silently ignored.
// `encoding` is the one shared key with different defaults: "auto" for text, UTF-8 for CSV.
export const ReadOptions = z
  .object({
    ...JsonlOptions.shape,
    ...CsvOptions.shape,
    ...ParquetOptions.shape,
    ...WarcOptions.shape,
    ...TextOptions.shape,
    encoding: z.string().optional().describe('text encoding, or "auto" (the default for text files; CSV defaults to UTF-8)'),
    password: z.string().optional().describe("password of encrypted zip archives (ZipCrypto or AES)"),
    format: z
      .enum(FORMATS as [Format, ...Format[]])
      .optional()
      .describe("read every file as this format instead of going by its extension"),
  })
  .strict();
export type ReadOptionsInput = z.input<typeof ReadOptions>;
type ReadConfig = z.output<typeof ReadOptions>;

/**
 * Read documents from files, directories or globs in any supported format, in sorted path order.
 * @example for await (const doc of read("data/*.jsonl.gz")) console.log(doc.id)
 */
export function read(inputs: string | readonly string[], options: ReadOptionsInput = {}): DocSource {
  const config = parseOptions(ReadOptions, options, "read");
  const readers: Record<Format, FileReader<ReadConfig>> = {
    jsonl: jsonlFileDocs,
    json: jsonlFileDocs,
    csv: (fc, o) => csvFileDocs(fc, { ...o, encoding: o.encoding ?? "utf-8" }),
    parquet: parquetFileDocs,
    text: (fc, o) => textFileDocs(fc, { ...o, encoding: o.encoding ?? "auto" }),
    warc: warcFileDocs,
  };
  return makeReader({
    name: "read",
    inputs,
    options: config,
    accept: (file) => config.format !== undefined || formatOf(file) !== undefined || isRar(file) || isZipFile(file),
    readerFor(file) {
      if (isRar(file)) throw rarError(file);
      // A zip's members each go by their own name (or the format option), Parquet included; other members are counted and passed over.
      if (isZipFile(file)) {
        return (fc, o) =>
          zipFileDocs(fc, o, (member) => {
            const format = config.format ?? formatOf(member);
            return format === undefined ? undefined : countedAs(format, readers[format]);
          });
      }
      const format = config.format ?? formatOf(file);
      if (!format) {
        throw new InputError({ file }, `unknown format: expected one of ${formatNames()}, or set the format option`);
      }
      return countedAs(format, readers[format]);
    },
  });
}

/** Count each format's files and documents (`files_parquet`, `docs_parquet`): a mixed read says what came from where. */
function countedAs(format: Format, reader: FileReader<ReadConfig>): FileReader<ReadConfig> {
  return async function* (fc, options) {
    fc.ctx.stats.add(`files_${format}`);
    for await (const doc of reader(fc, options)) {
      fc.ctx.stats.add(`docs_${format}`);
      yield doc;
    }
  };
}

// RAR (WuDaoCorpora ships as one .rar) has no maintained streaming decoder on npm, and RAR5 is
// proprietary: the archive is unpacked once with the `unrar` tool and its folder is read instead.
function isRar(file: string): boolean {
  return /\.rar$/i.test(namePart(file));
}

function rarError(file: string): InputError {
  const folder = namePart(file).replace(/\.rar$/i, "");
  return new InputError(
    { file },
    `RAR archives cannot be read directly: unpack it with \`unrar x ${file} ${folder}/\` (or \`7z x -o${folder} ${file}\`), then read the folder ${folder}/`,
  );
}

export function assertFormat(format: string): Format {
  if ((FORMATS as readonly string[]).includes(format)) return format as Format;
  throw new ConfigError("read", `unknown format "${format}", expected one of ${FORMATS.join(", ")}`);
}
