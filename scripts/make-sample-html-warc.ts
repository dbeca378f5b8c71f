// Writes examples/data/pages.warc.gz: real HTML pages, as Debian ships them in its documentation
// packages (DocBook output: navigation header and footer, tables of contents, prev/next links), in
// several languages, as `response` records of a crawl of www.debian.org. Four pages are re-encoded
// to the legacy encodings web corpora still meet (GBK, GB18030, Big5, Shift_JIS), each declared in
// another place, so that a reader's charset rules are tested on real pages:
//   - GBK:       HTTP `charset=GBK`, <meta> rewritten to gbk as well (they agree);
//   - Big5:      no charset in HTTP, <meta charset=big5> only;
//   - Shift_JIS: HTTP `charset=Shift_JIS`, while the page's <meta> still says UTF-8 (they disagree:
//                the HTTP header wins, as in browsers: WHATWG HTML "determining the character encoding");
//   - GB18030:   declared nowhere (<meta> removed, no HTTP charset): found by detection.
// A character an encoding cannot hold becomes a numeric character reference (&#NNNN;), as a legacy
// CMS writes it, so no text is lost. Deterministic: the same Debian packages give the same bytes.
//
// Needs (Debian): apt-get install -y debian-reference-en debian-reference-de debian-reference-fr \
//   debian-reference-es debian-reference-ja debian-reference-zh-cn debian-reference-zh-tw
// Run: npx tsx scripts/make-sample-html-warc.ts
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import iconv from "iconv-lite";
import { WARCRecord, WARCSerializer } from "warcio";
import { pageEncoding } from "../src/io/decode/html-charset.js";

const OUT = "examples/data/pages.warc.gz";
const MAX_BYTES = 300_000;
const REF = "/usr/share/debian-reference";

interface Spec {
  /** the installed file */
  file: string;
  pkg: string;
  url: string;
  encoding: "utf-8" | "gbk" | "gb18030" | "big5" | "shift_jis";
  /** the HTTP Content-Type header */
  http: string;
  /** what happens to the page's own <meta> charset declaration */
  meta: "keep" | "match" | "remove";
}

const ref = (ch: string, lang: string): Pick<Spec, "file" | "pkg" | "url"> => ({
  file: `${REF}/${ch}.${lang}.html`,
  pkg: `debian-reference-${lang}`,
  url: `https://www.debian.org/doc/manuals/debian-reference/${ch}.${lang}.html`,
});
const UTF8 = { encoding: "utf-8", http: "text/html; charset=utf-8", meta: "keep" } as const;

// Chapter 8 (I18N and L10N) and appendix A of the Debian Reference, and its preface: parts of the
// manual no other sample file holds, so the dedup steps meet no copies across files.
const PAGES: Spec[] = [
  { ...ref("ch08", "en"), ...UTF8 },
  { ...ref("ch08", "de"), ...UTF8 },
  { ...ref("ch08", "fr"), ...UTF8 },
  { ...ref("ch08", "es"), ...UTF8 },
  { ...ref("pr01", "en"), ...UTF8 },
  { ...ref("apa", "de"), ...UTF8 },
  { ...ref("ch08", "zh-cn"), encoding: "gbk", http: "text/html; charset=GBK", meta: "match" },
  { ...ref("ch08", "zh-tw"), encoding: "big5", http: "text/html", meta: "match" },
  { ...ref("ch08", "ja"), encoding: "shift_jis", http: "text/html; charset=Shift_JIS", meta: "keep" },
  { ...ref("apa", "zh-cn"), encoding: "gb18030", http: "text/html", meta: "remove" },
];

function need(path: string, pkg: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install -y ${pkg}`);
  return path;
}

/** DocBook writes `<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />`. */
const META = /<meta http-equiv="Content-Type" content="text\/html; charset=[^"]*"\s*\/?>/i;

function withMeta(html: string, spec: Spec): string {
  if (!META.test(html)) throw new Error(`${spec.file}: no <meta> charset declaration to rewrite`);
  if (spec.meta === "keep") return html;
  if (spec.meta === "remove") return html.replace(META, "");
  return html.replace(META, `<meta http-equiv="Content-Type" content="text/html; charset=${spec.encoding}" />`);
}

/** The page in its encoding; characters it cannot hold become numeric character references. */
function encode(html: string, encoding: Spec["encoding"]): Buffer {
  if (encoding === "utf-8") return Buffer.from(html, "utf8");
  const whatwg = new TextDecoder(encoding);
  const held = new Map<string, boolean>();
  let out = "";
  for (const c of html) {
    let ok = held.get(c);
    if (ok === undefined) {
      ok = whatwg.decode(iconv.encode(c, encoding)) === c;
      held.set(c, ok);
    }
    out += ok ? c : `&#${c.codePointAt(0)};`;
  }
  const bytes = iconv.encode(out, encoding);
  if (whatwg.decode(bytes) !== out) throw new Error(`${encoding} does not decode back to the page`);
  return bytes;
}

function uuid(seed: string): string {
  const h = createHash("sha1").update(seed).digest("hex");
  return `<urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}>`;
}

async function main(): Promise<void> {
  const opts = { gzip: true, digest: { algo: "sha-1", prefix: "sha1:", base32: true } };
  const filename = "pages.warc.gz";
  const info = {
    software: "corpuskit scripts/make-sample-html-warc.ts",
    isPartOf: "corpuskit-sample-html-2024-05",
    operator: "corpuskit",
    description: "Debian documentation pages as installed by Debian 12 packages",
    format: "WARC File Format 1.0",
  };
  const parts = [
    await WARCSerializer.serialize(
      WARCRecord.createWARCInfo(
        {
          filename,
          warcVersion: "WARC/1.0",
          date: "2024-05-01T09:00:00Z",
          warcHeaders: { "WARC-Type": "warcinfo", "WARC-Date": "", "WARC-Filename": filename, "WARC-Record-ID": uuid(`warcinfo|${filename}`) },
        },
        info,
      ),
      opts,
    ),
  ];
  let i = 0;
  for (const spec of PAGES) {
    const html = withMeta(readFileSync(need(spec.file, spec.pkg), "utf8"), spec);
    const body = encode(html, spec.encoding);
    // the browser rules must land on the intended encoding, by the intended route
    const found = pageEncoding(body, spec.http);
    const route = spec.http.includes("charset") ? "http" : spec.meta === "remove" ? "detected" : "meta";
    if (found.source !== route || new TextDecoder(found.encoding).encoding !== new TextDecoder(spec.encoding).encoding) {
      throw new Error(`${spec.url}: decided ${found.encoding} by ${found.source}, meant ${spec.encoding} by ${route}`);
    }
    const date = new Date(Date.UTC(2024, 4, 1, 9) + ++i * 61_000).toISOString().replace(/\.\d+Z$/, "Z");
    const first = { "WARC-Type": "", "WARC-Target-URI": "", "WARC-Date": "" };
    const record = WARCRecord.create(
      {
        url: spec.url,
        date,
        type: "response",
        warcVersion: "WARC/1.0",
        warcHeaders: { ...first, "WARC-Record-ID": uuid(`${spec.url}|${date}`), "Content-Type": "application/http; msgtype=response" },
        statusline: "HTTP/1.1 200 OK",
        httpHeaders: { Date: new Date(date).toUTCString(), Server: "Apache", "Content-Type": spec.http, "Content-Length": String(body.length) },
      },
      [body],
    );
    parts.push(await WARCSerializer.serialize(record, opts));
    console.log(`${spec.url}  ${spec.encoding}  ${body.length} bytes`);
  }
  const warc = Buffer.concat(parts);
  if (warc.length > MAX_BYTES) throw new Error(`${OUT} would be ${warc.length} bytes, more than ${MAX_BYTES}: take fewer or shorter pages`);
  writeFileSync(OUT, warc);
  console.log(`${OUT}: ${PAGES.length} pages, ${warc.length} bytes`);
}

await main();
