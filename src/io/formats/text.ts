// Plain text in any encoding: one document per file, per blank-line-separated block, or per line.
import { z } from "zod";
import type { Doc } from "../../doc.js";
import { makeDoc } from "../../doc.js";
import { parseOptions } from "../../options.js";
import type { DocSource } from "../../pipeline/step.js";
import { decodeChunks } from "../decode/charset.js";
import { compressionOf, decompress, stripCompression } from "../decode/compression.js";
import { makeReader, type FileReadContext } from "../reader.js";
import { ReaderOptions } from "../reader-options.js";
import { openBytes } from "../sources/open.js";

export const TextOptions = ReaderOptions.extend({
  encoding: z.string().default("auto").describe('"auto" detects UTF-8/16, GBK/GB18030, Big5, Shift_JIS...; or any label'),
  split: z.enum(["file", "paragraph", "line"]).default("file").describe("one document per file, per blank-line-separated block, or per line"),
});
export type TextOptionsInput = z.input<typeof TextOptions>;
type TextConfig = z.output<typeof TextOptions>;

export const TEXT_EXTENSIONS = [".txt", ".text", ".md"];

export function isTextFile(file: string): boolean {
  const base = stripCompression(file).toLowerCase();
  return TEXT_EXTENSIONS.some((ext) => base.endsWith(ext));
}

/**
 * Read plain text files.
 * @example readText("books/*.txt", { encoding: "auto", split: "paragraph" })
 */
export function readText(inputs: string | readonly string[], options: TextOptionsInput = {}): DocSource {
  const config = parseOptions(TextOptions, options, "readText");
  return makeReader({ name: "read_text", inputs, options: config, readerFor: () => textFileDocs, accept: isTextFile });
}

export async function* textFileDocs(fc: FileReadContext, options: TextConfig): AsyncIterable<Doc> {
  const { file, ctx } = fc;
  const bytes = decompress(openBytes(file, options.http, ctx.signal, fc.progress), compressionOf(file, options.compression), file);
  const pieces = decodeChunks(bytes, options.encoding, file, ctx.stats);
  if (options.split === "file") {
    let text = "";
    for await (const piece of pieces) text += piece;
    if (text.trim().length === 0) ctx.stats.add("skipped_empty_text");
    else yield makeDoc(file, text);
    return;
  }
  let block: string[] = [];
  let blockStart = 1;
  let lineNo = 0;
  const flush = (): Doc | undefined => {
    const text = block.join("\n");
    block = [];
    return text.trim().length > 0 ? makeDoc(`${file}:${blockStart}`, text) : undefined;
  };
  for await (const line of textLines(pieces)) {
    lineNo++;
    const blank = line.trim().length === 0;
    if (options.split === "line") {
      if (!blank) yield makeDoc(`${file}:${lineNo}`, line);
      continue;
    }
    if (blank) {
      const doc = flush();
      if (doc) yield doc;
      continue;
    }
    if (block.length === 0) blockStart = lineNo;
    block.push(line);
  }
  const doc = flush();
  if (doc) yield doc;
}

/** Text pieces -> lines without their "\n" or "\r\n"; a long line is joined once, not per piece. */
async function* textLines(pieces: AsyncIterable<string>): AsyncIterable<string> {
  let carry: string[] = [];
  for await (const piece of pieces) {
    let nl = piece.indexOf("\n");
    if (nl === -1) {
      carry.push(piece);
      continue;
    }
    carry.push(piece.slice(0, nl));
    yield stripCr(carry.join(""));
    carry = [];
    let start = nl + 1;
    while ((nl = piece.indexOf("\n", start)) !== -1) {
      yield stripCr(piece.slice(start, nl));
      start = nl + 1;
    }
    if (start < piece.length) carry.push(piece.slice(start));
  }
  if (carry.length > 0) yield stripCr(carry.join(""));
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
