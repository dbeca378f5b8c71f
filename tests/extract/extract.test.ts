// The extract step on a page written for these tests (tests/fixtures/extract/news-article.html: an
// article among a cookie banner, header, navigation, breadcrumbs, share links, related links,
// comments, a sidebar and a footer), on Debian documentation pages where installed, and its contract as
// a step: options, meta.title and meta.html_lang, the no_content drop.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { standaloneContext } from "../../src/pipeline/step.js";
import { extract, extractStep, extractText, ExtractOptions } from "../../src/extract/extract.js";
import { collect, collector, FIXTURES } from "../support.js";
import type { Doc } from "../../src/doc.js";

const PAGE = readFileSync(`${FIXTURES}/extract/news-article.html`, "utf8");
const BOILERPLATE = [
  "We use cookies",
  "Accept all",
  "The Valley Courier", // logo and footer; the title is in meta, not in the text
  "Sport",
  "Home",
  "Share on Facebook",
  "By Ann Example",
  "Related stories",
  "Bridge repairs delayed",
  "About time somebody",
  "Most read",
  "morning headlines",
  "All rights reserved",
  "tracking",
  "font-family",
];

describe("extractText", () => {
  const { text, title, lang } = extractText(PAGE);

  it("keeps every paragraph of the article and nothing of the page around it", () => {
    for (const sentence of [
      "Three towns along the lower river have agreed",
      "pumps that keep the low streets dry.",
      "riverside path will close in sections",
      "open meeting in each town before the end of April.",
    ]) {
      expect(text).toContain(sentence);
    }
    for (const junk of BOILERPLATE) expect(text).not.toContain(junk);
  });

  it("lays the content out as blocks: blank lines between paragraphs, a list item a line, a table row a line", () => {
    expect(text).toContain("records began in the valley.\n\nThe councils will share");
    expect(text).toContain("\n\nWhat changes for residents\n\n");
    expect(text).toContain("closes in May.\nParking on Quay Street is suspended during the work.\nA temporary footbridge");
    expect(text).toContain("Town | Wall height | Length\nMillbrook | 2.4 m | 1.8 km\nFerryside | 2.1 m | 0.9 km");
    expect(text).toContain("\n\nWe cannot stop the river from rising");
  });

  it("keeps preformatted text as written", () => {
    expect(text).toContain("2026-01-14  gauge=MB-03  level=4.12m\n2026-01-15  gauge=MB-03  level=4.37m");
  });

  it("collapses other whitespace and keeps no leading or trailing space", () => {
    expect(text).toBe(text.trim());
    const flowing = text.split("\n").filter((line) => !line.includes("gauge="));
    for (const line of flowing) {
      expect(line).toBe(line.trim());
      expect(line).not.toMatch(/\s{2}/);
    }
  });

  it("reads the declared title and language", () => {
    expect(title).toBe("River towns plan for higher floods | The Valley Courier");
    expect(lang).toBe("en-GB");
  });

  it("tables: false leaves tables out; links: false leaves the text of links out", () => {
    const plain = extractText(PAGE, { tables: false, links: false }).text;
    expect(plain).not.toContain("Millbrook");
    expect(plain).not.toContain("online");
    expect(plain).toContain("Residents can read the full plan at the town halls");
    expect(text).toContain("town halls and online, and");
  });

  it("comments: true appends the comment section", () => {
    const withComments = extractText(PAGE, { comments: true }).text;
    expect(withComments).toContain("About time somebody did something about the flooding");
    expect(withComments).toContain("Who is going to pay for the pumps");
    expect(withComments.indexOf("About time")).toBeGreaterThan(withComments.indexOf("open meeting in each town"));
  });

  it("favor: recall keeps at least what precision keeps", () => {
    const recall = extractText(PAGE, { favor: "recall" }).text;
    expect(recall.length).toBeGreaterThanOrEqual(text.length);
    expect(recall).toContain("Three towns along the lower river");
  });

  it("decodes entities and reads text split by inline markup", () => {
    const html = `<html><body><article><p>Fish &amp; chips cost &pound;5 at the <b>harbour</b> <i>caf&eacute;</i>, said the owner of the shop on the corner today.</p><p>It opens at nine every morning except on Sundays and public holidays, she added.</p></article></body></html>`;
    expect(extractText(html).text).toBe(
      "Fish & chips cost £5 at the harbour café, said the owner of the shop on the corner today.\n\nIt opens at nine every morning except on Sundays and public holidays, she added.",
    );
  });

  it("reads a page whose body is one run of text", () => {
    const prose = "An old page that is nothing but text in its body, with a comma, and no markup at all.";
    expect(extractText(`<html><head><title>Old</title></head><body>\n${prose}\n</body></html>`).text).toBe(prose);
  });

  it("reads no text from script, style, hidden elements or form controls", () => {
    const html = `<body><div class="content"><p>The library opens a new reading room for children on the second floor next week, the council said.</p><p hidden>secret draft paragraph that nobody should see in the output at all</p><div style="display: none">another hidden paragraph with plenty of words to make it count</div><script>var x = "script text that looks like a long sentence, with commas, and more";</script><textarea>typed text, typed text, typed text, typed text</textarea></div></body>`;
    const out = extractText(html).text;
    expect(out).toBe("The library opens a new reading room for children on the second floor next week, the council said.");
  });
});

describe("extract step", () => {
  async function run(docs: Doc[], options = {}) {
    const ctx = standaloneContext("extract");
    const rejected = collector();
    async function* source() {
      yield* docs;
    }
    const out = await collect(extract({ ...options, rejected: rejected.sink })(source(), ctx));
    return { out, rejected: rejected.docs, stats: ctx.stats };
  }

  it("replaces the HTML with its text, annotates title and html_lang, keeps the other metadata", async () => {
    const { out } = await run([{ id: "p1", text: PAGE, meta: { url: "https://example.com/floods" } }]);
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toBe(extractText(PAGE).text);
    expect(out[0]!.meta).toEqual({ url: "https://example.com/floods", title: "River towns plan for higher floods | The Valley Courier", html_lang: "en-GB" });
  });

  it("drops a page without content with reason no_content and counts it", async () => {
    const pages = [
      { id: "script", text: "<script>document.write('<p>' + 'x'.repeat(500) + '</p>')</script>", meta: {} },
      { id: "empty", text: "", meta: {} },
      { id: "nav", text: `<html lang="fr"><title>Accueil</title><body><nav><a href="/">Accueil</a><a href="/a">Actualités</a></nav></body></html>`, meta: {} },
      { id: "ok", text: PAGE, meta: {} },
    ];
    const { out, rejected, stats } = await run(pages);
    expect(out.map((d) => d.id)).toEqual(["ok"]);
    expect(rejected.map((d) => [d.id, d.meta.filter_reason])).toEqual([
      ["script", "no_content"],
      ["empty", "no_content"],
      ["nav", "no_content"],
    ]);
    expect(rejected[2]!.meta.title).toBe("Accueil");
    expect(rejected[2]!.meta.html_lang).toBe("fr");
    expect(stats.get("dropped_no_content")).toBe(3);
  });

  it("passes documents that are not HTML through unchanged with nonHtml: pass, and only then", async () => {
    const docs = [
      { id: "page", text: PAGE, meta: {} },
      {
        id: "typed",
        text: "<article><p>Rivers carry water from the hills to the sea, and along the way they shape valleys, feed farms and give towns a reason to exist.</p></article>",
        meta: { content_type: "text/html; charset=utf-8" },
      },
      { id: "wet", text: "Plain text that mentions <html> in passing.", meta: { content_type: "text/plain" } },
      { id: "jsonl", text: "A record from a JSON Lines file, no markup at all.", meta: {} },
      { id: "xhtml", text: '\uFEFF<?xml version="1.0"?>\n<!-- saved -->\n<!DOCTYPE html><html><body><p>Hi</p></body></html>', meta: {} },
    ];
    const ctx = standaloneContext("extract");
    async function* source() {
      yield* docs;
    }
    const passed = await collect(extract({ nonHtml: "pass" })(source(), ctx));
    const byId = new Map(passed.map((d) => [d.id, d]));
    expect(byId.get("wet")).toBe(docs[2]);
    expect(byId.get("jsonl")).toBe(docs[3]);
    expect(byId.get("page")!.text).toBe(extractText(PAGE).text);
    expect(byId.get("typed")!.text).not.toContain("<p>");
    expect(ctx.stats.get("passed_non_html")).toBe(2);
    // the default treats every document as a page, as datatrove's extractors do
    const strict = await collect(extract()(source(), standaloneContext("extract")));
    expect(strict.some((d) => d.id === "wet" && d.text === docs[2]!.text)).toBe(false);
  });

  it("has a descriptor whose schema parses {} to the documented defaults and rejects unknown keys", () => {
    expect(extractStep.name).toBe("extract");
    expect(extractStep.parallel).toBe(true);
    expect(ExtractOptions.parse({})).toEqual({ favor: "precision", tables: true, links: true, comments: false, nonHtml: "extract" });
    expect(() => extract({ favour: "recall" } as never)).toThrow(ConfigError);
    expect(() => extract({ favor: "speed" } as never)).toThrow(ConfigError);
  });
});

// Real pages with navigation: the Debian Reference (debian-reference-en, GPL-2+), read where installed.
const REFERENCE = "/usr/share/debian-reference/ch05.en.html";
describe.skipIf(!existsSync(REFERENCE))("a Debian Reference chapter", () => {
  it("keeps the chapter's sections, tips and tables and drops its navigation bars and table of contents", () => {
    const html = readFileSync(REFERENCE, "utf8");
    const { text, title } = extractText(html);
    expect(title).toMatch(/^Chapter 5\./);
    expect(text).toContain("5.1.1. The hostname resolution");
    expect(text).toContain("Under systemd, networkd may be used to manage networks.");
    expect(text).toContain("\nA | 10.x.x.x | 255.0.0.0 | /8 | 1\n");
    // the navigation header and footer hold "Prev", "Next", "Home" and "Up" links
    expect(text).not.toMatch(/^(Prev|Next|Home|Up)$/m);
    expect(text).not.toContain("Table of Contents");
  });
});
