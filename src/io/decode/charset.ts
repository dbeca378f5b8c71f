// Text in any encoding -> string. Chinese corpora (CBook-150K, nlp_chinese_corpus) often come as
// GBK/GB18030 and older Taiwanese text as Big5. Node's own TextDecoder (full ICU) decodes these 3-4x
// faster than iconv-lite (measured when chosen), so it is used wherever it knows the label;
// iconv-lite covers the rest. Detection: BOM, then "is it valid UTF-8", then chardet.
import { isUtf8 } from "node:buffer";
import chardet from "chardet";
import iconv from "iconv-lite";
import { InputError } from "../../errors.js";
import type { Stats } from "../../pipeline/stats.js";
import { countOccurrences } from "../../text/count.js";

/** Bytes looked at to guess an encoding: enough for chardet to be sure on short CJK samples. */
export const DETECT_BYTES = 64 * 1024;

/**
 * The encoding of a file from its first bytes. Valid UTF-8 (or plain ASCII) wins: legacy CJK
 * text is essentially never valid UTF-8, while chardet can mislabel short UTF-8 text.
 */
export function detectEncoding(sample: Uint8Array): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "utf-8";
  if (sample[0] === 0xff && sample[1] === 0xfe) return "utf-16le";
  if (sample[0] === 0xfe && sample[1] === 0xff) return "utf-16be";
  if (looksUtf8(sample)) return "utf-8";
  const guess = chardet.analyse(sample).find((c) => c.name !== "UTF-8" && c.name !== "ASCII");
  if (!guess) return "utf-8";
  return normalizeLabel(guess.name);
}

/** A decoder that keeps state across chunks (multi-byte characters split between reads). */
export interface ChunkDecoder {
  readonly encoding: string;
  write(bytes: Uint8Array): string;
  end(): string;
}

export function createDecoder(encoding: string, file: string): ChunkDecoder {
  const label = normalizeLabel(encoding);
  let native: InstanceType<typeof globalThis.TextDecoder> | undefined;
  try {
    native = new TextDecoder(label, { fatal: false });
  } catch {
    native = undefined;
  }
  if (native) {
    const decoder = native;
    return {
      encoding: label,
      write: (bytes) => decoder.decode(bytes, { stream: true }),
      end: () => decoder.decode(),
    };
  }
  if (!iconv.encodingExists(label)) throw new InputError({ file }, `unknown text encoding "${encoding}"`);
  const decoder = iconv.getDecoder(label);
  return { encoding: label, write: (bytes) => decoder.write(Buffer.from(bytes)), end: () => decoder.end() ?? "" };
}

/** Decode a byte stream to text pieces; `encoding: "auto"` looks at the first DETECT_BYTES. */
export async function* decodeChunks(chunks: AsyncIterable<Buffer>, encoding: string, file: string, stats?: Stats): AsyncIterable<string> {
  let decoder: ChunkDecoder | undefined = encoding === "auto" ? undefined : createDecoder(encoding, file);
  let head: Buffer[] = [];
  let headBytes = 0;
  const emit = (text: string) => {
    if (stats && text.includes("\uFFFD")) stats.add("replacement_chars", countOccurrences(text, "\uFFFD"));
    return text;
  };
  for await (const chunk of chunks) {
    if (!decoder) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < DETECT_BYTES) continue;
      const sample = Buffer.concat(head);
      decoder = createDecoder(detectEncoding(sample), file);
      stats?.add(`encoding_${decoder.encoding}`);
      head = [];
      yield emit(decoder.write(sample));
      continue;
    }
    const text = decoder.write(chunk);
    if (text.length > 0) yield emit(text);
  }
  if (!decoder) {
    const sample = Buffer.concat(head);
    decoder = createDecoder(detectEncoding(sample), file);
    if (encoding === "auto") stats?.add(`encoding_${decoder.encoding}`);
    const text = decoder.write(sample);
    if (text.length > 0) yield emit(text);
  }
  const rest = decoder.end();
  if (rest.length > 0) yield emit(rest);
}

// --- internal ---

/** chardet and users say "GB18030", "Big5", "UTF-16LE", "Shift_JIS"; decoders want WHATWG labels. */
function normalizeLabel(name: string): string {
  const lower = name.toLowerCase().replace(/_/g, "-");
  // GB18030 is a superset of GBK and GB2312: decoding GBK text as GB18030 gives the same characters.
  if (lower === "gbk" || lower === "gb2312" || lower === "gb18030") return "gb18030";
  if (lower === "utf8") return "utf-8";
  return lower;
}

function looksUtf8(sample: Uint8Array): boolean {
  // The sample may end inside a multi-byte character: allow up to 3 cut bytes at the end.
  for (let cut = 0; cut <= 3 && cut < sample.length; cut++) {
    if (isUtf8(sample.subarray(0, sample.length - cut))) return true;
  }
  return sample.length === 0;
}
