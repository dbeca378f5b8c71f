// Our JavaScript pre-tokenizer patterns against the same patterns as tokenizer.json stores them,
// run by the native Hugging Face tokenizers library (Oniguruma): the same words on every UDHR
// declaration and on edge cases. Words must also cover the text exactly.
import { Tokenizer as NativeTokenizer } from "@anush008/tokenizers";
import { describe, expect, it } from "vitest";
import { PRETOKENIZERS, SPLIT_PATTERN, pretokenizer, specialSplitter } from "../../../src/tokenize/bpe/pretokenize.js";
import { EDGE_CASES, udhrDeclarations, udhrFixture } from "./texts.js";

/** The native library's Split pre-tokenizer on a pattern, alone. */
function nativeSplit(pattern: string): (text: string) => string[] {
  const json = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: "Split", pattern: { Regex: pattern }, behavior: "Isolated", invert: false },
    post_processor: null,
    decoder: null,
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: {},
      merges: [],
    },
  };
  const pre = NativeTokenizer.fromString(JSON.stringify(json)).getPreTokenizer()!;
  return (text) => pre.preTokenizeString(text).map(([word]) => word);
}

const declarations = udhrDeclarations();

describe.each(PRETOKENIZERS)("the %s pre-tokenizer", (name) => {
  const ours = pretokenizer(name);
  const native = nativeSplit(SPLIT_PATTERN[name]);

  it("cuts the edge cases as Hugging Face's native Split does", () => {
    for (const text of EDGE_CASES) expect(ours(text), JSON.stringify(text)).toEqual(native(text));
  });

  it(`cuts all ${declarations.length} UDHR declarations as Hugging Face's native Split does`, () => {
    expect(declarations.length).toBeGreaterThan(500);
    for (const [code, text] of declarations) {
      const words = ours(text);
      expect(words.join(""), code).toBe(text);
      expect(words, code).toEqual(native(text));
    }
  });

  it("gives words that join back to the text", () => {
    for (const { text } of udhrFixture) expect(ours(text).join("")).toBe(text);
    expect(ours("\ud800 lone \udfff surrogates").join("")).toBe("\ud800 lone \udfff surrogates");
  });
});

describe("cl100k words", () => {
  const words = pretokenizer("cl100k");
  it("keep contractions in any case, digits in threes, and a newline run with the spaces before it", () => {
    expect(words("I'LL don't")).toEqual(["I", "'LL", " don", "'t"]);
    expect(words("1234567")).toEqual(["123", "456", "7"]);
    expect(words("a  \n\n  b")).toEqual(["a", "  \n\n", " ", " b"]);
  });
});

describe("special tokens", () => {
  it("cut the text, the longest first where two start at one place", () => {
    const split = specialSplitter(["<|a|>", "<|a|><|b|>"]);
    expect(split("x<|a|><|b|>y<|a|>")).toEqual([
      { text: "x", special: false },
      { text: "<|a|><|b|>", special: true },
      { text: "y", special: false },
      { text: "<|a|>", special: true },
    ]);
    expect(specialSplitter([])("plain")).toEqual([{ text: "plain", special: false }]);
  });
});
