// Text built to hurt: enormous words, a million newlines, long runs of blanks and marks, controls,
// lone surrogates, bidi overrides and every script at once -- through normalization, the quality
// filters, language identification, MinHash, dedup and the cl100k tokenizer. Each must finish
// without a stack overflow or a quadratic blow-up. The quadratic cases fixed here took 5-22 s at
// 80,000 characters and hours at a million; they are caught by how the time grows with the size
// (`timeExponent`: about 1 when linear, 2 when quadratic), not by a number of seconds, which a
// loaded machine can exceed.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  c4BadWords,
  c4Quality,
  ccnetNormalize,
  cleanText,
  exactDedup,
  finewebQuality,
  gopherQuality,
  gopherRepetition,
  languageFilter,
  lineDedup,
  loadTokenizer,
  MinHasher,
  normalize,
  normalizeForDedup,
  pipe,
  readJsonl,
  readText,
  simplifyText,
  splitWords,
  type Doc,
  type TextTokenizer,
} from "../../src/index.js";
import { collect, tempDir, timeExponent } from "../support.js";

/** A deterministic word of n lowercase letters (no repeats to shortcut anything). */
function letters(n: number): string {
  let x = 12345;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    out[i] = String.fromCharCode(97 + (x % 26));
  }
  return out.join("");
}

/** n Han characters without a break, shingled by characters. */
function han(n: number): string {
  return letters(n).replace(/[a-z]/g, (c) => String.fromCharCode(0x4e00 + (c.charCodeAt(0) - 97) * 37));
}

/**
 * A word no earlier call has seen: splitWords and friends remember their last answers, so a timed
 * run on the same text again would measure a lookup.
 */
let calls = 0;
const fresh = () => `w${(calls++).toString(36)}`;

/**
 * The bound on `timeExponent` (time ~ size^k): linear code measured 0.4-1.4 here, quadratic gives
 * 2. Checked by making cleanText quadratic for a moment (V8's /[ \t]+$/gm, retried at every blank of
 * a run that does not end its line): 2.26 on the spaces, 2.29 on tabs and spaces.
 */
const LINEAR = 1.6;
/** The sizes timed: 1,024 characters and 64 times that. */
const SMALL = 1024;

/** Every step that reads the text, in one pipeline; the documents that come out. */
async function throughSteps(docs: Doc[]): Promise<Doc[]> {
  return collect(pipe(docs, normalize(), gopherRepetition(), gopherQuality(), c4Quality(), c4BadWords(), finewebQuality(), exactDedup(), lineDedup()));
}

let cl100k: TextTokenizer;
beforeAll(async () => {
  cl100k = await loadTokenizer("cl100k_base");
});

describe("long runs inside a line: linear time", () => {
  const N = 1_000_000;
  const shapes: Record<string, (n: number) => string> = {
    spaces: (n) => `${fresh()}${" ".repeat(n)}b`,
    "tabs and spaces": (n) => `${fresh()}${" \t".repeat(n / 2)}b`,
    "no-break spaces": (n) => `${fresh()}${"\u00a0".repeat(n)}b`,
    "ideographic spaces": (n) => `${fresh()}${"\u3000".repeat(n)}b`,
    "information separators": (n) => `${fresh()}${"\u001c".repeat(n)}b`,
    "carriage returns": (n) => `${fresh()}${"\r".repeat(n)}b`,
    "blank lines with a space": (n) => `${fresh()}${"\n \n".repeat(Math.floor(n / 3))}b`,
  };
  const everyNormalizer = (text: string) => [cleanText(text), ccnetNormalize(text), normalizeForDedup(text), simplifyText(text), splitWords(text)] as const;
  for (const [name, shape] of Object.entries(shapes)) {
    it(`${name}: cleanText, the CCNet normalizers, simplifyText and splitWords`, async () => {
      const [clean, ccnet, dedup, simple, words] = everyNormalizer(shape(N));
      expect(clean.startsWith("w") && clean.endsWith("b")).toBe(true);
      expect(ccnet.startsWith("w") && ccnet.endsWith("b")).toBe(true);
      expect(dedup.startsWith("w") && dedup.endsWith("b")).toBe(true);
      expect(simple).toMatch(/^w[\s\S]*b$/);
      expect(words[0]!.startsWith("w")).toBe(true);
      expect(words.at(-1)!.endsWith("b")).toBe(true);
      expect(await timeExponent((n) => everyNormalizer(shape(n)), SMALL)).toBeLessThan(LINEAR);
    });
  }

  it("blanks at a line's end are still removed, in the middle kept", () => {
    expect(cleanText(`a${" ".repeat(N)}\nb \t\nc${" ".repeat(10)}d`)).toBe(`a\nb\nc${" ".repeat(10)}d`);
    expect(ccnetNormalize(`  A${" ".repeat(N)}B  `)).toBe(`a${" ".repeat(N)}b`);
  });

  it("words ending or filled with a million marks: splitWords peels them in linear time", async () => {
    const marks = (n: number) => ({
      commas: splitWords(`${fresh()}${",".repeat(n)}`),
      dots: splitWords(`${fresh()}${".".repeat(n)}b`),
      abbreviation: splitWords(`${fresh()}${"a.".repeat(n / 4)}${".,".repeat(n / 4)}`),
      tail: splitWords(`${fresh()} ${"a.".repeat(n / 2)},`),
    });
    const value = marks(N);
    expect(value.commas).toHaveLength(N + 1);
    expect(value.commas.slice(1, 3)).toEqual([",", ","]);
    expect(value.dots.slice(1)).toEqual([".".repeat(N), "b"]); // spaCy: a run of dots is an infix
    expect(value.tail.at(-1)).toBe(",");
    expect(await timeExponent(marks, SMALL)).toBeLessThan(LINEAR);
    // the same tokens as before the change, on the short forms of each shape
    expect(splitWords("U.S.,")).toEqual(["U.S.", ","]);
    expect(splitWords("(hello)...")).toEqual(["(", "hello", ")", "..."]);
    expect(splitWords("end.")).toEqual(["end", "."]);
    expect(splitWords("wait…")).toEqual(["wait", "…"]);
    expect(splitWords("smile😀")).toEqual(["smile", "😀"]);
  });
});

describe("enormous words and many lines", () => {
  it("a 5-million-character word: read, normalized, every quality filter, dedup and MinHash", async () => {
    const dir = await tempDir();
    const everyStep = async (n: number) => {
      const word = fresh() + letters(n);
      await writeFile(join(dir, `${n}.jsonl`), `${JSON.stringify({ id: "w", text: word })}\n`);
      await writeFile(join(dir, `${n}.txt`), word);
      const docs = [...(await collect(readJsonl(join(dir, `${n}.jsonl`)))), ...(await collect(readText(join(dir, `${n}.txt`))))];
      return {
        word,
        docs,
        kept: await throughSteps(docs),
        signature: new MinHasher().signature(word),
        han: new MinHasher({ shingles: "chars" }).signature(fresh() + han(n)),
      };
    };
    const value = await everyStep(5_000_000);
    expect(value.word.length).toBeGreaterThan(5_000_000);
    expect(value.docs.map((d) => d.text.length)).toEqual([value.word.length, value.word.length]);
    // one word is far too short a document for Gopher: dropped, not crashed on
    expect(value.kept).toEqual([]);
    expect(value.signature).toBeUndefined(); // fewer words than one 5-word shingle
    expect(value.han).toBeInstanceOf(Uint32Array);
    expect(await timeExponent(everyStep, SMALL)).toBeLessThan(LINEAR);
  });

  it("a million-character word: language ID and cl100k (round trip exact)", async () => {
    const identifyAndTokenize = async (n: number) => {
      const word = fresh() + letters(n);
      const [doc] = await collect(pipe([{ id: "w", text: word, meta: {} }], languageFilter()));
      const ids = cl100k.encode(word);
      return { doc, ids, back: cl100k.decode(ids), word };
    };
    const value = await identifyAndTokenize(1_000_000);
    expect(typeof value.doc!.meta.language).toBe("string");
    expect(value.ids.length).toBeGreaterThan(100_000);
    expect(value.back === value.word).toBe(true);
    expect(await timeExponent(identifyAndTokenize, SMALL)).toBeLessThan(LINEAR);
  });

  it("a text of a million newlines, alone and between words", async () => {
    const everyStep = async (n: number) => {
      const newlines = `${fresh()}${"\n".repeat(n)}`;
      const between = `${fresh()}\n${"word\n".repeat(n / 2)}end`;
      const docs: Doc[] = [
        { id: "n", text: `start${newlines}end`, meta: {} },
        { id: "b", text: between, meta: {} },
      ];
      const kept = await throughSteps(docs);
      const [annotated] = await collect(pipe([{ id: "l", text: between, meta: {} }], languageFilter()));
      const ids = cl100k.encode(newlines);
      return { kept, annotated, roundTrip: cl100k.decode(ids) === newlines, signature: new MinHasher().signature(between) };
    };
    const value = await everyStep(1_000_000);
    expect(value.roundTrip).toBe(true);
    expect(typeof value.annotated!.meta.language).toBe("string");
    expect(value.signature).toBeInstanceOf(Uint32Array);
    expect(cleanText(`start${"\n".repeat(1_000_000)}end`)).toBe("start\n\nend");
    expect(await timeExponent(everyStep, SMALL)).toBeLessThan(LINEAR);
  });
});

describe("control characters and mixed scripts", () => {
  const nasty = [
    "NUL\u0000inside\u0001\u0007 and an escape \u001b[31mred\u001b[0m",
    "lone surrogates: \ud800 high, \udfff low, \udc00\ud800 reversed",
    "bidi: \u202eexe.evil\u202c \u2066isolate\u2069 \u200fRLM \u061c",
    "joiners: a\u200bb\u200cc\u200dd, BOM \ufeff inside",
    "family 👩‍👩‍👧‍👦 flag 🇯🇵 skin 👍🏽 keycap 1️⃣",
    "مرحبا بالعالم 你好，世界 שלום עולם こんにちは 안녕하세요 Привет γειά σου नमस्ते",
    "line\u2028separator\u2029paragraph\r\nCRLF\rCR\u0085NEL\u000b\u000c",
    "text with <|endoftext|> and <|fim_prefix|> inside",
  ];

  it("normalize removes controls and keeps every visible character; cleaning again changes nothing", () => {
    const cleaned = nasty.map(cleanText);
    expect(cleaned[0]).toBe("NULinside and an escape [31mred[0m");
    expect(cleaned[2]).toBe(nasty[2]);
    expect(cleaned[4]).toBe(nasty[4]);
    expect(cleaned[5]).toBe(nasty[5]);
    expect(cleaned[6]).toBe("line\nseparator\nparagraph\nCRLF\nCR\nNEL");
    expect(cleaned.map(cleanText)).toEqual(cleaned);
  });

  it("every filter, language ID, MinHash and dedup take them without throwing", async () => {
    const docs: Doc[] = nasty.map((text, i) => ({ id: String(i), text: text.repeat(30), meta: {} }));
    await throughSteps(docs);
    const annotated = await collect(pipe(docs, languageFilter()));
    expect(annotated).toHaveLength(docs.length);
    for (const doc of annotated) expect(doc.meta.language_score).toBeGreaterThan(0);
    const hasher = new MinHasher({ shingles: "chars" });
    for (const doc of docs) expect(hasher.signature(doc.text)).toBeInstanceOf(Uint32Array);
  });

  it("cl100k: decode(encode(x)) is x; a lone surrogate comes back as U+FFFD, as tiktoken's input does", () => {
    for (const text of nasty) {
      const back = cl100k.decode(cl100k.encode(text));
      // Buffer's UTF-8 encoder replaces lone surrogates with U+FFFD, as TextEncoder does
      expect(back).toBe(Buffer.from(text, "utf8").toString("utf8"));
    }
    // special-token strings in web text are text, not control tokens
    expect(cl100k.encode(nasty[7]!)).not.toContain(cl100k.eos);
  });
});
