// The encoding of a web page's bytes, decided in the order the WHATWG Encoding and HTML standards
// give browsers ("decode" in encoding.spec.whatwg.org, "determining the character encoding" in
// html.spec.whatwg.org §13.2.3.2): a byte-order mark, then the HTTP Content-Type charset, then a
// prescan of the page's head for <meta charset> or <meta http-equiv="Content-Type">, then a guess.
// So a server header that says GBK wins over a page that claims UTF-8, as in every browser.
//
// Departures, each on purpose: the prescan looks at 4096 bytes, not 1024 (the standard allows a
// user agent to wait for more; crawled CMS pages often put a long <script> or comment before their
// <meta>); the guess is "valid UTF-8, else chardet" rather than the locale default, since a crawl has
// no locale; an unknown label is skipped for the next source instead of failing.
import { isUtf8 } from "node:buffer";
import chardet from "chardet";
import iconv from "iconv-lite";

/** Bytes of the page searched for a <meta> charset declaration. */
export const META_PRESCAN_BYTES = 4096;
/** Bytes given to chardet when nothing declares the encoding and the page is not UTF-8. */
const GUESS_BYTES = 256 * 1024;

export type CharsetSource = "bom" | "http" | "meta" | "detected";

export interface PageEncoding {
  /** A label TextDecoder or iconv-lite knows, e.g. "utf-8", "gbk", "big5", "shift_jis". */
  encoding: string;
  source: CharsetSource;
}

/** The charset parameter of a Content-Type value, e.g. `text/html; charset="Shift_JIS"` -> "Shift_JIS". */
export function httpCharset(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1];
}

/**
 * The charset a page declares in its head: `<meta charset=...>`, or `<meta http-equiv="content-type"
 * content="...; charset=...">`, whichever comes first outside comments.
 */
export function metaCharset(head: Uint8Array): string | undefined {
  // latin1 maps each byte to one char: ASCII markup reads the same in every encoding this looks for
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, META_PRESCAN_BYTES))
    .toString("latin1")
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  const tag = /<meta(?=[\s/])([^>]*)>?/gi;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const attrs = attributes(m[1]!);
    const charset = attrs.get("charset");
    if (charset) return charset;
    const content = attrs.get("content");
    if (content && attrs.get("http-equiv")?.toLowerCase() === "content-type") {
      const declared = /charset\s*=\s*["']?([^"';\s]+)/i.exec(content)?.[1];
      if (declared) return declared;
    }
  }
  return undefined;
}

/** Decide a page's encoding (see the file comment for the order). */
export function pageEncoding(body: Uint8Array, contentType: string, sniffMeta = true): PageEncoding {
  const bom = bomEncoding(body);
  if (bom) return { encoding: bom, source: "bom" };
  const http = resolveLabel(httpCharset(contentType));
  if (http) return { encoding: http, source: "http" };
  if (sniffMeta) {
    let meta = resolveLabel(metaCharset(body));
    // A page cannot be read as UTF-16 while its <meta> was just found as ASCII bytes (WHATWG).
    if (meta === "utf-16le" || meta === "utf-16be") meta = "utf-8";
    if (meta) return { encoding: meta, source: "meta" };
  }
  return { encoding: guessEncoding(body), source: "detected" };
}

/** The page as text, with the encoding used and where it came from. Invalid bytes become U+FFFD. */
export function decodePage(body: Uint8Array, contentType: string, sniffMeta = true): PageEncoding & { text: string } {
  const found = pageEncoding(body, contentType, sniffMeta);
  return { ...found, text: decodeWith(body, found.encoding) };
}

/** A decoder's name for a charset label, or undefined when neither TextDecoder nor iconv-lite knows it. */
export function resolveLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const key = label.trim().toLowerCase();
  let known = labels.get(key);
  if (known === undefined) {
    known = "";
    try {
      // WHATWG's label table: gb2312 -> gbk, x-sjis -> shift_jis, iso-8859-1 -> windows-1252, ...
      known = new TextDecoder(key).encoding;
    } catch {
      if (iconv.encodingExists(key)) known = key;
    }
    if (labels.size < 1000) labels.set(key, known);
  }
  return known || undefined;
}

// --- internal ---

const labels = new Map<string, string>();
const decoders = new Map<string, InstanceType<typeof globalThis.TextDecoder>>();

function decodeWith(body: Uint8Array, encoding: string): string {
  let decoder = decoders.get(encoding);
  if (!decoder) {
    try {
      // Node's ICU decoders: GBK/GB18030 several times faster than iconv-lite
      decoder = new TextDecoder(encoding, { fatal: false });
      decoders.set(encoding, decoder);
    } catch {
      return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.length), encoding);
    }
  }
  return decoder.decode(body);
}

function bomEncoding(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  return undefined;
}

function guessEncoding(body: Uint8Array): string {
  if (isUtf8(body)) return "utf-8";
  // chardet reads every byte it is given: a capped sample keeps a 50 MB page linear and cheap
  const sample = body.length > GUESS_BYTES ? body.subarray(0, GUESS_BYTES) : body;
  for (const guess of chardet.analyse(sample)) {
    if (guess.name === "UTF-8" || guess.name === "ASCII") continue;
    const known = resolveLabel(guess.name);
    if (known) return known;
  }
  return "utf-8";
}

/** A tag's attributes, names lowercased; the first of a repeated name wins (as HTML parsers do). */
function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  const attr = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]+)))?/g;
  for (let m = attr.exec(source); m; m = attr.exec(source)) {
    const name = m[1]!.toLowerCase();
    if (!out.has(name)) out.set(name, (m[2] ?? m[3] ?? m[4] ?? "").trim());
  }
  return out;
}
