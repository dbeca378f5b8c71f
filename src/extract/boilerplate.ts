// Which part of a page is its main content. The method is the one Readability (Mozilla, and Arc90's
// readability.js before it) made common and trafilatura's fallback also uses: paragraphs vote for their
// ancestors by how much prose they hold, link-heavy and boilerplate-labelled containers lose, the best
// container wins and takes along siblings that look like more of the same. Before the vote, elements
// whose tag or class/id says navigation, header, footer, sidebar, comments, cookie or share widgets are
// cut (trafilatura's and Readability's lists of such names, in our own words below); after it, the
// chosen content is pruned of link lists, widgets and forms that sit inside it.
import { measure, visibleLength, type HtmlElement } from "./html-blocks.js";

/** Tags that are boilerplate wherever they appear. */
const BOILERPLATE_TAGS = new Set(["nav", "aside", "menu", "footer", "form", "fieldset", "label"]);

/** class/id fragments of page furniture (matched as substrings of the lower-cased label). */
const UNLIKELY =
  /(?:^|[-_ ])(?:nav|navbar|navigation|menu|menus|header|masthead|footer|sidebar|side-bar|widget|breadcrumbs?|comment|comments|disqus|respond|replies|cookie|cookies|consent|gdpr|share|sharing|social|sociable|sharedaddy|addthis|related|recommended|recirc|more-stories|newsletter|subscribe|subscription|signup|promo|sponsor|sponsored|advert|advertisement|ad|ads|adslot|banner|popup|modal|overlay|paywall|pagination|pager|tags|tag-list|tagcloud|byline|author-bio|author-info|copyright|disclaimer|skip-link|toolbar|outbrain|taboola|trending|most-popular|top-stories|rss|login|sr-only|screen-reader-text|visually-hidden|offscreen)(?:$|[-_ \d])|role-(?:navigation|menu|menubar|complementary|contentinfo|banner|dialog|alertdialog|search)/;

/** class/id fragments that mark main content; they keep an element an UNLIKELY match would drop. */
const LIKELY = /article|body|content|entry|main|post|story|text|blog|prose|rich|column|role-main/;

/** Stronger signs, for the class weight. */
const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|prose/;
const NEGATIVE =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|social|newsletter|subscribe|cookie|byline|caption/;

export interface BoilerplateOptions {
  /** Keep more of what might be content (looser sibling and pruning thresholds). */
  favorRecall: boolean;
  /** Keep comment sections. */
  comments: boolean;
  /** Keep tables. */
  tables: boolean;
  /** Cut by class/id names too (the first attempt); tags alone otherwise. */
  byLabel: boolean;
}

const COMMENT_LABEL = /comment|disqus|respond|replies|reply/;

/** Cut elements that are page furniture by tag or by name; returns nothing, marks `removed`. */
export function cutBoilerplate(elements: HtmlElement[], options: BoilerplateOptions): void {
  // furniture never holds most of a page's text: a wrapper named "page-ad-margins" or
  // "wrapper-boxed header-style-2" around the whole page is no sidebar or header
  const wrapper = elements[0]!.textLength * 0.6;
  for (let i = 1; i < elements.length; i++) {
    const element = elements[i]!;
    if (element.removed) continue;
    if (element.parent?.removed) {
      element.removed = true;
      continue;
    }
    const tag = element.tag;
    if (tag === "body" || tag === "html" || tag === "article" || tag === "main") continue;
    if (BOILERPLATE_TAGS.has(tag)) {
      // a form or footer that holds most of the page is a wrapper, not furniture
      if ((tag === "form" || tag === "footer") && element.textLength > wrapper) continue;
      element.removed = true;
      continue;
    }
    if (tag === "header") {
      element.removed = element.textLength < wrapper || element.linkLength > element.textLength * 0.3;
      continue;
    }
    if (tag === "table" && !options.tables) {
      element.removed = true;
      continue;
    }
    const label = element.label;
    if (label === "" || !options.byLabel || element.textLength > wrapper) continue;
    if (options.comments && COMMENT_LABEL.test(label)) continue;
    if (UNLIKELY.test(label) && !LIKELY.test(label)) element.removed = true;
  }
}

export function classWeight(element: HtmlElement): number {
  const label = element.label;
  if (label === "") return 0;
  let weight = 0;
  if (NEGATIVE.test(label)) weight -= 25;
  if (POSITIVE.test(label)) weight += 25;
  return weight;
}

function linkDensity(element: HtmlElement): number {
  return element.textLength === 0 ? 0 : element.linkLength / element.textLength;
}

const BLOCK_TAGS = new Set([
  "p",
  "div",
  "section",
  "article",
  "main",
  "table",
  "tbody",
  "tr",
  "td",
  "th",
  "ul",
  "ol",
  "dl",
  "li",
  "dd",
  "dt",
  "blockquote",
  "pre",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "figure",
  "header",
  "footer",
  "aside",
  "nav",
  "form",
]);

function hasBlockChild(element: HtmlElement): boolean {
  for (const child of element.children) {
    if (typeof child !== "string" && !child.removed && BLOCK_TAGS.has(child.tag)) return true;
  }
  return false;
}

const PARAGRAPHS = new Set(["p", "pre", "td", "blockquote"]);
const CONTAINERS = new Set(["div", "section", "article", "main", "span", "font", "center"]);

/**
 * Paragraph-like elements, and containers without block children, vote for their ancestors with all their
 * text. A container with block children votes for itself with the text directly inside it: a blog
 * post written as text runs and <br>s between a few <div>s (Readability wraps such runs into
 * paragraphs, which then vote for the container).
 */
function voteOf(element: HtmlElement): { length: number; target: HtmlElement | undefined } {
  const tag = element.tag;
  if (PARAGRAPHS.has(tag)) return { length: element.textLength, target: element.parent };
  // a body that is one run of text (old pages, text served as HTML) votes for the page as a whole
  if (tag === "body") return hasBlockChild(element) ? NO_VOTE : { length: element.textLength, target: element.parent };
  if (!CONTAINERS.has(tag)) return NO_VOTE;
  if (!hasBlockChild(element)) return { length: element.textLength, target: element.parent };
  return { length: ownTextLength(element), target: element };
}
const NO_VOTE = { length: 0, target: undefined };

function ownTextLength(element: HtmlElement): number {
  let n = 0;
  for (const child of element.children) {
    if (typeof child === "string") n += visibleLength(child);
    else if (!child.removed && !BLOCK_TAGS.has(child.tag) && child.tag !== "a") n += child.textLength;
  }
  return n;
}

function initialScore(element: HtmlElement): number {
  let score = classWeight(element);
  switch (element.tag) {
    case "div":
    case "article":
    case "main":
      score += 5;
      break;
    case "pre":
    case "td":
    case "blockquote":
      score += 3;
      break;
    case "ol":
    case "ul":
    case "dl":
    case "dd":
    case "dt":
    case "li":
    case "form":
      score -= 3;
      break;
    case "h1":
    case "h2":
    case "h3":
    case "h4":
    case "h5":
    case "h6":
    case "th":
      score -= 5;
      break;
  }
  return score;
}

function isRemoved(element: HtmlElement): boolean {
  for (let at: HtmlElement | undefined = element; at; at = at.parent) if (at.removed) return true;
  return false;
}

/** Forget the cuts and scores of an earlier attempt. */
export function resetMarks(elements: HtmlElement[]): void {
  for (const element of elements) {
    element.removed = false;
    element.scored = false;
    element.score = 0;
    element.prose = 0;
  }
}

/** Own text of an element, not counting removed children: recomputed after cutting. */
export function remeasure(elements: HtmlElement[]): void {
  for (let i = elements.length - 1; i >= 0; i--) {
    const element = elements[i]!;
    element.textLength = 0;
    element.linkLength = 0;
    element.commas = 0;
  }
  measure(elements, true, commasOf);
}

/** ASCII commas only (the second measure, as the scoring was tuned). */
function commasOf(text: string): number {
  let n = 0;
  for (let at = text.indexOf(","); at >= 0; at = text.indexOf(",", at + 1)) n++;
  return n;
}

/** The element holding the main content, or undefined when the page has no prose. */
export function mainContent(elements: HtmlElement[], root: HtmlElement, favorRecall: boolean): HtmlElement | undefined {
  const candidates: HtmlElement[] = [];
  for (let i = 1; i < elements.length; i++) {
    const element = elements[i]!;
    if (element.removed) continue;
    const { length, target } = voteOf(element);
    if (length < 25) continue;
    const votes = 1 + element.commas + Math.min(Math.floor(length / 100), 3);
    if (linkDensity(element) < 0.3) for (let at = target; at; at = at.parent) at.prose += length;
    let ancestor = target;
    for (let level = 0; ancestor && level < 5; level++, ancestor = ancestor.parent) {
      if (ancestor === root) break;
      if (!ancestor.scored) {
        ancestor.scored = true;
        ancestor.score = initialScore(ancestor);
        candidates.push(ancestor);
      }
      ancestor.score += level === 0 ? votes : level === 1 ? votes / 2 : votes / (level * 3);
    }
  }
  let best: HtmlElement | undefined;
  for (const candidate of candidates) {
    candidate.score *= 1 - linkDensity(candidate);
    if (!best || candidate.score > best.score) best = candidate;
  }
  if (!best) return undefined;
  // An article split over several blocks (chunks between ads, sections at different depths) wins with
  // one block; an ancestor whose extra text is mostly more prose holds the rest of it.
  const share = favorRecall ? 0.45 : 0.6;
  let chosen = best;
  for (let parent = best.parent; parent && parent !== root && parent.tag !== "body" && parent.tag !== "html"; parent = parent.parent) {
    const addedText = parent.textLength - best.textLength;
    const addedProse = parent.prose - best.prose;
    // past twice the winner's text, only an ancestor that adds almost nothing but prose (the other
    // sections of a long document) is the same article; teasers of other articles add prose too,
    // but among headlines, dates and links
    if (addedText > best.textLength * (favorRecall ? 2 : 1) && addedProse < addedText * 0.8) continue;
    if (addedText <= 0 || addedProse >= addedText * share) chosen = parent;
  }
  return chosen;
}

/** The winner and those of its siblings that read like more of the article, in document order. */
export function contentBlocks(best: HtmlElement, favorRecall: boolean): HtmlElement[] {
  const parent = best.parent;
  if (!parent) return [best];
  const threshold = Math.max(10, best.score * (favorRecall ? 0.15 : 0.2));
  const bestWeight = classWeight(best);
  const blocks: HtmlElement[] = [];
  for (const child of parent.children) {
    if (typeof child === "string" || child.removed) continue;
    if (child === best) {
      blocks.push(child);
      continue;
    }
    let keep = false;
    const bonus = bestWeight > 0 && child.label !== "" && child.label === best.label ? best.score * 0.2 : 0;
    if (child.scored && child.score + bonus >= threshold) keep = true;
    else if (child.tag === "p") {
      const density = linkDensity(child);
      if (child.textLength > 80 && density < 0.25) keep = true;
      else if (child.textLength > 0 && child.textLength <= 80 && density === 0 && endsSentence(child)) keep = true;
    }
    if (keep) blocks.push(child);
  }
  return blocks;
}

function endsSentence(element: HtmlElement): boolean {
  for (let i = element.children.length - 1; i >= 0; i--) {
    const child = element.children[i]!;
    if (typeof child === "string") {
      const trimmed = child.trimEnd();
      if (trimmed === "") continue;
      return /[.!?。！？]["'”’)]?$/.test(trimmed);
    }
    return false;
  }
  return false;
}

/** Inside the chosen content: remove link lists, image galleries, forms and widgets (Readability's "clean conditionally"). */
export function pruneContent(blocks: HtmlElement[], elements: HtmlElement[], favorRecall: boolean): void {
  const inside = new Set(blocks);
  // walk the elements inside the blocks, deepest first, so a container is judged without its removed parts
  const within: HtmlElement[] = [];
  for (const element of elements) {
    if (element.removed) continue;
    let at = element.parent;
    while (at && !inside.has(at)) at = at.parent;
    if (at || inside.has(element)) within.push(element);
  }
  // what holds half the chosen prose is the article, whatever its name or its images say
  let prose = 0;
  for (const block of blocks) prose += block.prose;
  for (let i = within.length - 1; i >= 0; i--) {
    const element = within[i]!;
    if (isRemoved(element) || element.prose > prose * 0.5) continue;
    const tag = element.tag;
    // the page's title and the captions of pictures are not the article's text (trafilatura leaves
    // both out of its main text too)
    if (tag === "h1" || tag === "figcaption" || (tag === "h2" && classWeight(element) < 0)) {
      if (!favorRecall || tag === "h2") element.removed = true;
      continue;
    }
    if (tag !== "div" && tag !== "section" && tag !== "ul" && tag !== "ol" && tag !== "table" && tag !== "dl" && tag !== "figure") continue;
    if (inside.has(element) && tag !== "ul" && tag !== "ol") continue;
    const weight = classWeight(element);
    if (weight < 0 && weight + element.score < 0 && !inside.has(element)) {
      element.removed = true;
      continue;
    }
    if (element.commas >= 10) continue;
    const counts = countInside(element);
    const density = linkDensity(element);
    const isList = tag === "ul" || tag === "ol";
    const length = element.textLength;
    const limit = favorRecall ? 0.5 : 0.2;
    let remove = false;
    if (tag === "figure") remove = length < 200;
    else if (counts.img > 1 && counts.p / counts.img < 0.5) remove = true;
    else if (!isList && counts.li > counts.p + 100) remove = true;
    else if (length < 25 && (counts.img === 0 || counts.img > 2) && !isList) remove = counts.pre === 0;
    // a section of long prose paragraphs may link more than one paragraph would (FAQ answers pointing
    // to documents); teasers of other articles (a linked title, a one-line summary) may not
    else if (weight < 25 && density > (isList ? limit + 0.2 : isLongProse(element, counts) ? 0.5 : limit)) remove = true;
    else if (weight >= 25 && density > 0.5) remove = true;
    if (remove) element.removed = true;
  }
}

function isLongProse(element: HtmlElement, counts: Counts): boolean {
  return element.prose > element.textLength * 0.5 && element.prose / Math.max(1, counts.p) >= 140;
}

interface Counts {
  p: number;
  img: number;
  li: number;
  pre: number;
}

function countInside(element: HtmlElement): Counts {
  const counts: Counts = { p: 0, img: 0, li: 0, pre: 0 };
  const todo: HtmlElement[] = [element];
  while (todo.length > 0) {
    const at = todo.pop()!;
    for (const child of at.children) {
      if (typeof child === "string" || child.removed) continue;
      if (child.tag === "p") counts.p++;
      else if (child.tag === "img") counts.img++;
      else if (child.tag === "li") counts.li++;
      else if (child.tag === "pre") counts.pre++;
      todo.push(child);
    }
  }
  return counts;
}

/**
 * With `comments` on, the page's comment sections (outermost elements named so) outside the content, in
 * document order: trafilatura's include_comments appends them after the main text.
 */
export function commentBlocks(elements: HtmlElement[], blocks: HtmlElement[]): HtmlElement[] {
  const found: HtmlElement[] = [];
  const taken = new Set(blocks);
  for (const element of elements) {
    if (element.removed || element.textLength === 0 || !COMMENT_LABEL.test(element.label)) continue;
    let inside = false;
    for (let at: HtmlElement | undefined = element; at && !inside; at = at.parent) inside = taken.has(at);
    if (inside) continue;
    found.push(element);
    taken.add(element);
  }
  return found;
}
