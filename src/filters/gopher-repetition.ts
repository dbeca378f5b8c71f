// Gopher repetition rules (Rae et al. 2021, table A1) with datatrove's defaults and reasons
// (GopherRepetitionFilter): duplicated paragraphs and lines (by count and by characters), the share
// of the text taken by the most frequent 2-, 3- and 4-gram, and by repeated 5- to 10-grams.
// Word n-grams use words.ts, so they work on Chinese and Japanese as on English.
import { z } from "zod";
import { defineStep } from "../pipeline/step-descriptor.js";
import { filter } from "../pipeline/filter.js";
import type { Step } from "../pipeline/step.js";
import { parseOptions } from "../options.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { codePointLength } from "../text/code-points.js";
import { textLength } from "../text/code-points.js";
import { splitWords } from "../text/words.js";
import { docLanguage } from "./doc-language.js";
import { GramLevels, joinWords, repeatedNGramChars, topNGram } from "./gopher-ngrams.js";
import { fineweb2PresetFields, fineweb2Thresholds, gopherRepetitionSettings } from "./fineweb2/preset.js";

const pair = z.tuple([z.number().int().positive(), z.number()]);
export const GopherRepetitionOptions = z
  .object({
    dupLineFrac: z.number().nullable().default(0.3).describe("share of duplicated lines: dup_line_frac"),
    dupParaFrac: z.number().nullable().default(0.3).describe("share of duplicated paragraphs: dup_para_frac"),
    dupLineCharFrac: z.number().nullable().default(0.2).describe("characters in duplicated lines: dup_line_char_frac"),
    dupParaCharFrac: z.number().nullable().default(0.2).describe("characters in duplicated paragraphs: dup_para_char_frac"),
    topNGrams: z
      .array(pair)
      .default([
        [2, 0.2],
        [3, 0.18],
        [4, 0.16],
      ])
      .describe("[n, max share of the most frequent n-gram]: top_<n>_gram"),
    dupNGrams: z
      .array(pair)
      .default([
        [5, 0.15],
        [6, 0.14],
        [7, 0.13],
        [8, 0.12],
        [9, 0.11],
        [10, 0.1],
      ])
      .describe("[n, max share of repeated n-grams]: duplicated_<n>_n_grams"),
    language: z.string().optional(),
    ...fineweb2PresetFields,
    rejected: sinkSchema.optional(),
  })
  .strict();
export type GopherRepetitionInput = z.input<typeof GopherRepetitionOptions>;

export function gopherRepetition(options: GopherRepetitionInput = {}): Step {
  const o = parseOptions(GopherRepetitionOptions, options, "gopherRepetition");
  const on = (v: number | null): v is number => v !== null && v !== 0;
  const preset = o.preset === "fineweb2" ? fineweb2Thresholds(o, "gopherRepetition", gopherRepetitionSettings) : undefined;
  return filter(
    "gopher_repetition",
    (doc, ctx) => {
      const t = preset ? preset(doc, ctx) : o;
      const text = doc.text;
      const length = textLength(text);
      const paragraphs = text.trim().split(/\n{2,}/);
      const paraDups = findDuplicates(paragraphs);
      if (on(t.dupParaFrac) && paraDups.count / paragraphs.length > t.dupParaFrac) return { keep: false, reason: "dup_para_frac" };
      if (on(t.dupParaCharFrac) && paraDups.chars / length > t.dupParaCharFrac) return { keep: false, reason: "dup_para_char_frac" };
      // Lines from the unstripped text: a trailing "\n" gives one empty last line, as in datatrove.
      const lines = text.split(/\n+/);
      const lineDups = findDuplicates(lines);
      if (on(t.dupLineFrac) && lineDups.count / lines.length > t.dupLineFrac) return { keep: false, reason: "dup_line_frac" };
      if (on(t.dupLineCharFrac) && lineDups.chars / length > t.dupLineCharFrac) return { keep: false, reason: "dup_line_char_frac" };
      const words = splitWords(text, docLanguage(doc, t.language));
      const joined = joinWords(words);
      const grams = new GramLevels(joined.ids);
      for (const [n, frac] of t.topNGrams) {
        const top = topNGram(grams, n, joined);
        if (top && (top.length * top.count) / length > frac) return { keep: false, reason: `top_${n}_gram` };
      }
      for (const [n, frac] of t.dupNGrams) {
        if (repeatedNGramChars(words, n, joined) / length > frac) return { keep: false, reason: `duplicated_${n}_n_grams` };
      }
      return true;
    },
    { rejected: o.rejected },
  );
}

/** Elements already seen earlier in the list: how many, and their characters. */
export function findDuplicates(items: readonly string[]): { count: number; chars: number } {
  const seen = new Set<string>();
  let count = 0;
  let chars = 0;
  for (const item of items) {
    if (seen.has(item)) {
      count++;
      chars += codePointLength(item);
    } else seen.add(item);
  }
  return { count, chars };
}

export const gopherRepetitionStep = defineStep({
  name: "gopher_repetition",
  options: GopherRepetitionOptions,
  create: gopherRepetition,
  description: "Gopher repetition rules (duplicate lines, paragraphs, n-grams)",
  reference: "Rae et al. 2021 table A1; datatrove GopherRepetitionFilter",
  parallel: true,
});
