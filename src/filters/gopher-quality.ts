// Gopher quality rules (Rae et al. 2021, "Scaling Language Models", appendix A), with datatrove's
// defaults, reason names and rule order (GopherQualityFilter): the first failing rule decides.
// datatrove applies every rule to every language: its `language` only picks the word tokenizer, and
// the mean word length (3-10) and Gopher's 8 English stop words are checked on Chinese or Russian
// words too, so such documents mostly fail them (Chinese words average under 2 characters). That is
// the default here as well; `englishOnlyWordRules` skips those two rules for documents not in
// English (unless `stopWords` are given, which then apply to every language).
import { z } from "zod";
import { defineStep } from "../pipeline/step-descriptor.js";
import { filter } from "../pipeline/filter.js";
import type { Step } from "../pipeline/step.js";
import { parseOptions } from "../options.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { splitLines } from "../text/normalize.js";
import { isPunctuationChar } from "../text/punctuation.js";
import { codePointLength } from "../text/code-points.js";
import { hasAstral } from "../text/code-points.js";
import { countOccurrences } from "../text/count.js";
import { splitWords } from "../text/words.js";
import { docLanguage, isEnglish } from "./doc-language.js";
import { fineweb2PresetFields, fineweb2Thresholds, gopherQualitySettings } from "./fineweb2/preset.js";

/** Gopher's stop words (datatrove STOP_WORDS); compared case-sensitively, as datatrove does. */
export const GOPHER_STOP_WORDS = ["the", "be", "to", "of", "and", "that", "have", "with"];

const threshold = z.number().nullable();
export const GopherQualityOptions = z
  .object({
    minDocWords: threshold.default(50).describe("fewer non-symbol words: gopher_short_doc"),
    maxDocWords: threshold.default(100_000).describe("more non-symbol words: gopher_long_doc"),
    minAvgWordLength: threshold.default(3).describe("shorter mean word length: gopher_below_avg_threshold"),
    maxAvgWordLength: threshold.default(10).describe("longer mean word length: gopher_above_avg_threshold"),
    maxSymbolWordRatio: threshold.default(0.1).describe("'#' and '...' per token: gopher_too_many_hashes / gopher_too_many_ellipsis"),
    maxBulletLinesRatio: threshold.default(0.9).describe("lines starting with a bullet: gopher_too_many_bullets"),
    maxEllipsisLinesRatio: threshold.default(0.3).describe("lines ending with an ellipsis: gopher_too_many_end_ellipsis"),
    maxNonAlphaWordsRatio: threshold
      .default(0.8)
      .describe("acts as the minimum share of tokens with a letter (datatrove issue #202): gopher_below_alpha_threshold"),
    minStopWords: threshold.default(2).describe("fewer distinct stop words: gopher_enough_stop_words"),
    stopWords: z.array(z.string()).optional().describe("stop words; Gopher's 8 English ones by default"),
    englishOnlyWordRules: z
      .boolean()
      .default(false)
      .describe(
        "skip the mean-word-length and stop-word rules for documents not in English (datatrove applies them to every language); given stopWords still apply",
      ),
    language: z.string().optional().describe("treat every document as this language (default: meta.language, else guessed)"),
    ...fineweb2PresetFields,
    rejected: sinkSchema.optional(),
  })
  .strict();
export type GopherQualityInput = z.input<typeof GopherQualityOptions>;

/** @example pipe(read("web/*.jsonl.gz"), gopherQuality({ minDocWords: 50 }), writeJsonl("out")) */
export function gopherQuality(options: GopherQualityInput = {}): Step {
  const o = parseOptions(GopherQualityOptions, options, "gopherQuality");
  const on = (v: number | null): v is number => v !== null && v !== 0; // datatrove: a falsy threshold disables its rule
  const preset = o.preset === "fineweb2" ? fineweb2Thresholds(o, "gopherQuality", gopherQualitySettings) : undefined;
  // the preset gives one options object per language: its stop-word set is made once
  const stopSets = new WeakMap<object, StopWordSet>();
  const base = stopWordSet(o.stopWords ?? GOPHER_STOP_WORDS);
  const stopSetOf = (t: typeof o): StopWordSet => {
    if (t === o) return base;
    let set = stopSets.get(t);
    if (!set) stopSets.set(t, (set = stopWordSet(t.stopWords ?? GOPHER_STOP_WORDS)));
    return set;
  };
  return filter(
    "gopher_quality",
    (doc, ctx) => {
      const t = preset ? preset(doc, ctx) : o;
      const { stopWords, stopShape } = stopSetOf(t);
      const language = docLanguage(doc, t.language);
      const wordRules = !t.englishOnlyWordRules || isEnglish(language);
      const text = doc.text;
      const words = splitWords(text, language);
      // One pass over the tokens gathers what the word rules need; the rules still decide in order.
      // Word lengths are in code points (Python's len): UTF-16 lengths unless the text has astral ones.
      const astral = wordRules && hasAstral(text);
      let n = 0;
      let chars = 0;
      let alpha = 0;
      for (const w of words) {
        const k = wordClass(w);
        if (k & NON_SYMBOL) {
          n++;
          if (wordRules) chars += astral ? codePointLength(w) : w.length;
        }
        if (k & LETTER) alpha++;
      }
      if (on(t.minDocWords) && n < t.minDocWords) return { keep: false, reason: "gopher_short_doc" };
      if (on(t.maxDocWords) && n > t.maxDocWords) return { keep: false, reason: "gopher_long_doc" };
      // numpy's mean of no words is nan, which fails no comparison: such a document passes here
      if (wordRules && n > 0) {
        const mean = chars / n;
        if (on(t.minAvgWordLength) && mean < t.minAvgWordLength) return { keep: false, reason: "gopher_below_avg_threshold" };
        if (on(t.maxAvgWordLength) && mean > t.maxAvgWordLength) return { keep: false, reason: "gopher_above_avg_threshold" };
      }
      const total = Math.max(1, words.length);
      if (on(t.maxSymbolWordRatio)) {
        if (countOccurrences(text, "#") / total > t.maxSymbolWordRatio) return { keep: false, reason: "gopher_too_many_hashes" };
        if ((countOccurrences(text, "...") + countOccurrences(text, "…")) / total > t.maxSymbolWordRatio)
          return { keep: false, reason: "gopher_too_many_ellipsis" };
      }
      const lines = splitLines(text);
      if (lines.length > 0) {
        // one pass counts both line rules; they are still decided in datatrove's order
        let bullets = 0;
        let ending = 0;
        for (const l of lines) {
          const start = l.trimStart();
          if (start.startsWith("•") || start.startsWith("-")) bullets++;
          const end = l.trimEnd();
          if (end.endsWith("...") || end.endsWith("…")) ending++;
        }
        if (on(t.maxBulletLinesRatio) && bullets / lines.length > t.maxBulletLinesRatio) return { keep: false, reason: "gopher_too_many_bullets" };
        if (on(t.maxEllipsisLinesRatio) && ending / lines.length > t.maxEllipsisLinesRatio) return { keep: false, reason: "gopher_too_many_end_ellipsis" };
      }
      if (on(t.maxNonAlphaWordsRatio) && words.length > 0) {
        if (alpha / words.length < t.maxNonAlphaWordsRatio) return { keep: false, reason: "gopher_below_alpha_threshold" };
      }
      if (on(t.minStopWords) && (wordRules || t.stopWords)) {
        const found = new Set<string>();
        for (const w of words) {
          // most words cannot be stop words by length or first character: no hashing for those
          if (w.length <= stopShape.longest && stopShape.initials.has(w.charCodeAt(0)) && stopWords.has(w)) {
            found.add(w);
            if (found.size >= t.minStopWords) break;
          }
        }
        if (found.size < t.minStopWords) return { keep: false, reason: "gopher_enough_stop_words" };
      }
      return true;
    },
    { rejected: o.rejected },
  );
}

// --- internal ---

interface StopWordSet {
  stopWords: Set<string>;
  stopShape: { longest: number; initials: Set<number> };
}

function stopWordSet(words: readonly string[]): StopWordSet {
  const stopWords = new Set(words);
  return {
    stopWords,
    stopShape: { longest: Math.max(0, ...[...stopWords].map((w) => w.length)), initials: new Set([...stopWords].map((w) => w.charCodeAt(0))) },
  };
}

const LETTER_RE = /\p{L}/u;

// What a token holds: a letter (Python's any(c.isalpha() for c in word)), a character outside
// datatrove's PUNCTUATION_SET (a "non-symbol word").
const LETTER = 1;
const NON_SYMBOL = 2;
// Per BMP code unit, both bits, filled on first sight (0: not known yet; the 4 bit marks "known").
// A surrogate's class is never used: tokens with surrogates go the code-point way.
const KNOWN = 4;
const unitClass = new Uint8Array(65536);

function classOfUnit(c: number): number {
  let k = unitClass[c]!;
  if (k === 0) {
    const char = String.fromCharCode(c);
    k = KNOWN | (LETTER_RE.test(char) ? LETTER : 0) | (isPunctuationChar(char) ? 0 : NON_SYMBOL);
    unitClass[c] = k;
  }
  return k;
}

/** LETTER and NON_SYMBOL of a token, by a table per code unit (code points for astral characters). */
function wordClass(word: string): number {
  let k = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return wordClassByCodePoint(word);
    k |= classOfUnit(c);
    if ((k & (LETTER | NON_SYMBOL)) === (LETTER | NON_SYMBOL)) break;
  }
  return k & (LETTER | NON_SYMBOL);
}

function wordClassByCodePoint(word: string): number {
  let k = 0;
  for (const char of word) {
    if (LETTER_RE.test(char)) k |= LETTER;
    if (!isPunctuationChar(char)) k |= NON_SYMBOL;
  }
  return k;
}

export const gopherQualityStep = defineStep({
  name: "gopher_quality",
  options: GopherQualityOptions,
  create: gopherQuality,
  description: "Gopher quality rules (length, symbols, bullets, stop words)",
  reference: "Rae et al. 2021; datatrove GopherQualityFilter",
  parallel: true,
  cliFlags: { englishOnlyWordRules: "english-only-word-rules" },
});
