// Gopher repetition rules (Rae et al. 2021, table A1) with datatrove's defaults and reasons
// (GopherRepetitionFilter): duplicated paragraphs and lines (by count and by characters), the share
// of the text taken by the most frequent 2-, 3- and 4-gram, and by repeated 5- to 10-grams.
// Word n-grams use words.ts, so they work on Chinese and Japanese as on English.
import { z } from "zod";
import { filter } from "../pipeline/filter.js";
import type { Step } from "../pipeline/step.js";
import { parseOptions } from "../options.js";
import { sinkSchema } from "../io/reader-options.js";
import { codePointLength } from "../text/code-points.js";
import { splitWords } from "../text/words.js";
import { docLanguage } from "./doc-language.js";

const pair = z.tuple([z.number().int().positive(), z.number()]);
export const GopherRepetitionOptions = z
  .object({
    dupLineFrac: z.number().nullable().default(0.3).describe("share of duplicated lines: dup_line_frac"),
    dupParaFrac: z.number().nullable().default(0.3).describe("share of duplicated paragraphs: dup_para_frac"),
    dupLineCharFrac: z.number().nullable().default(0.2).describe("characters in duplicated lines: dup_line_char_frac"),
    dupParaCharFrac: z.number().nullable().default(0.2).describe("characters in duplicated paragraphs: dup_para_char_frac"),
    topNGrams: z.array(pair).default([[2, 0.2], [3, 0.18], [4, 0.16]]).describe("[n, max share of the most frequent n-gram]: top_<n>_gram"),
    dupNGrams: z.array(pair).default([[5, 0.15], [6, 0.14], [7, 0.13], [8, 0.12], [9, 0.11], [10, 0.1]]).describe("[n, max share of repeated n-grams]: duplicated_<n>_n_grams"),
    language: z.string().optional(),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type GopherRepetitionInput = z.input<typeof GopherRepetitionOptions>;

export function gopherRepetition(options: GopherRepetitionInput = {}): Step {
  const o = parseOptions(GopherRepetitionOptions, options, "gopherRepetition");
  const on = (v: number | null): v is number => v !== null && v !== 0;
  return filter(
    "gopher_repetition",
    (doc) => {
      const text = doc.text;
      const length = codePointLength(text);
      const paragraphs = text.trim().split(/\n{2,}/);
      const paraDups = findDuplicates(paragraphs);
      if (on(o.dupParaFrac) && paraDups.count / paragraphs.length > o.dupParaFrac) return { keep: false, reason: "dup_para_frac" };
      if (on(o.dupParaCharFrac) && paraDups.chars / length > o.dupParaCharFrac) return { keep: false, reason: "dup_para_char_frac" };
      // Lines from the unstripped text: a trailing "\n" gives one empty last line, as in datatrove.
      const lines = text.split(/\n+/);
      const lineDups = findDuplicates(lines);
      if (on(o.dupLineFrac) && lineDups.count / lines.length > o.dupLineFrac) return { keep: false, reason: "dup_line_frac" };
      if (on(o.dupLineCharFrac) && lineDups.chars / length > o.dupLineCharFrac) return { keep: false, reason: "dup_line_char_frac" };
      const words = splitWords(text, docLanguage(doc, o.language));
      for (const [n, frac] of o.topNGrams) {
        const top = topNGram(words, n);
        if (top && (codePointLength(top.gram) * top.count) / length > frac) return { keep: false, reason: `top_${n}_gram` };
      }
      for (const [n, frac] of o.dupNGrams) {
        if (repeatedNGramChars(words, n) / length > frac) return { keep: false, reason: `duplicated_${n}_n_grams` };
      }
      return true;
    },
    { rejected: o.rejected },
  );
}

// --- internal ---

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

/** The most frequent n-gram joined by spaces; on a tie the one seen first wins (Counter.most_common). */
function topNGram(words: readonly string[], n: number): { gram: string; count: number } | undefined {
  if (words.length < n) return undefined;
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const gram = words.slice(i, i + n).join(" ");
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  // Map keeps insertion order, so the first n-gram with the highest count wins a tie.
  let best: string | undefined;
  let bestCount = 0;
  for (const [gram, c] of counts) {
    if (c > bestCount) {
      bestCount = c;
      best = gram;
    }
  }
  return best === undefined ? undefined : { gram: best, count: bestCount };
}

/**
 * Characters in repeated n-grams: an n-gram (joined with no separator, as datatrove does) seen
 * before counts its length and the scan jumps past it; otherwise it moves one word.
 */
function repeatedNGramChars(words: readonly string[], n: number): number {
  const seen = new Set<string>();
  let repeated = 0;
  let i = 0;
  while (i + n <= words.length) {
    const gram = words.slice(i, i + n).join("");
    if (seen.has(gram)) {
      repeated += codePointLength(gram);
      i += n;
    } else {
      seen.add(gram);
      i++;
    }
  }
  return repeated;
}
