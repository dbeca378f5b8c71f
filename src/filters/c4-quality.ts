// C4's cleaning rules (Raffel et al. 2020, section 2.2) as datatrove's C4QualityFilter applies them,
// line by line and in this order: over-long words, citations removed, terminal punctuation, words
// per line, then "lorem ipsum" and "{" drop the whole document, "javascript" and cookie/policy lines
// go; at the end a document needs 5 sentences. The kept lines become the new text (the step's name
// says it rewrites). English-centred: the punctuation, javascript and policy rules are C4's.
import { z } from "zod";
import { defineStep } from "../pipeline/step-descriptor.js";
import { filter } from "../pipeline/filter.js";
import type { Step } from "../pipeline/step.js";
import { parseOptions } from "../options.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { splitLines } from "../text/normalize.js";
import { isSpace } from "../text/code-points.js";
import { isUnspaced, splitWords } from "../text/words.js";
import { sentenceCountOfWords, sentencePartsOfWords, spacedSentenceCount, spacedSentenceParts } from "../text/spaced-sentences.js";
import { docLanguage } from "./doc-language.js";

export const C4QualityOptions = z
  .object({
    splitParagraph: z.boolean().default(true).describe("judge lines (true) or sentences (false)"),
    removeCitations: z.boolean().default(true).describe("remove [1], [edit], [citation needed]"),
    filterNoTerminalPunct: z.boolean().default(true).describe("drop lines not ending in . ? ! \" ' (or ending in ...)"),
    minNumSentences: z.number().int().default(5).describe("fewer sentences left: too_few_sentences (-1 disables)"),
    minWordsPerLine: z.number().int().default(3).describe("drop lines with fewer words (-1 disables)"),
    maxWordLength: z.number().int().default(1000).describe("drop lines with a longer word (-1 disables)"),
    filterLoremIpsum: z.boolean().default(true).describe("'lorem ipsum' anywhere: lorem_ipsum"),
    filterJavascript: z.boolean().default(true).describe("drop lines mentioning javascript"),
    filterCurlyBracket: z.boolean().default(true).describe("'{' anywhere: curly_bracket"),
    filterPolicy: z.boolean().default(true).describe("drop terms-of-use / privacy / cookie lines"),
    language: z.string().optional(),
    languages: z.array(z.string()).optional().describe("apply only to documents whose meta.language is listed (C4's rules are English); others pass untouched"),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type C4QualityInput = z.input<typeof C4QualityOptions>;

// Sentences per kept line, as datatrove counts them (split_into_sentences): spaCy's sentencizer
// over the language's tokens. For spaced scripts these are spaCy's English tokens (which datatrove
// uses for English and, by default, for every document), so "e.g. this" or "3.14" split nothing
// and "end.The" does; for unspaced ones, the words splitWords gives (jieba's for Chinese, which
// datatrove's Chinese pipeline uses too). See spaced-sentences.ts.
function countSentences(line: string, language: string, unspaced: boolean): number {
  return unspaced ? sentenceCountOfWords(line, splitWords(line, language)) : spacedSentenceCount(line);
}

// With splitParagraph false, the text cut where those sentences end (datatrove's
// split_into_sentences: each part runs to its sentence's end, the last to the end of the text).
function sentenceParts(text: string, language: string, unspaced: boolean): string[] {
  return unspaced ? sentencePartsOfWords(text, splitWords(text, language)) : spacedSentenceParts(text);
}

const CITATION_RE = /\[\d*]|\[edit]|\[citation needed]/g;
const END_PUNCTUATION = [".", "?", "!", '"', "'"];
const POLICY = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];

// Most lines contain none of the phrases below: one case-insensitive test rules them all out before
// the line is lowercased. Unicode case folding matches at least everything toLowerCase() would.
const MAYBE_FLAGGED_RE = /lorem ipsum|javascript|\{|terms of use|privacy policy|cookie policy|uses? cookies|use of cookies/iu;

/** Words of `line.split()` (whitespace-separated), and the longest in code points, without the array. */
function spacedWordShape(line: string): { count: number; longest: number } {
  let count = 0;
  let longest = 0;
  let current = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (isSpace(c)) {
      if (current > 0) count++;
      if (current > longest) longest = current;
      current = 0;
    } else if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && line.charCodeAt(i - 1) >= 0xd800 && line.charCodeAt(i - 1) <= 0xdbff)) current++;
  }
  if (current > 0) count++;
  return { count, longest: Math.max(longest, current) };
}

export function c4Quality(options: C4QualityInput = {}): Step {
  const o = parseOptions(C4QualityOptions, options, "c4Quality");
  return filter(
    "c4_quality",
    (doc, ctx) => {
      const language = docLanguage(doc, o.language);
      if (o.languages && !o.languages.includes(language)) {
        ctx.stats.add("skipped_language");
        return true;
      }
      const unspaced = isUnspaced(doc.text, language);
      const units = o.splitParagraph ? splitLines(doc.text) : sentenceParts(doc.text, language, unspaced);
      // datatrove counts sentences only when the rule is on (min_num_sentences -1 disables it); and
      // only whether the count reaches the minimum decides anything, so counting stops there
      const counting = o.splitParagraph && o.minNumSentences !== -1;
      const kept: string[] = [];
      let numSentences = 0;
      const removed = (why: string) => ctx.stats.add(`line_removed_${why}`);
      for (const unit of units) {
        let line = unit.trim();
        const words = spacedWordShape(line);
        if (o.maxWordLength !== -1 && words.longest > o.maxWordLength) {
          removed("too_long_word");
          continue;
        }
        if (o.removeCitations) line = line.replace(CITATION_RE, "");
        if (o.filterNoTerminalPunct && (!END_PUNCTUATION.some((p) => line.endsWith(p)) || line.endsWith("..."))) {
          removed("no_terminal_punct");
          continue;
        }
        if (o.minWordsPerLine !== -1 && words.count < o.minWordsPerLine) {
          removed("too_few_words");
          continue;
        }
        if (!MAYBE_FLAGGED_RE.test(line)) {
          numSentences += !counting ? 1 : numSentences < o.minNumSentences ? countSentences(line, language, unspaced) : 0;
          kept.push(line);
          continue;
        }
        const lower = line.toLowerCase();
        if (o.filterLoremIpsum && lower.includes("lorem ipsum")) return { keep: false, reason: "lorem_ipsum" };
        if (o.filterJavascript && lower.includes("javascript")) {
          removed("javascript");
          continue;
        }
        if (o.filterCurlyBracket && lower.includes("{")) return { keep: false, reason: "curly_bracket" };
        if (o.filterPolicy && POLICY.some((p) => lower.includes(p))) {
          removed("policy");
          continue;
        }
        numSentences += !counting ? 1 : numSentences < o.minNumSentences ? countSentences(line, language, unspaced) : 0;
        kept.push(line);
      }
      if (o.minNumSentences !== -1 && numSentences < o.minNumSentences) return { keep: false, reason: "too_few_sentences" };
      // datatrove joins kept lines with a newline, kept sentences with a space
      return { keep: true, text: kept.join(o.splitParagraph ? "\n" : " ").trim() };
    },
    { rejected: o.rejected },
  );
}

export const c4QualityStep = defineStep({
  name: "c4_quality",
  options: C4QualityOptions,
  create: c4Quality,
  description: "C4 line cleaning and document rules (rewrites text)",
  reference: "Raffel et al. 2020; datatrove C4QualityFilter",
  parallel: true,
});
