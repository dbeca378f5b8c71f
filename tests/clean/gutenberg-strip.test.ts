// The Project Gutenberg header/footer cut, on the marker variants real files carry.
import { describe, expect, it } from "vitest";
import { gutenbergStrip, Stats } from "../../src/index.js";
import { stripGutenberg } from "../../src/text/gutenberg-boilerplate.js";
import { collect } from "../support.js";

const BODY = "Chapter 1\n\nIt is a truth universally acknowledged, that a single man in possession\nof a good fortune, must be in want of a wife.";
const LICENCE = "\n\nUpdated editions will replace the previous one--the old editions will\nbe renamed.\n\nSTART: FULL LICENSE\n";

describe("stripGutenberg", () => {
  const variants: [string, string][] = [
    [
      "modern THE",
      `\uFEFFThe Project Gutenberg eBook of Pride\n\nTitle: Pride\nAuthor: Jane Austen\nLanguage: English\n\n*** START OF THE PROJECT GUTENBERG EBOOK PRIDE ***\n\n${BODY}\n\n*** END OF THE PROJECT GUTENBERG EBOOK PRIDE ***${LICENCE}`,
    ],
    [
      "older THIS",
      `The Project Gutenberg EBook of Pride\r\n\r\nTitle: Pride\r\n\r\n*** START OF THIS PROJECT GUTENBERG EBOOK PRIDE ***\r\n\r\n${BODY.replace(/\n/g, "\r\n")}\r\n\r\n*** END OF THIS PROJECT GUTENBERG EBOOK PRIDE ***${LICENCE}`,
    ],
    [
      "no space, wrapped title (PG #10026)",
      `Title: Mirror\n\n***START OF THE PROJECT GUTENBERG EBOOK THE MIRROR OF LITERATURE,\nAMUSEMENT, AND INSTRUCTION ***\n\n${BODY}\n\nEnd of the Project Gutenberg EBook of The Mirror${LICENCE}`,
    ],
    [
      "old small print",
      `**Welcome To The World of Free Plain Vanilla Electronic Texts**\n\n*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n\n${BODY}\n\nEnd of Project Gutenberg's Pride${LICENCE}`,
    ],
  ];
  for (const [name, raw] of variants) {
    it(`cuts the header and the footer: ${name}`, () => {
      const out = stripGutenberg(raw);
      expect(out.text).toBe(BODY);
      expect(out.foundStart && out.foundEnd).toBe(true);
    });
  }

  it("leaves a text without markers alone, and reads the header's fields", () => {
    expect(stripGutenberg(BODY)).toMatchObject({ text: BODY, foundStart: false, foundEnd: false });
    expect(stripGutenberg(variants[0]![1]).header).toEqual({ title: "Pride", author: "Jane Austen", language: "English" });
  });
});

describe("gutenbergStrip step", () => {
  it("strips PG documents, counts the others, and puts the header in meta", async () => {
    const stats = new Stats("gutenberg_strip");
    const docs = [
      {
        id: "1342",
        text: `Title: Pride\n\n*** START OF THE PROJECT GUTENBERG EBOOK PRIDE ***\n${BODY}\n*** END OF THE PROJECT GUTENBERG EBOOK PRIDE ***${LICENCE}`,
        meta: {},
      },
      { id: "other", text: BODY, meta: {} },
    ];
    async function* source() {
      yield* docs;
    }
    const out = await collect(gutenbergStrip()(source(), { rank: 0, worldSize: 1, stats, signal: new AbortController().signal }));
    expect(out.map((d) => d.text)).toEqual([BODY, BODY]);
    expect(out[0]!.meta).toEqual({ gutenberg_title: "Pride" });
    expect(stats.get("stripped")).toBe(1);
    expect(stats.get("no_markers")).toBe(1);
  });
});
