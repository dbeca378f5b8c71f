// The reference text the bundled language models are trained on, and the held-out text their tests
// use. Real, redistributable prose that installs on a Debian machine or sits in ../shared/data:
// - en: WikiText-2 (English Wikipedia Good and Featured articles, CC BY-SA 3.0), test and valid
//   splits, but for the last HELD_OUT_ARTICLES articles of valid, which tests keep for themselves;
// - zh: the Chinese man pages (Debian manpages-zh, GFDL-1.2+), chapters 6-12 and appendix A of the
//   Chinese Debian Reference (debian-reference-zh-cn, GPL-2+; chapters 1-5 are in the sample corpus
//   and stay out of training) and the LibreOffice help (libreoffice-help-zh-cn, MPL-2.0): the
//   largest bodies of modern Chinese prose that install offline. Only lines with at least 5 Han
//   characters: these manuals leave commands, options and some paragraphs in English.
// Each yields raw lines (one paragraph each); normalization and tokenization are the scorer's own.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";

// beside the clone (../shared/data), or beside the folder of worktrees; CORPUSKIT_SHARED_DATA overrides
export const SHARED_DATA =
  [
    process.env.CORPUSKIT_SHARED_DATA ?? "",
    join(import.meta.dirname, "..", "..", "shared", "data"),
    join(import.meta.dirname, "..", "..", "..", "shared", "data"),
  ]
    .filter((dir) => dir !== "")
    .find((dir) => existsSync(dir)) ?? join(import.meta.dirname, "..", "..", "shared", "data");
const WIKITEXT = join(SHARED_DATA, "wikitext-2");
const REFERENCE_ZH = "/usr/share/debian-reference";
const LIBREOFFICE_HELP_ZH = "/usr/share/libreoffice/help/zh-CN/text";
export const HELD_OUT_ARTICLES = 8;

function need(path: string, how: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${how}`);
  return path;
}

/** WikiText-2's articles: `= Title =` starts one; the raw splits are tokenized with spaces and @-@ marks. */
export function wikitextArticles(split: "test" | "valid"): string[][] {
  const text = readFileSync(need(join(WIKITEXT, `${split}.txt`), "../shared/data/wikitext-2 comes with the workplace"), "utf8");
  const articles: string[][] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (/^= [^=].* =$/.test(line)) {
      articles.push([]);
      continue;
    }
    if (line === "" || line.startsWith("=") || articles.length === 0) continue;
    articles[articles.length - 1]!.push(detokenize(line));
  }
  return articles;
}

/** Undo WikiText's tokenization: " @-@ " joins, spaces before punctuation, <unk> for rare words (dropped). */
function detokenize(line: string): string {
  return line
    .replace(/ @([-.,])@ /g, "$1")
    .replace(/<unk>/g, "")
    .replace(/ ([.,;:!?%)\]'])/g, "$1")
    .replace(/([([$]) /g, "$1")
    .replace(/ {2,}/g, " ")
    .trim();
}

export function* englishReference(): Generator<string> {
  for (const article of wikitextArticles("test")) yield* article;
  for (const article of wikitextArticles("valid").slice(0, -HELD_OUT_ARTICLES)) yield* article;
}

/** Paragraphs of encyclopedic English no bundled model saw. */
export function englishHeldOut(): string[] {
  return wikitextArticles("valid").slice(-HELD_OUT_ARTICLES).flat();
}

export function* chineseReference(): Generator<string> {
  const chinese = (line: string) => (line.match(/\p{Script=Han}/gu)?.length ?? 0) >= 5;
  const files = execFileSync("dpkg", ["-L", "manpages-zh"], { encoding: "utf8" })
    .split("\n")
    .filter((f) => /\/man\/zh_CN\/.*\.gz$/.test(f))
    .sort();
  if (files.length === 0) throw new Error("manpages-zh is missing: apt-get install -y manpages-zh");
  for (const file of files) for (const line of roffParagraphs(gunzipSync(readFileSync(file)).toString("utf8"))) if (chinese(line)) yield line;
  const chapters = readdirSync(need(REFERENCE_ZH, "apt-get install -y debian-reference-zh-cn"))
    .filter((f) => /^(ch(0[6-9]|1\d)|apa)\.zh-cn\.html$/.test(f))
    .sort();
  for (const chapter of chapters) for (const line of htmlParagraphs(readFileSync(join(REFERENCE_ZH, chapter), "utf8"))) if (chinese(line)) yield line;
  const help = readdirSync(need(LIBREOFFICE_HELP_ZH, "apt-get install -y libreoffice-help-zh-cn"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".html"))
    .sort();
  for (const page of help) for (const line of htmlParagraphs(readFileSync(join(LIBREOFFICE_HELP_ZH, page), "utf8"))) if (chinese(line)) yield line;
}

/** Text lines of a man page: macros dropped (their arguments kept for headings and fonts), escapes undone. */
function* roffParagraphs(source: string): Generator<string> {
  for (const raw of source.split("\n")) {
    let line = raw;
    if (line.startsWith(".") || line.startsWith("'")) {
      const macro = /^[.'](SH|SS|B|I|BR|RB|IR|RI|BI|IB)\s+(.*)$/.exec(line);
      if (!macro) continue;
      line = macro[2]!.replace(/"/g, "");
    }
    line = line
      .replace(/\\f(\[[^\]]*]|\(..|.)/g, "")
      .replace(/\\\(../g, "")
      .replace(/\\[-e]/g, (m) => (m === "\\-" ? "-" : "\\"))
      .replace(/\\[&|^%]/g, "")
      .replace(/\\"[^\n]*/g, "")
      .trim();
    if (line.length > 0) yield line;
  }
}

function* htmlParagraphs(html: string): Generator<string> {
  const body = html.replace(/<(script|style|pre)[\s\S]*?<\/\1>/gi, "\n").replace(/<\/(p|div|h\d|li|dt|dd|tr|td|title)>|<br\s*\/?>/gi, "\n");
  const text = body
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
  for (const line of text.split("\n")) {
    const t = line.replace(/\s+/g, " ").trim();
    if (t.length > 0) yield t;
  }
}
