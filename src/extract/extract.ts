// The `extract` step: a web page's HTML (doc.text, as the WARC reader yields response bodies) becomes the
// page's main content as plain text, as FineWeb's pipeline does with trafilatura (datatrove
// src/datatrove/pipeline/extractors/trafilatura.py calls it with favor_precision=True and
// include_comments=False; those are our defaults). The page's <title> and <html lang> go to meta.title
// and meta.html_lang; a page with no main content is dropped with reason `no_content`.
import { z } from "zod";
import type { Doc } from "../doc.js";
import { filter } from "../pipeline/filter.js";
import type { Step } from "../pipeline/step.js";
import { defineStep } from "../pipeline/step-descriptor.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { parseOptions } from "../options.js";
import { parsePage } from "./html-blocks.js";
import { commentBlocks, contentBlocks, cutBoilerplate, mainContent, pruneContent, remeasure, resetMarks } from "./boilerplate.js";
import { renderText } from "./render-text.js";

export const ExtractOptions = z
  .object({
    favor: z
      .enum(["precision", "recall"])
      .default("precision")
      .describe("precision: leave out doubtful blocks (datatrove's favour_precision); recall: keep them"),
    tables: z.boolean().default(true).describe("keep tables as text, a row a line, cells joined by ' | '"),
    links: z.boolean().default(true).describe("keep the text of links inside the content"),
    comments: z.boolean().default(false).describe("keep comment sections"),
    nonHtml: z
      .enum(["extract", "pass"])
      .default("extract")
      .describe(
        "documents that are not HTML (by meta.content_type, else by their first characters): extract treats every document as a page, as datatrove's extractors do; pass forwards them unchanged, for a stream that mixes WARC pages with text",
      ),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type ExtractInput = z.input<typeof ExtractOptions>;

export interface ExtractedPage {
  /** The main content as text; "" when the page has none. */
  text: string;
  title: string | undefined;
  lang: string | undefined;
}

/** Extract one page (the step's work, for callers outside a pipeline). */
export function extractText(html: string, options: ExtractInput = {}): ExtractedPage {
  const o = parseOptions(ExtractOptions, options, "extract");
  return extractPage(html, o);
}

function extractPage(html: string, o: z.output<typeof ExtractOptions>): ExtractedPage {
  const page = parsePage(html);
  const favorRecall = o.favor === "recall";
  const total = page.root.textLength;
  // Readability's retry: when cutting by class names leaves too little, they named the wrong
  // things (a theme that calls its article wrapper "widget"); try again with tags alone.
  let text = "";
  for (const byLabel of [true, false]) {
    if (!byLabel) resetMarks(page.elements);
    cutBoilerplate(page.elements, { favorRecall, comments: o.comments, tables: o.tables, byLabel });
    remeasure(page.elements);
    const best = mainContent(page.elements, page.root, favorRecall);
    if (!best) continue;
    const blocks = contentBlocks(best, favorRecall);
    pruneContent(blocks, page.elements, favorRecall);
    if (o.comments) blocks.push(...commentBlocks(page.elements, blocks));
    const attempt = renderText(blocks, { links: o.links });
    if (attempt.length > text.length) text = attempt;
    if (text.length >= RETRY_BELOW || text.length >= total * 0.5) break;
  }
  return { text, title: page.title, lang: page.lang };
}

/** An extraction shorter than this (characters) is tried again with fewer cuts (Readability's charThreshold, 500). */
const RETRY_BELOW = 500;

/**
 * @example pipe(read("crawl/*.warc.gz"), extract(), languageFilter({ languages: ["en"] }), writeJsonl("out"))
 */
export function extract(options: ExtractInput = {}): Step {
  const o = parseOptions(ExtractOptions, options, "extract");
  return filter(
    "extract",
    (doc, ctx) => {
      if (o.nonHtml === "pass" && !isHtmlDoc(doc)) {
        ctx.stats.add("passed_non_html");
        return true;
      }
      const page = extractPage(doc.text, o);
      const meta: Record<string, unknown> = {};
      if (page.title !== undefined) meta.title = page.title;
      if (page.lang !== undefined) meta.html_lang = page.lang;
      if (page.text === "") return { keep: false, reason: "no_content", meta };
      return { keep: true, text: page.text, meta };
    },
    { rejected: o.rejected },
  );
}

/** A WARC response's HTTP Content-Type says; without one, the text must open like a page (after a BOM, comments, an XML prolog). */
export function isHtmlDoc(doc: Doc): boolean {
  const type = doc.meta.content_type;
  if (typeof type === "string" && type !== "") return /html/i.test(type);
  return HTML_START.test(doc.text.slice(0, 2048));
}

const HTML_START = /^\uFEFF?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i;

export const extractStep = defineStep({
  name: "extract",
  options: ExtractOptions,
  create: extract,
  description: "HTML page -> its main content as text (drops navigation, headers, footers, sidebars, comments)",
  reference: "trafilatura (Barbaresi 2021) as datatrove's Trafilatura extractor calls it; Readability's content scoring",
  parallel: true,
  cliFlags: { favor: "favor", tables: "tables", links: "links", comments: "comments", nonHtml: "non-html" },
});
