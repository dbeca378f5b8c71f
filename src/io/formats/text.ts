// Plain text in any encoding: one document per file, per blank-line-separated block, or per line.
import { z } from "zod";
import type { Doc } from "../../doc.js";
import { makeDoc } from "../../doc.js";
import { InputError } from "../../errors.js";
import { parseOptions } from "../../options.js";
import type { DocSource } from "../../pipeline/step.js";
import { decodeChunks } from "../decode/charset.js";
import { stripCompression } from "../decode/compression.js";
import { fileBytes, makeReader, type FileReadContext } from "../reader.js";
import { ReaderOptions } from "../reader-options.js";
import { stripGutenberg } from "../../text/gutenberg-boilerplate.js";

export const TextOptions = ReaderOptions.extend({
  encoding: z.string().default("auto").describe('"auto" detects UTF-8/16, GBK/GB18030, Big5, Shift_JIS...; or any label'),
  split: z.enum(["file", "paragraph", "line"]).default("file").describe("one document per file, per blank-line-separated block, or per line"),
  lineJoin: z
    .string()
    .default("\n")
    .describe('what joins the lines of a paragraph document; "" for Chinese one-sentence-per-line text (CLUECorpusSmall, as PaddleNLP joins it)'),
  gutenbergStrip: z.boolean().default(false).describe("cut Project Gutenberg's licence header and footer from each file (split file only)"),
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
  const bytes = fileBytes(fc, options);
  const pieces = decodeChunks(bytes, options.encoding, file, ctx.stats);
  const max = options.maxRecordBytes;
  // Over maxRecordBytes (counted in characters of the decoded text): a bad record with its start as a
  // sample. Without a limit a file past V8's longest string (~512 Mi units) ended in a RangeError.
  const tooLong = (what: string, where: { line?: number }, sample: string) =>
    fc.bad(
      new InputError(
        { file, ...where },
        `${what} longer than maxRecordBytes (${max} characters); raise the option${options.split === "file" ? ', or read it with split "paragraph" or "line"' : ""}`,
      ),
      sample,
    );
  if (options.split === "file") {
    const parts: string[] = [];
    let length = 0;
    for await (const piece of pieces) {
      parts.push(piece);
      length += piece.length;
      if (length > max) return tooLong("document", {}, parts.join("").slice(0, SAMPLE_CHARS));
    }
    let text = parts.join("");
    let meta: Record<string, unknown> = {};
    if (options.gutenbergStrip) {
      const cut = stripGutenberg(text);
      ctx.stats.add(cut.foundStart || cut.foundEnd ? "gutenberg_stripped" : "gutenberg_no_markers");
      text = cut.text;
      meta = Object.fromEntries(Object.entries(cut.header).map(([k, v]) => [`gutenberg_${k}`, v]));
    }
    if (text.trim().length === 0) ctx.stats.add("skipped_empty_text");
    else yield makeDoc(file, text, meta);
    return;
  }
  let block: string[] = [];
  let blockChars = 0;
  // the paragraph being read is over the limit: its sample; its remaining lines are dropped
  let blockTooLong: string | undefined;
  let blockStart = 1;
  let lineNo = 0;
  const flush = (): Doc | undefined => {
    const text = block.join(options.lineJoin);
    block = [];
    blockChars = 0;
    return text.trim().length > 0 ? makeDoc(`${file}:${blockStart}`, text) : undefined;
  };
  for await (const line of textLines(pieces, max)) {
    lineNo++;
    if (typeof line !== "string") {
      if (options.split === "line") await tooLong("line", { line: lineNo }, line.sample);
      else {
        if (block.length === 0 && blockTooLong === undefined) blockStart = lineNo;
        blockTooLong ??= block.length > 0 ? block.join("\n").slice(0, SAMPLE_CHARS) : line.sample;
        block = [];
        blockChars = 0;
      }
      continue;
    }
    const blank = line.trim().length === 0;
    if (options.split === "line") {
      if (!blank) yield makeDoc(`${file}:${lineNo}`, line);
      continue;
    }
    if (blank) {
      if (blockTooLong !== undefined) {
        await tooLong("paragraph", { line: blockStart }, blockTooLong);
        blockTooLong = undefined;
        continue;
      }
      const doc = flush();
      if (doc) yield doc;
      continue;
    }
    if (blockTooLong !== undefined) continue;
    if (block.length === 0) blockStart = lineNo;
    block.push(line);
    blockChars += line.length + 1;
    if (blockChars > max) {
      blockTooLong = block.join("\n").slice(0, SAMPLE_CHARS);
      block = [];
      blockChars = 0;
    }
  }
  if (blockTooLong !== undefined) return tooLong("paragraph", { line: blockStart }, blockTooLong);
  const doc = flush();
  if (doc) yield doc;
}

/** Characters of an over-long record kept to show what it was. */
const SAMPLE_CHARS = 1024;

/**
 * Text pieces -> lines without their "\n" or "\r\n"; a long line is joined once, not per piece. A
 * line over `max` characters comes as its first characters only, its rest dropped as it arrives.
 */
async function* textLines(pieces: AsyncIterable<string>, max: number): AsyncIterable<string | { sample: string }> {
  let carry: string[] = [];
  let carryChars = 0;
  let dropping: string | undefined;
  const hold = (part: string) => {
    if (dropping !== undefined) return;
    carry.push(part);
    carryChars += part.length;
    if (carryChars > max) {
      dropping = carry.join("").slice(0, SAMPLE_CHARS);
      carry = [];
    }
  };
  const take = (): string | { sample: string } => {
    const line = dropping !== undefined ? { sample: dropping } : stripCr(carry.join(""));
    carry = [];
    carryChars = 0;
    dropping = undefined;
    return line;
  };
  for await (const piece of pieces) {
    let nl = piece.indexOf("\n");
    if (nl === -1) {
      hold(piece);
      continue;
    }
    hold(piece.slice(0, nl));
    yield take();
    let start = nl + 1;
    while ((nl = piece.indexOf("\n", start)) !== -1) {
      yield nl - start > max ? { sample: piece.slice(start, start + SAMPLE_CHARS) } : stripCr(piece.slice(start, nl));
      start = nl + 1;
    }
    if (start < piece.length) hold(piece.slice(start));
  }
  if (carry.length > 0 || dropping !== undefined) yield take();
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
