// Text built to hurt: enormous words, a million newlines, long runs of blanks and marks, controls,
// lone surrogates, bidi overrides and every script at once -- through normalization, the quality
// filters, language identification, MinHash, dedup and the cl100k tokenizer. Each must finish in
// bounded time without a stack overflow or a quadratic blow-up (the bounds are generous: the
// quadratic cases fixed here took 5-22 s at 80,000 characters and hours at a million).
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
import { collect, tempDir } from "../support.js";

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

async function timed<T>(run: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

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
  const cases: Record<string, string> = {
    spaces: `a${" ".repeat(N)}b`,
    "tabs and spaces": `a${" \t".repeat(N / 2)}b`,
    "no-break spaces": `a${"\u00a0".repeat(N)}b`,
    "ideographic spaces": `a${"\u3000".repeat(N)}b`,
    "information separators": `a${"\u001c".repeat(N)}b`,
    "carriage returns": `a${"\r".repeat(N)}b`,
    "blank lines with a space": `a${"\n \n".repeat(N / 3)}b`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: cleanText, the CCNet normalizers, simplifyText and splitWords`, async () => {
      const { value, ms } = await timed(() => [cleanText(text), ccnetNormalize(text), normalizeForDedup(text), simplifyText(text), splitWords(text)] as const);
      // ~1 s alone; 15 s leaves room for a loaded machine (5.2 s was seen at load 11) and still
      // fails a quadratic case, which takes hours at this length
      expect(ms).toBeLessThan(15_000);
      const [clean, ccnet, dedup, simple, words] = value;
      expect(clean.startsWith("a") && clean.endsWith("b")).toBe(true);
      expect(ccnet.startsWith("a") && ccnet.endsWith("b")).toBe(true);
      expect(dedup.startsWith("a") && dedup.endsWith("b")).toBe(true);
      expect(simple).toMatch(/^a[\s\S]*b$/);
      expect(words[0]!.startsWith("a")).toBe(true);
      expect(words.at(-1)!.endsWith("b")).toBe(true);
    });
  }

  it("blanks at a line's end are still removed, in the middle kept", () => {
    expect(cleanText(`a${" ".repeat(N)}\nb \t\nc${" ".repeat(10)}d`)).toBe(`a\nb\nc${" ".repeat(10)}d`);
    expect(ccnetNormalize(`  A${" ".repeat(N)}B  `)).toBe(`a${" ".repeat(N)}b`);
  });

  it("words ending or filled with a million marks: splitWords peels them in linear time", async () => {
    const { value, ms } = await timed(() => ({
      commas: splitWords(`a${",".repeat(N)}`),
      dots: splitWords(`a${".".repeat(N)}b`),
      abbreviation: splitWords(`${"a.".repeat(N / 4)}${".,".repeat(N / 4)}`),
      tail: splitWords(`x ${"a.".repeat(N / 2)},`),
    }));
    expect(ms).toBeLessThan(15_000); // ~0.8 s alone; see above
    expect(value.commas).toHaveLength(N + 1);
    expect(value.commas.slice(0, 3)).toEqual(["a", ",", ","]);
    expect(value.dots).toEqual(["a", ".".repeat(N), "b"]); // spaCy: a run of dots is an infix
    expect(value.tail.at(-1)).toBe(",");
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
    const word = letters(5_000_000);
    const dir = await tempDir();
    await writeFile(join(dir, "word.jsonl"), `${JSON.stringify({ id: "w", text: word })}\n`);
    await writeFile(join(dir, "word.txt"), word);
    const { value, ms } = await timed(async () => {
      const docs = [...(await collect(readJsonl(join(dir, "word.jsonl")))), ...(await collect(readText(join(dir, "word.txt"))))];
      return { docs, kept: await throughSteps(docs), signature: new MinHasher().signature(word), han: new MinHasher({ shingles: "chars" }).signature(han(5_000_000)) };
    });
    expect(value.docs.map((d) => d.text.length)).toEqual([5_000_000, 5_000_000]);
    // one word is far too short a document for Gopher: dropped, not crashed on
    expect(value.kept).toEqual([]);
    expect(value.signature).toBeUndefined(); // fewer words than one 5-word shingle
    expect(value.han).toBeInstanceOf(Uint32Array);
    expect(ms).toBeLessThan(20_000);
  });

  it("a million-character word: language ID and cl100k (round trip exact)", async () => {
    const word = letters(1_000_000);
    const { value, ms } = await timed(async () => {
      const [doc] = await collect(pipe([{ id: "w", text: word, meta: {} }], languageFilter()));
      const ids = cl100k.encode(word);
      return { doc, ids, back: cl100k.decode(ids) };
    });
    expect(typeof value.doc!.meta.language).toBe("string");
    expect(value.ids.length).toBeGreaterThan(100_000);
    expect(value.back === word).toBe(true);
    expect(ms).toBeLessThan(15_000);
  });

  it("a text of a million newlines, alone and between words", async () => {
    const newlines = "\n".repeat(1_000_000);
    const between = `${"word\n".repeat(500_000)}end`;
    const { value, ms } = await timed(async () => {
      const docs: Doc[] = [
        { id: "n", text: `start${newlines}end`, meta: {} },
        { id: "b", text: between, meta: {} },
      ];
      const kept = await throughSteps(docs);
      const [annotated] = await collect(pipe([{ id: "l", text: between, meta: {} }], languageFilter()));
      const ids = cl100k.encode(newlines);
      return { kept, annotated, roundTrip: cl100k.decode(ids) === newlines, signature: new MinHasher().signature(between) };
    });
    expect(value.roundTrip).toBe(true);
    expect(typeof value.annotated!.meta.language).toBe("string");
    expect(value.signature).toBeInstanceOf(Uint32Array);
    expect(cleanText(`start${newlines}end`)).toBe("start\n\nend");
    expect(ms).toBeLessThan(20_000);
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
