// Pre-tokenization: the regular expression that cuts text into words before BPE, so that no token
// spans a word boundary, and the cut at special tokens.
//
// tokenizer.json keeps the pattern in Oniguruma syntax (Hugging Face's Split pre-tokenizer runs it
// with onig); training and encode.ts run the JavaScript translation next to it. The translation is
// written out, not derived, and tests/tokenize/bpe/pretokenize.test.ts checks it against the native
// Hugging Face pre-tokenizer on the UDHR and on edge cases. Its differences from a literal copy:
// - `\s` is White_Space (onig's meaning, as in Rust's regex crate); JavaScript's `\s` also takes
//   U+FEFF and misses U+0085.
// - `(?i:'s|...)` becomes explicit letter classes (JavaScript has no inline flags before Node 23).
//   onig's case folding also lets `s` match U+017F ſ (long s), so `[sSſ]`; no other character
//   folds to t, r, e, v, m, l or d.

export const PRETOKENIZERS = ["gpt2", "cl100k"] as const;
export type PretokenizerName = (typeof PRETOKENIZERS)[number];

/**
 * The patterns as tokenizer.json stores them. gpt2 is the GPT-2 release's (openai/gpt-2
 * src/encoder.py). cl100k is tiktoken's cl100k_base as first published (tiktoken_ext/openai_public.py
 * before Feb 2024), the form Hugging Face conversions such as Llama 3's tokenizer.json carry.
 * tiktoken later rewrote it with possessive quantifiers and `\s++$|\s*[\r\n]|\s+(?!\S)|\s`, which
 * Oniguruma reads differently (its `$` is an end of line) and which, by our reading, also cuts
 * whitespace after the last newline of a text differently; the first form is the one every
 * tokenizer.json reader runs the same way.
 */
export const SPLIT_PATTERN: Readonly<Record<PretokenizerName, string>> = {
  gpt2: String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
  cl100k: String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
};

const S = String.raw`\p{White_Space}`;
const NOT_S = String.raw`\P{White_Space}`;

/** The same patterns for JavaScript (flags `gu`). Every code point falls in some branch, so the matches cover the text. */
const JS_PATTERN: Readonly<Record<PretokenizerName, string>> = {
  gpt2: String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^${S}\p{L}\p{N}]+|${S}+(?!${NOT_S})|${S}+`,
  cl100k: String.raw`'(?:[sSſ]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^${S}\p{L}\p{N}]+[\r\n]*|${S}*[\r\n]+|${S}+(?!${NOT_S})|${S}+`,
};

/** A function cutting text into the pre-tokenizer's words; their concatenation is the text. */
export function pretokenizer(name: PretokenizerName): (text: string) => string[] {
  const regex = new RegExp(JS_PATTERN[name], "gu");
  return (text) => text.match(regex) ?? [];
}

export interface Segment {
  text: string;
  special: boolean;
}

/**
 * Cuts text at special tokens, leftmost first and the longest at one place, as Hugging Face's
 * added-vocabulary matching does; without special tokens the text is one segment.
 */
export function specialSplitter(specialTokens: readonly string[]): (text: string) => Segment[] {
  if (specialTokens.length === 0) return (text) => (text.length > 0 ? [{ text, special: false }] : []);
  const alternatives = [...specialTokens].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const regex = new RegExp(alternatives.join("|"), "gu");
  return (text) => {
    const segments: Segment[] = [];
    let at = 0;
    for (const match of text.matchAll(regex)) {
      if (match.index > at) segments.push({ text: text.slice(at, match.index), special: false });
      segments.push({ text: match[0], special: true });
      at = match.index + match[0].length;
    }
    if (at < text.length) segments.push({ text: text.slice(at), special: false });
    return segments;
  };
}
