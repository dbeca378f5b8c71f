// Bad input never crashes, hangs or takes super-linear time: fast-check tag soup and random bytes,
// 10,000-deep nesting, unclosed tags, a page that is one <script>, and pages at n and 2n characters.
// Set CORPUSKIT_FC_SEED to replay a fast-check case; CORPUSKIT_LARGE_TESTS=1 adds a 50 MB page.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractText } from "../../src/extract/extract.js";
import { timeExponent } from "../support.js";

const SEED = Number(process.env.CORPUSKIT_FC_SEED ?? 20_261_206);

const fragment = fc.oneof(
  fc.constantFrom(
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<li>",
    "<ul>",
    "</ul>",
    "<table>",
    "<tr>",
    "<td>",
    "</td>",
    "</table>",
    "<pre>",
    "</pre>",
    "<br>",
    "<br/>",
    "</br>",
    "<a href='/x'>",
    "<a>",
    "</a>",
    "<a id=x/>",
    "<nav>",
    "</nav>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<svg><title>t</title>",
    "</svg>",
    "<h1>",
    "</h2>",
    "<form>",
    "<select><option>o",
    "<div class='comments'>",
    '<div class="article-body">',
    "<div hidden>",
    "<span style='display:none'>",
    "<html lang=de>",
    "<title>",
    "</title>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&bogus;",
    "<",
    ">",
    "<<>>",
    "\u0000",
    "\uFFFD",
    "\uD800",
    '<p class="',
  ),
  fc.string({ maxLength: 40 }),
  fc.constant("A sentence of ordinary prose, long enough to count as a paragraph, with a comma or two. "),
);
const soup = fc.array(fragment, { maxLength: 200 }).map((parts) => parts.join(""));

function check(html: string): void {
  const page = extractText(html);
  expect(typeof page.text).toBe("string");
  expect(page.text).toBe(page.text.trim());
}

describe("extractText on bad input", () => {
  it("gives a string for any tag soup", () => {
    fc.assert(fc.property(soup, check), { seed: SEED, numRuns: 300 });
  });

  it("gives a string for random bytes read as UTF-8 and as Latin-1", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        check(Buffer.from(bytes).toString("utf8"));
        check(Buffer.from(bytes).toString("latin1"));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("keeps the text of a paragraph nested 10,000 elements deep, closed or not", () => {
    const prose = "The deepest paragraph still holds a full sentence of text, with commas, to be found.";
    const closed = `<html><body>${"<div>".repeat(10_000)}<p>${prose}</p>${"</div>".repeat(10_000)}</body></html>`;
    const unclosed = `<html><body>${"<div><span>".repeat(5_000)}<p>${prose}`;
    const inline = `<body><article>${"<b><i>".repeat(5_000)}${prose}`;
    for (const html of [closed, unclosed, inline]) expect(extractText(html).text).toContain(prose);
  });

  it("gives no text for a page that is one <script> or one unclosed <style>", () => {
    expect(extractText(`<script>${"var s = '<p>not text, really not text</p>';\n".repeat(2000)}</script>`).text).toBe("");
    expect(extractText(`<style>${"p { color: red } /* <p>nor this</p> */\n".repeat(2000)}`).text).toBe("");
    expect(extractText(`<script>${"x".repeat(10_000)}`).text).toBe("");
  });

  it("reads text after stray closing tags and unclosed attributes", () => {
    const prose = "After the stray tags comes a paragraph of plain prose, with a comma, that must survive.";
    expect(extractText(`</div></p></body></html><body><article><p>${prose}</p>`).text).toContain(prose);
    expect(extractText(`<div class="a><p>lost</p><div class="content"><p>${prose}</p></div>`).text).toContain(prose);
  });
});

describe("extractText time grows linearly", () => {
  const article = (n: number) =>
    `<html><body><nav>${'<a href="/x">menu item</a>'.repeat(50)}</nav><article>${"<p>A paragraph of the article, with a comma, and enough words to be prose.</p><div class='share'><a href='/s'>Share</a></div>".repeat(n)}</article><footer>footer</footer></body></html>`;
  const nested = (n: number) => `<body>${"<div><p>Nested text, with a comma, in a paragraph that goes on a little.".repeat(n)}`;
  const flat = (n: number) => "<td>cell".repeat(n);

  // time ~ size^k between n and 16n (tests/support.ts): linear code measures about 1, the quadratic
  // parser this replaced 2
  it.each([
    ["a long article", article, 2_000],
    ["deep unclosed nesting", nested, 5_000],
    ["one huge table row without a table", flat, 10_000],
  ])("%s", async (_name, make, n) => {
    const pages = new Map<number, string>();
    const page = (size: number) => pages.get(size) ?? pages.set(size, make(size)).get(size)!;
    expect(await timeExponent((size) => extractText(page(size)), n, { factor: 16 })).toBeLessThan(1.6);
  });

  it.skipIf(!process.env.CORPUSKIT_LARGE_TESTS)("a 50 MB page", () => {
    const page = article(Math.ceil(50e6 / 115));
    expect(page.length).toBeGreaterThan(50e6);
    const text = extractText(page).text;
    expect(text.length).toBeGreaterThan(20e6);
  });
});
