// The chosen elements as plain text: headings, paragraphs and block quotes separated by a blank line,
// list items and table rows one a line (cells joined by " | "), <br> a line break, <pre> as written,
// other whitespace collapsed to single spaces.
import type { HtmlElement } from "./html-blocks.js";

export interface RenderOptions {
  /** Keep the text of links (false drops it). */
  links: boolean;
}

/** Tags after and before which a paragraph ends (a blank line). */
const PARAGRAPH = new Set([
  "p",
  "div",
  "section",
  "article",
  "main",
  "blockquote",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "pre",
  "ul",
  "ol",
  "dl",
  "table",
  "figure",
  "figcaption",
  "header",
  "footer",
  "address",
  "hr",
  "details",
  "summary",
  "center",
  "body",
  "html",
]);
/** Tags that end a line. */
const LINE = new Set(["li", "dt", "dd", "tr", "br", "caption", "option"]);

class TextOut {
  readonly parts: string[] = [];
  /** 0: nothing pending, 1: a line break, 2: a blank line. */
  private pending = 0;
  private space = false;
  private lineHasText = false;

  breakLine(level: 1 | 2): void {
    if (this.parts.length === 0) return;
    if (level > this.pending) this.pending = level;
    this.space = false;
  }

  private start(): void {
    if (this.pending > 0) {
      this.parts.push(this.pending === 2 ? "\n\n" : "\n");
      this.pending = 0;
      this.lineHasText = false;
      this.space = false;
    } else if (this.space && this.lineHasText) {
      this.parts.push(" ");
    }
    this.space = false;
  }

  /** Flowing text: whitespace runs become one space, none at a line's start. */
  text(raw: string): void {
    const collapsed = raw.replace(/[\s\u00a0]+/g, " ");
    if (collapsed === " " || collapsed === "") {
      if (collapsed === " ") this.space = true;
      return;
    }
    const leading = collapsed.charCodeAt(0) === 32;
    const trailing = collapsed.charCodeAt(collapsed.length - 1) === 32;
    if (leading) this.space = true;
    const word = collapsed.slice(leading ? 1 : 0, trailing ? collapsed.length - 1 : collapsed.length);
    this.start();
    this.parts.push(word);
    this.lineHasText = true;
    this.space = trailing;
  }

  /** Text as written (inside <pre>), line breaks kept. */
  verbatim(raw: string): void {
    if (raw === "") return;
    this.start();
    this.parts.push(raw);
    this.lineHasText = true;
  }

  /** A literal separator inside a line (table cells). */
  separator(text: string): void {
    if (!this.lineHasText || this.pending > 0) return;
    this.parts.push(text.trimEnd());
    // the cell's text starts after one space, whatever whitespace it begins with
    this.space = true;
  }
}

export function renderText(blocks: HtmlElement[], options: RenderOptions): string {
  const out = new TextOut();
  for (const block of blocks) {
    out.breakLine(2);
    renderElement(block, out, options, false);
  }
  return out.parts.join("").trim();
}

function renderElement(element: HtmlElement, out: TextOut, options: RenderOptions, pre: boolean): void {
  const tag = element.tag;
  if (tag === "a" && !options.links) return;
  const paragraph = PARAGRAPH.has(tag);
  const line = LINE.has(tag);
  if (paragraph) out.breakLine(2);
  else if (line) out.breakLine(1);
  if (tag === "td" || tag === "th") out.separator(" | ");
  const inPre = pre || tag === "pre";
  for (const child of element.children) {
    if (typeof child === "string") {
      if (inPre) out.verbatim(child);
      else out.text(child);
    } else if (!child.removed) {
      renderElement(child, out, options, inPre);
    }
  }
  if (paragraph) out.breakLine(2);
  else if (line) out.breakLine(1);
}
