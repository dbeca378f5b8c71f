// FineWeb's own quality rules (Penedo et al. 2024, arXiv 2406.17557) with datatrove's defaults
// (FineWebQualityFilter): share of lines ending in terminal punctuation, share of short lines,
// characters in duplicated lines, and newlines per word.
import { z } from "zod";
import { defineStep } from "../pipeline/step-descriptor.js";
import { filter } from "../pipeline/filter.js";
import type { Step } from "../pipeline/step.js";
import { parseOptions } from "../options.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { TERMINAL_PUNCTUATION } from "../text/punctuation.js";
import { codePointLength } from "../text/code-points.js";
import { textLength } from "../text/code-points.js";
import { countOccurrences } from "../text/count.js";
import { minWordCount, splitWords } from "../text/words.js";
import { docLanguage } from "./doc-language.js";
import { findDuplicates } from "./gopher-repetition.js";
import { finewebQualitySettings, fineweb2PresetFields, fineweb2Thresholds } from "./fineweb2/preset.js";

export const FinewebQualityOptions = z
  .object({
    linePunctThr: z.number().default(0.12).describe("minimum share of lines ending in terminal punctuation: line_punct_ratio"),
    linePunctExcludeZero: z.boolean().default(false).describe("a share of exactly 0 passes"),
    shortLineThr: z.number().default(0.67).describe("maximum share of short lines: short_line_ratio"),
    shortLineLength: z.number().int().default(30).describe("a line this long or shorter is short"),
    charDuplicatesRatio: z.number().default(0.01).describe("maximum share of characters in duplicated lines: char_dup_ratio"),
    newLineRatio: z.number().default(0.3).describe("maximum newlines per word: list_ratio"),
    language: z.string().optional(),
    ...fineweb2PresetFields,
    rejected: sinkSchema.optional(),
  })
  .strict();
export type FinewebQualityInput = z.input<typeof FinewebQualityOptions>;

export function finewebQuality(options: FinewebQualityInput = {}): Step {
  const o = parseOptions(FinewebQualityOptions, options, "finewebQuality");
  const preset = o.preset === "fineweb2" ? fineweb2Thresholds(o, "finewebQuality", finewebQualitySettings) : undefined;
  return filter(
    "fineweb_quality",
    (doc, ctx) => {
      const t = preset ? preset(doc, ctx) : o;
      const text = doc.text;
      const lines = text.split("\n").filter((l) => l.trim() !== "");
      if (lines.length === 0) return { keep: false, reason: "empty" };
      const punct = lines.filter((l) => endsWithTerminal(l)).length / lines.length;
      if (punct < t.linePunctThr && !(t.linePunctExcludeZero && punct === 0)) return { keep: false, reason: "line_punct_ratio" };
      const short = lines.filter((l) => codePointLength(l) <= t.shortLineLength).length / lines.length;
      if (short > t.shortLineThr) return { keep: false, reason: "short_line_ratio" };
      const { chars } = findDuplicates(lines);
      const newlines = countOccurrences(text, "\n");
      // len(text.replace("\n", "")) without building the copy
      if (chars / Math.max(1, textLength(text) - newlines) > t.charDuplicatesRatio) return { keep: false, reason: "char_dup_ratio" };
      // Only the number of words matters here. When the lower bound on it already keeps the ratio
      // under the threshold, the words need not be made: after c4Quality has rewritten a document,
      // its new text would otherwise be tokenized a second time (a third of this step; `npm run bench -- filters`, FineWeb alone).
      if (newlines / Math.max(1, minWordCount(text)) > t.newLineRatio) {
        const words = splitWords(text, docLanguage(doc, t.language));
        if (newlines / Math.max(1, words.length) > t.newLineRatio) return { keep: false, reason: "list_ratio" };
      }
      return true;
    },
    { rejected: o.rejected },
  );
}

/** Python's line.endswith(stop_chars): the last code point (a surrogate pair counts as one). */
function endsWithTerminal(line: string): boolean {
  let at = line.length - 1;
  const unit = line.charCodeAt(at);
  if (unit >= 0xdc00 && unit <= 0xdfff && at > 0) at--;
  return TERMINAL_PUNCTUATION.has(String.fromCodePoint(line.codePointAt(at)!));
}

export const finewebQualityStep = defineStep({
  name: "fineweb_quality",
  options: FinewebQualityOptions,
  create: finewebQuality,
  description: "FineWeb line punctuation, short lines, duplicates, list ratio",
  reference: "Penedo et al. 2024; datatrove FineWebQualityFilter",
  parallel: true,
});
