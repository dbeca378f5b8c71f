// HTML -> a light tree of the page's visible elements, built from htmlparser2's streaming callbacks
// (no DOM: an element keeps its tag, its class and id, its children and the counts the scorer needs).
// htmlparser2 closes unclosed and misnested tags the way browsers mostly do (implied </p>, </li>, void
// elements), and its tokenizer is linear in the input. Measured on the 181 pages of the ScrapingHub
// article-extraction benchmark, one core: htmlparser2's Parser with empty callbacks 94-120 MB/s,
// parse5's parse() 21-27 MB/s.
import { Parser } from "htmlparser2";

export interface HtmlElement {
  tag: string;
  /** class and id, lower-cased, joined by a space ("" when the element has neither). */
  label: string;
  parent: HtmlElement | undefined;
  /** Text runs (raw, whitespace not collapsed) and child elements, in document order. */
  children: (HtmlElement | string)[];
  /** Characters of text inside, whitespace runs counted as one (filled by parsePage). */
  textLength: number;
  /** Of those, the characters inside links. */
  linkLength: number;
  /** Commas inside (Latin and CJK), a hint of running prose. */
  commas: number;
  /** Content score, set by the main-content scorer. */
  score: number;
  scored: boolean;
  /** Characters of paragraph-like text inside (prose, not links), set by the scorer. */
  prose: number;
  removed: boolean;
}

export interface ParsedPage {
  root: HtmlElement;
  /** Every element, in document order (parents before children). */
  elements: HtmlElement[];
  title: string | undefined;
  lang: string | undefined;
}

/**
 * Elements whose content is never text a reader sees. `form` is not among them: ASP.NET pages wrap the
 * whole page in one.
 */
const SKIPPED = new Set([
  "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
  "select", "option", "textarea", "button", "input", "audio", "video", "map", "head", "picture", "dialog",
]);

/**
 * Past this depth, elements are folded into their ancestor (their text stays). Keeps every later walk
 * shallow on pathological pages (10,000 nested <div>s) without changing real pages, which stay under ~60.
 */
const MAX_DEPTH = 200;

function newElement(tag: string, label: string, parent: HtmlElement | undefined): HtmlElement {
  return { tag, label, parent, children: [], textLength: 0, linkLength: 0, commas: 0, score: 0, scored: false, prose: 0, removed: false };
}

function isHidden(attribs: Record<string, string>): boolean {
  if (attribs.hidden !== undefined) return true;
  const style = attribs.style;
  if (style !== undefined && style.length < 500 && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  return attribs["aria-hidden"] === "true";
}

/** Parse a page; never throws on malformed input (htmlparser2 recovers from anything). */
export function parsePage(html: string): ParsedPage {
  const root = newElement("#root", "", undefined);
  const elements: HtmlElement[] = [root];
  const stack: HtmlElement[] = [root];
  // how many open tags are being skipped (inside <script>, hidden subtrees...) and at which depth it began
  let skipFrom = -1;
  let depth = 0;
  let title: string | undefined;
  let inTitle = false;
  let lang: string | undefined;
  let current = root;

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        depth++;
        if (name === "title" && title === undefined) {
          inTitle = true;
          title = "";
        }
        if (skipFrom >= 0) return;
        if (name === "html" && lang === undefined && attribs.lang) lang = attribs.lang.trim();
        if (SKIPPED.has(name) || isHidden(attribs)) {
          skipFrom = depth;
          return;
        }
        if (stack.length >= MAX_DEPTH) {
          stack.push(current);
          return;
        }
        const id = attribs.id;
        const cls = attribs.class;
        let label = cls === undefined ? (id ?? "") : id === undefined ? cls : `${cls} ${id}`;
        const role = attribs.role;
        if (role !== undefined) label = `${label} role-${role}`;
        // an <a> without href is an anchor target (often written <a id="x"/>, which HTML reads as an open
        // tag that runs to the end of the heading): its text is no link
        const tag = name === "a" && attribs.href === undefined ? "a-name" : name;
        const element = newElement(tag, label.toLowerCase(), current);
        current.children.push(element);
        elements.push(element);
        stack.push(element);
        current = element;
      },
      ontext(text) {
        if (inTitle) {
          title += text;
          return;
        }
        if (skipFrom >= 0) return;
        current.children.push(text);
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        if (skipFrom >= 0) {
          if (depth === skipFrom) skipFrom = -1;
          depth--;
          return;
        }
        depth--;
        if (stack.length > 1) {
          stack.pop();
          current = stack[stack.length - 1]!;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.end(html);
  measure(elements);
  const cleanTitle = title === undefined ? undefined : title.replace(/\s+/g, " ").trim();
  return { root, elements, title: cleanTitle || undefined, lang: lang || undefined };
}

/** Text, link and comma counts of every element, children before parents (a reverse walk of document order). */
function measure(elements: HtmlElement[]): void {
  for (let i = elements.length - 1; i >= 0; i--) {
    const element = elements[i]!;
    for (const child of element.children) {
      if (typeof child === "string") {
        element.textLength += visibleLength(child);
        element.commas += countCommas(child);
      }
    }
    if (element.tag === "a") element.linkLength = element.textLength;
    const parent = element.parent;
    if (parent) {
      parent.textLength += element.textLength;
      parent.linkLength += element.linkLength;
      parent.commas += element.commas;
    }
  }
}

/** Length with every whitespace run counted as one character and leading/trailing runs too. */
export function visibleLength(text: string): number {
  let n = 0;
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 160) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
    }
  }
  return n;
}

function countCommas(text: string): number {
  let n = 0;
  let at = text.indexOf(",");
  while (at >= 0) {
    n++;
    at = text.indexOf(",", at + 1);
  }
  // CJK full-width comma and ideographic comma
  if (n === 0 && text.length > 20) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0xff0c || c === 0x3001) n++;
    }
  }
  return n;
}
