// HTML -> a light tree of the page's visible elements, built from htmlparser2's Tokenizer callbacks
// (no DOM: an element keeps its tag, its class and id, its children and the counts the scorer needs).
// The tree is built here rather than by htmlparser2's Parser: the Parser keeps its open-element stack
// with unshift() and searches it for every end tag, which made 40,000 unclosed <div>s take seconds
// (quadratic); it also builds an attribute object for every tag, where we keep five attributes.
// On the 181 pages of the ScrapingHub article-extraction benchmark htmlparser2 parsed several times
// faster than parse5; `npm run bench -- extract` times the whole step.
import { Tokenizer } from "htmlparser2";

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
 * whole page in one. Nor is `head`: a page that never closes it still has its text after it.
 */
const SKIPPED = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "math",
  "iframe",
  "object",
  "embed",
  "canvas",
  "select",
  "option",
  "textarea",
  "button",
  "input",
  "audio",
  "video",
  "map",
  "picture",
  "dialog",
  "title",
]);

/** Elements without content or end tag (HTML's void elements). */
const VOID = new Set([
  "area",
  "base",
  "basefont",
  "br",
  "col",
  "command",
  "embed",
  "frame",
  "hr",
  "img",
  "input",
  "isindex",
  "keygen",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);

/**
 * An opening tag that ends open elements (HTML's optional end tags: a new <p> or block ends a <p>, a
 * new <li> ends an <li>, a cell ends a cell): tag -> the open elements it closes, checked from the top.
 */
const P = ["p"];
const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p"];
const IMPLIED_CLOSE = new Map<string, Set<string>>([
  ["tr", new Set(["tr", "th", "td"])],
  ["th", new Set(["th", "td"])],
  ["td", new Set(["th", "td", "thead"])],
  ["tbody", new Set(["thead", "tbody"])],
  ["tfoot", new Set(["thead", "tbody"])],
  ["body", new Set(["head"])],
  ["a", new Set(["a"])],
  ["li", new Set(["li"])],
  ["dd", new Set(["dd", "dt"])],
  ["dt", new Set(["dd", "dt"])],
  ["option", new Set(["option"])],
  ...["h1", "h2", "h3", "h4", "h5", "h6"].map((h) => [h, new Set(HEADINGS)] as [string, Set<string>]),
  ...[
    "p",
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "pre",
    "section",
    "table",
    "ul",
  ].map((tag) => [tag, new Set(P)] as [string, Set<string>]),
]);

/**
 * Past this depth, elements are folded into their ancestor (their text stays). Keeps every later walk
 * shallow on pathological pages (10,000 nested <div>s) without changing real pages, which stay under ~60.
 */
const MAX_DEPTH = 200;

function newElement(tag: string, label: string, parent: HtmlElement | undefined): HtmlElement {
  return { tag, label, parent, children: [], textLength: 0, linkLength: 0, commas: 0, score: 0, scored: false, prose: 0, removed: false };
}

const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

/** Parse a page; never throws on malformed input (the tokenizer reads anything, the tree builder recovers). */
export function parsePage(html: string): ParsedPage {
  const root = newElement("#root", "", undefined);
  const elements: HtmlElement[] = [root];
  // open elements: their tag names, and the tree node each one writes into (a folded or skipped one
  // writes into its ancestor's); openCount[tag] makes an end tag with no open element free to ignore
  const tags: string[] = [];
  const nodes: HtmlElement[] = [];
  const openCount = new Map<string, number>();
  let current = root;
  // while inside a skipped element: the stack height at which it began
  let skipFrom = -1;
  let title: string | undefined;
  let inTitle = false;
  let lang: string | undefined;

  // the tag being read
  let tagName = "";
  let attrName = "";
  let attrValue = "";
  let cls: string | undefined;
  let id: string | undefined;
  let role: string | undefined;
  let hidden = false;
  let href = false;

  function push(tag: string, node: HtmlElement): void {
    tags.push(tag);
    nodes.push(node);
    openCount.set(tag, (openCount.get(tag) ?? 0) + 1);
  }

  function pop(): void {
    const tag = tags.pop()!;
    nodes.pop();
    openCount.set(tag, openCount.get(tag)! - 1);
    if (skipFrom > tags.length) skipFrom = -1;
    if (tag === "title") inTitle = false;
    current = nodes.length > 0 ? nodes[nodes.length - 1]! : root;
  }

  function addText(text: string): void {
    if (inTitle) {
      if (title !== undefined && title.length < 1000) title += text;
      return;
    }
    if (skipFrom >= 0 || text === "") return;
    current.children.push(text);
  }

  function openTag(): void {
    const name = tagName;
    const closes = IMPLIED_CLOSE.get(name);
    if (closes) while (tags.length > 0 && closes.has(tags[tags.length - 1]!)) pop();
    if (name === "title" && title === undefined && skipFrom < 0) {
      title = "";
      inTitle = true;
    }
    const isVoid = VOID.has(name);
    if (skipFrom < 0 && (SKIPPED.has(name) || hidden)) {
      if (isVoid) return;
      push(name, current);
      skipFrom = tags.length;
      return;
    }
    let node = current;
    if (skipFrom < 0 && nodes.length < MAX_DEPTH) {
      let label = cls === undefined ? (id ?? "") : id === undefined ? cls : `${cls} ${id}`;
      if (role !== undefined) label = `${label} role-${role}`;
      // an <a> without href is an anchor target (often written <a id="x"/>, which HTML reads as an open
      // tag that runs to the end of the heading): its text is no link
      const tag = name === "a" && !href ? "a-name" : name;
      node = newElement(tag, label.toLowerCase(), current);
      current.children.push(node);
      elements.push(node);
    }
    if (isVoid) return;
    push(name, node);
    current = node;
  }

  function closeTag(name: string): void {
    if (VOID.has(name)) {
      if (name === "br") {
        tagName = "br";
        resetAttributes();
        openTag();
      }
      return;
    }
    if ((openCount.get(name) ?? 0) === 0) {
      // a stray </p> makes an empty paragraph in browsers: a paragraph break, no text
      if (name === "p") {
        tagName = "p";
        resetAttributes();
        openTag();
        pop();
      }
      return;
    }
    // the elements above the matching one close with it; each is popped once, so the search is paid for
    while (tags.length > 0) {
      const top = tags[tags.length - 1]!;
      pop();
      if (top === name) break;
    }
  }

  function resetAttributes(): void {
    cls = id = role = undefined;
    hidden = href = false;
  }

  const tokenizer = new Tokenizer(
    { decodeEntities: true, xmlMode: false, recognizeSelfClosing: false },
    {
      onopentagname(start, end) {
        tagName = html.slice(start, end).toLowerCase();
        resetAttributes();
      },
      onattribname(start, end) {
        // only class, id, role, href, lang, style, hidden and aria-hidden matter: skip the rest unread
        const length = end - start;
        attrName = length === 2 || length === 4 || length === 5 || length === 6 || length === 11 ? html.slice(start, end).toLowerCase() : "";
        attrValue = "";
      },
      onattribdata(start, end) {
        if (attrName !== "" && attrName !== "href") attrValue += html.slice(start, end);
      },
      onattribentity(codepoint) {
        if (attrName !== "" && attrName !== "href") attrValue += fromCodePoint(codepoint);
      },
      onattribend() {
        switch (attrName) {
          case "class":
            cls = attrValue;
            break;
          case "id":
            id = attrValue;
            break;
          case "role":
            role = attrValue;
            break;
          case "href":
            href = true;
            break;
          case "hidden":
            hidden = true;
            break;
          case "aria-hidden":
            if (attrValue === "true") hidden = true;
            break;
          case "style":
            if (attrValue.length < 500 && HIDDEN_STYLE.test(attrValue)) hidden = true;
            break;
          case "lang":
            if (tagName === "html" && lang === undefined) lang = attrValue.trim() || undefined;
            break;
        }
      },
      onopentagend() {
        openTag();
      },
      onselfclosingtag() {
        // HTML ignores the slash of <div/>: an open tag like any other
        openTag();
      },
      onclosetag(start, end) {
        closeTag(html.slice(start, end).toLowerCase());
      },
      ontext(start, end) {
        addText(html.slice(start, end));
      },
      ontextentity(codepoint) {
        addText(fromCodePoint(codepoint));
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  measure(elements);
  const cleanTitle = title === undefined ? undefined : title.replace(/\s+/g, " ").trim();
  return { root, elements, title: cleanTitle || undefined, lang };
}

/** String.fromCodePoint that never throws (the entity decoder should never pass an invalid one). */
function fromCodePoint(codepoint: number): string {
  return codepoint >= 0 && codepoint <= 0x10ffff ? String.fromCodePoint(codepoint) : "\ufffd";
}

/**
 * Text, link and comma counts of every element, children before parents (a reverse walk of document
 * order). `skipRemoved` leaves out elements cut as boilerplate (a second measure after cutting, whose
 * commas are counted without the CJK fallback, as the scoring was tuned).
 */
export function measure(elements: HtmlElement[], skipRemoved = false, commas: (text: string) => number = countCommas): void {
  for (let i = elements.length - 1; i >= 0; i--) {
    const element = elements[i]!;
    if (skipRemoved && element.removed) continue;
    for (const child of element.children) {
      if (typeof child === "string") {
        element.textLength += visibleLength(child);
        element.commas += commas(child);
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
