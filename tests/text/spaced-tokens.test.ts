// Spaced-script tokens must be spaCy's English tokenizer's (spacy.blank("en"), what datatrove's
// split_into_words uses), and sentence counts its sentencizer's. The fixture holds spaCy 3.7.5's own
// output (bench/peers/spacy-tokens.py) for 270 English paragraphs: the sample corpus, WikiText-2 and
// lingua's web sentences, most of them chosen for what spaCy treats specially (see
// tests/fixtures/README.md). Every paragraph must agree: the tokenizer follows spaCy's procedure
// and tables, so any difference is a bug, not an approximation. The other expectations below were
// also checked against spaCy.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sentenceCountOfWords, sentencePartsOfWords, spacedSentenceCount, spacedSentenceParts } from "../../src/text/spaced-sentences.js";
import { spacedTokens, spacedTokensByRules, spacedTokensWithSpaces } from "../../src/text/spaced-tokens.js";
import { englishExceptions } from "../../src/text/spaced-exceptions.js";
import { jiebaWords } from "../../src/text/jieba-words.js";
import { FIXTURES } from "../support.js";

const fixture = readFileSync(`${FIXTURES}/spacy-en-tokens.jsonl`, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { id: string; text: string; tokens: string[]; sentences: number; sentence_ends: number[] });

describe("spacedTokens", () => {
  it("gives spaCy's tokens on every fixture paragraph, by the shortcuts and by the full procedure", () => {
    expect(fixture.length).toBe(270);
    expect(fixture.filter((d) => JSON.stringify(spacedTokens(d.text)) !== JSON.stringify(d.tokens)).map((d) => d.id)).toEqual([]);
    expect(fixture.filter((d) => JSON.stringify(spacedTokensByRules(d.text)) !== JSON.stringify(d.tokens)).map((d) => d.id)).toEqual([]);
    // and in any order, the two interleaved: no state (chunk cache, gap buffer) leaks between texts
    const shuffled = [...fixture].reverse();
    expect(shuffled.filter((d) => JSON.stringify(spacedTokensByRules(d.text)) !== JSON.stringify(spacedTokens(d.text))).map((d) => d.id)).toEqual([]);
  });

  it("splits by spaCy's exceptions: contractions, cannot, clock times; keeps abbreviations whole", () => {
    expect(spacedTokens("don't Don't DON'T dont won't gonna y'all o'clock ’cause")).toEqual([
      "do",
      "n't",
      "Do",
      "n't",
      "DON'T",
      "do",
      "nt",
      "wo",
      "n't",
      "gon",
      "na",
      "y'",
      "all",
      "o'clock",
      "’cause",
    ]);
    expect(spacedTokens("U.S. e.g. i.e., Inc. Ph.D. NASA. A. etc.")).toEqual(["U.S.", "e.g.", "i.e.", ",", "Inc.", "Ph.D.", "NASA", ".", "A.", "etc", "."]);
    expect(englishExceptions().size).toBe(1347); // spaCy 3.7.5's len(nlp.tokenizer.rules)
  });

  it("peels spaCy's prefixes and suffixes only: units and currency after numbers, not every mark", () => {
    expect(spacedTokens("3.14 5.2. $5 US$5 50% 5km/h 1990s 2nd +1-800-555 C++ 12a.m. 7pm.")).toEqual([
      "3.14",
      "5.2",
      ".",
      "$",
      "5",
      "US$",
      "5",
      "50",
      "%",
      "5",
      "km/h",
      "1990s",
      "2nd",
      "+1",
      "-",
      "800",
      "-",
      "555",
      "C++",
      "12",
      "a.m.",
      "7",
      "pm",
      ".",
    ]);
    expect(spacedTokens("-word word- ^x x^ @home")).toEqual(["-word", "word-", "^x", "x^", "@home"]);
  });

  it("splits at infixes: hyphens and slashes between letters, commas between letters, operators between digits", () => {
    expect(spacedTokens("a--b a—b 1-2 a,b a/b a:b and/or w/o 2+2=4")).toEqual([
      "a",
      "--",
      "b",
      "a",
      "—",
      "b",
      "1",
      "-",
      "2",
      "a",
      ",",
      "b",
      "a",
      "/",
      "b",
      "a",
      ":",
      "b",
      "and/or",
      "w/o",
      "2",
      "+",
      "2=4",
    ]);
  });

  it("keeps URLs and e-mail addresses whole, and a period between words only before a capital", () => {
    expect(spacedTokens("https://example.org/a,b user@example.com 192.168.1.1 8.8.8.8:53 (www.example.com).")).toEqual([
      "https://example.org/a,b",
      "user@example.com",
      "192.168.1.1",
      "8.8.8.8:53",
      "(",
      "www.example.com",
      ")",
      ".",
    ]);
    expect(spacedTokens("google.com end.the end.The")).toEqual(["google.com", "end.the", "end", ".", "The"]);
  });

  it("merges runs that spell an exception (emoticons, co.), but not across a space", () => {
    expect(spacedTokens("word:) xyz-co. smile😀 ©2024 ♥♥ <3 :-) (^_^) ¯\\(ツ)/¯")).toEqual([
      "word",
      ":)",
      "xyz",
      "-",
      "co.",
      "smile",
      "😀",
      "©",
      "2024",
      "♥",
      "♥",
      "<3",
      ":-)",
      "(^_^)",
      "¯\\(ツ)/¯",
    ]);
    // "''abc" alone gives '' and abc; after "' " the run ' ' across the space claims the first quote
    expect(spacedTokens("''abc")).toEqual(["''", "abc"]);
    expect(spacedTokens("' ''abc")).toEqual(["'", "'", "'", "abc"]);
  });

  it("keeps whitespace tokens where spaCy's Doc has them: runs other than one space after a token", () => {
    expect(spacedTokensWithSpaces(" a  b\nc \t d ")).toEqual([" ", "a", " ", "b", "\n", "c", "\t ", "d"]);
    expect(spacedTokens(" a  b\nc \t d ")).toEqual(["a", "b", "c", "d"]);
    // Python's whitespace, not JavaScript's: U+FEFF is no space, U+001C is
    expect(spacedTokens("a\ufeffb c\u001cd")).toEqual(["a\ufeffb", "c", "d"]);
  });

  it("takes the shortcuts only where the full procedure agrees (random text of the characters that matter)", () => {
    const pieces = [
      "a",
      "Z",
      "é",
      "0",
      "5",
      "km",
      "pm",
      "'",
      "’",
      "s",
      ".",
      "..",
      ",",
      ":",
      ";",
      "(",
      ")",
      "-",
      "—",
      "/",
      "+",
      "$",
      "US",
      "%",
      '"',
      "«",
      "©",
      "😀",
      "中",
      "。",
      "@",
      "co",
      "Mr",
      "cannot",
      "http://",
      "www.",
      "com",
      " ",
      " ",
      "  ",
      "\n",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
        const text = parts.join("");
        expect(spacedTokens(text)).toEqual(spacedTokensByRules(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("spaCy's sentencizer", () => {
  it("counts the fixture paragraphs' sentences as spaCy does", () => {
    expect(fixture.filter((d) => spacedSentenceCount(d.text) !== d.sentences).map((d) => d.id)).toEqual([]);
  });

  it("starts a sentence after . ! ? tokens, past closing quotes, at a whitespace token too", () => {
    expect(spacedSentenceCount("Hello.  \"World!\" he said... 'Really?' Yes.")).toBe(4);
    expect(spacedSentenceCount("See e.g. the U.S. economy, worth 3.14 units.")).toBe(1);
    expect(spacedSentenceCount("It ended.The next one began.")).toBe(2);
    expect(spacedSentenceCount("")).toBe(1); // datatrove's split_into_sentences of a blank text
  });

  it("counts over other words (jieba's for Chinese) the same way", () => {
    const text = "你好。我们很好！  他说：“是吗？”对。";
    expect(sentenceCountOfWords(text, jiebaWords(text))).toBe(4);
  });

  it("cuts the fixture paragraphs where datatrove's split_into_sentences cuts them", () => {
    // datatrove's arithmetic over spaCy's sentence ends: each part runs from the end before to its
    // own end, the last part to the end of the text
    const datatroveParts = (text: string, ends: number[]) => {
      const cuts = ends.slice(0, -1);
      return [0, ...cuts].map((from, k) => text.slice(from, k < cuts.length ? cuts[k] : text.length));
    };
    expect(fixture.filter((d) => d.sentence_ends.length > 1).length).toBeGreaterThan(100);
    expect(
      fixture.filter((d) => JSON.stringify(spacedSentenceParts(d.text)) !== JSON.stringify(datatroveParts(d.text, d.sentence_ends))).map((d) => d.id),
    ).toEqual([]);
  });

  it("cuts other words' text the same way, a leading end mark included", () => {
    const text = "。你好。我们很好！  他说：“是吗？”对。";
    const parts = sentencePartsOfWords(text, jiebaWords(text));
    expect(parts).toEqual(["。", "你好。", "我们很好！", "  他说：“是吗？”", "对。"]);
    expect(parts.length).toBe(sentenceCountOfWords(text, jiebaWords(text)));
  });
});
