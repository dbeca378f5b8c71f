// WARC and WET (Common Crawl), record by record via warcio, which also undoes the per-record gzip
// members of `.warc.gz`/`.wet.gz`. Which records become documents follows datatrove's WarcReader:
// `response` records with an HTML body and WET `conversion` records with text/plain; the rest
// (warcinfo, request, metadata) are counted and skipped.
import { z } from "zod";
import type { Doc } from "../../doc.js";
import { makeDoc } from "../../doc.js";
import { InputError } from "../../errors.js";
import { parseOptions } from "../../options.js";
import type { DocSource } from "../../pipeline/step.js";
import { countOccurrences } from "../../text/count.js";
import { createDecoder } from "../decode/charset.js";
import { decodePage } from "../decode/html-charset.js";
import { fileBytes, makeReader, type FileReadContext } from "../reader.js";
import { ReaderOptions } from "../reader-options.js";
import { namePart } from "../sources/name-part.js";

export const WarcOptions = ReaderOptions.extend({
  recordTypes: z.array(z.string()).default(["response", "conversion"]).describe("WARC-Type values that become documents"),
  mimeTypes: z
    .array(z.string())
    .default(["text/html", "application/xhtml+xml", "text/plain"])
    .describe("content types kept (HTTP Content-Type for responses, the record's for WET conversions)"),
});
export type WarcOptionsInput = z.input<typeof WarcOptions>;
type WarcConfig = z.output<typeof WarcOptions>;

export const WARC_EXTENSIONS = [".warc", ".wet", ".arc"];

export function isWarcFile(file: string): boolean {
  return /\.(warc|wet|arc)(\.gz)?$/i.test(namePart(file));
}

/**
 * Read WARC or WET files (plain or `.gz`). Documents carry `meta.url`, `meta.date`,
 * `meta.content_type` and, for WET, `meta.warc_language` (Common Crawl's CLD2 guess).
 * @example readWarc("CC-MAIN-*.warc.wet.gz")
 */
export function readWarc(inputs: string | readonly string[], options: WarcOptionsInput = {}): DocSource {
  const config = parseOptions(WarcOptions, options, "readWarc");
  return makeReader({ name: "read_warc", inputs, options: config, readerFor: () => warcFileDocs, accept: isWarcFile });
}

export async function* warcFileDocs(fc: FileReadContext, options: WarcConfig): AsyncIterable<Doc> {
  const { file, ctx } = fc;
  const { WARCParser } = await import("warcio");
  let inputBytes = 0;
  // A .warc.gz (one gzip member per record) is inflated here, by Node's zlib, not by warcio (pako,
  // in JavaScript): faster, and the file then passes through the same bomb limits
  // (maxExpansion, maxDecompressedBytes) as every other compressed input. warcio reads the member
  // concatenation as a plain WARC, so its offsets below count uncompressed bytes, and so does
  // inputBytes.
  const bytes = fileBytes(fc, options);
  const counted = (async function* () {
    for await (const chunk of bytes) {
      inputBytes += chunk.length;
      yield chunk;
    }
  })();
  const parser = new WARCParser(counted);
  let record = 0;
  let end = 0;
  const recordTypes = new Set(options.recordTypes);
  try {
    for await (const rec of parser) {
      record++;
      end = parser.offset;
      const type = rec.warcType ?? "";
      if (!recordTypes.has(type)) {
        ctx.stats.add(`skipped_record_${type || "untyped"}`);
        await rec.skipFully();
        end = parser.offset + parser.recordLength;
        continue;
      }
      const contentType = (type === "response" ? rec.httpHeaders?.headers.get("content-type") : rec.warcContentType) ?? "";
      const mime = contentType.split(";")[0]!.trim().toLowerCase();
      if (!options.mimeTypes.includes(mime)) {
        ctx.stats.add("skipped_record_mime");
        await rec.skipFully();
        end = parser.offset + parser.recordLength;
        continue;
      }
      // readFully holds the whole body: a record declaring more than maxRecordBytes (a bomb inside a
      // .warc.gz member expands freely) is skipped by streaming past it, never held.
      if (rec.warcContentLength > options.maxRecordBytes) {
        await fc.bad(
          new InputError(
            { file, record },
            `record body of ${rec.warcContentLength} bytes is longer than maxRecordBytes (${options.maxRecordBytes}); raise the option to read it`,
          ),
          rec.warcTargetURI ?? "",
        );
        await rec.skipFully();
        end = parser.offset + parser.recordLength;
        continue;
      }
      const body = await rec.readFully(type === "response");
      end = parser.offset + parser.recordLength;
      const text = type === "response" ? decodeResponse(body, contentType, mime, ctx.stats) : decodeBody(body, contentType, file, ctx.stats);
      if (text.trim().length === 0) {
        ctx.stats.add("skipped_empty_text");
        continue;
      }
      const id = rec.warcHeader("WARC-Record-ID") ?? `${file}:${record}`;
      const meta: Record<string, unknown> = { url: rec.warcTargetURI ?? undefined, date: rec.warcDate ?? undefined, content_type: contentType || undefined };
      const language = rec.warcHeader("WARC-Identified-Content-Language");
      if (language) meta.warc_language = language;
      for (const key of Object.keys(meta)) if (meta[key] === undefined) delete meta[key];
      end = parser.offset + parser.recordLength;
      yield makeDoc(id, text, meta);
    }
    if (!ctx.signal.aborted) assertConsumed(file, record, end, inputBytes);
  } catch (error) {
    if (error instanceof InputError && (error.record !== undefined || error.line !== undefined)) throw error;
    // The gzip layer knows the file, not the record it broke in: say which.
    const what = error instanceof InputError ? error.message.slice(error.file.length + 2) : `unreadable WARC record: ${(error as Error).message}`;
    throw new InputError({ file, record: record + 1 }, what, { cause: error });
  }
}

// --- internal ---

/**
 * warcio stops quietly at a record cut short (a truncated download, a broken gzip member), which
 * would lose the rest of the file without a word. Bytes left after the last whole record mean
 * exactly that; an uncompressed WARC legitimately ends with the 4-byte CRLF CRLF after its last record.
 */
function assertConsumed(file: string, records: number, end: number, inputBytes: number): void {
  if (inputBytes - end > 4) {
    throw new InputError(
      { file, record: records + 1 },
      `truncated or corrupt WARC: ${inputBytes - end} bytes after the last whole record (byte ${end} of ${inputBytes})`,
    );
  }
}

/**
 * A response body as a browser would decode it: byte-order mark, HTTP charset, the page's <meta>
 * (HTML only), else a guess. Legacy CJK pages (GBK, Big5, Shift_JIS) often declare only in <meta>
 * or not at all. Invalid bytes become U+FFFD and are counted; `charset_<source>` says what decided.
 */
function decodeResponse(body: Uint8Array, contentType: string, mime: string, stats: { add(key: string, n?: number): void }): string {
  const page = decodePage(body, contentType, mime === "text/html" || mime === "application/xhtml+xml");
  stats.add(`charset_${page.source}`);
  if (page.text.includes("\uFFFD")) stats.add("replacement_chars", countOccurrences(page.text, "\uFFFD"));
  return page.text;
}

/** The charset the record declared, else UTF-8 (invalid bytes become U+FFFD and are counted). */
function decodeBody(body: Uint8Array, contentType: string, file: string, stats: { add(key: string, n?: number): void }): string {
  const declared = /charset=["']?([\w-]+)/i.exec(contentType)?.[1];
  let decoder;
  try {
    decoder = createDecoder(declared ?? "utf-8", file);
  } catch {
    decoder = createDecoder("utf-8", file);
  }
  const text = decoder.write(body) + decoder.end();
  if (text.includes("\uFFFD")) stats.add("replacement_chars", countOccurrences(text, "\uFFFD"));
  return text;
}
