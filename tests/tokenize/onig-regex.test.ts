// The onig -> JavaScript translation against the native Hugging Face Split pre-tokenizer (onig
// itself) on patterns beyond Llama 3's and Qwen's: what it translates must cut text the same way;
// what it cannot must be refused (the tokenizer then stays on @huggingface/tokenizers).
import { Tokenizer as NativeTokenizer } from "@anush008/tokenizers";
import { describe, expect, it } from "vitest";
import { onigToJs } from "../../src/tokenize/onig-regex.js";
import { EDGE_CASES, udhrFixture } from "./bpe/texts.js";

function nativeSplit(pattern: string): (text: string) => string[] {
  const json = {
    version: "1.0",
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: "Split", pattern: { Regex: pattern }, behavior: "Isolated", invert: false },
    post_processor: null,
    decoder: null,
    model: { type: "BPE", dropout: null, unk_token: null, fuse_unk: false, byte_fallback: false, vocab: {}, merges: [] },
  };
  const pre = NativeTokenizer.fromString(JSON.stringify(json)).getPreTokenizer()!;
  return (text) => pre.preTokenizeString(text).map(([word]) => word);
}

/** Isolated Split with the translated pattern: matches, and the text between them. */
function ourSplit(source: string): (text: string) => string[] {
  const regex = new RegExp(source, "gv");
  return (text) => {
    const words: string[] = [];
    let at = 0;
    for (const m of text.matchAll(regex)) {
      if (m[0].length === 0) continue;
      if (m.index > at) words.push(text.slice(at, m.index));
      words.push(m[0]);
      at = m.index + m[0].length;
    }
    if (at < text.length) words.push(text.slice(at));
    return words;
  };
}

// DeepSeek-style CJK and punctuation splits, digits, dots, line anchors, escaped quotes, {,n}
const PATTERNS = [
  String.raw`\p{N}{1,3}`,
  String.raw`[一-龥ࠀ-一가-퟿]+`,
  String.raw`[!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|\d+|.`,
  String.raw`ax{,2}|^ +|\S+$`,
];

describe("onigToJs", () => {
  const texts = [...EDGE_CASES, ...udhrFixture.map((d) => d.text), "axxx ax\n  indented\nend  \nlast", "it'ſ 'K'S 123456 ١٢٣ a.b\u2028c"];
  it.each(PATTERNS)("cuts text as onig does: %s", (pattern) => {
    const source = onigToJs(pattern);
    expect(source).toBeDefined();
    const ours = ourSplit(source!);
    const native = nativeSplit(pattern);
    for (const text of texts) expect(ours(text), JSON.stringify(text.slice(0, 40))).toEqual(native(text));
  });

  it("refuses what it does not translate", () => {
    for (const pattern of [
      String.raw`\p{N}++`,
      String.raw`(?>a|b)`,
      String.raw`\w+`,
      String.raw`[a-z&&[^aeiou]]`,
      String.raw`(?i:[a-z])`,
      String.raw`\h`,
      String.raw`x{,2}|a`,
    ]) {
      expect(onigToJs(pattern), pattern).toBeUndefined();
    }
  });
});
