// `preset: "fineweb2"`: each document gets the thresholds FineWeb-2 used for its language, with the
// fixed settings around them that huggingface/fineweb-2's fineweb-2-pipeline.py (@ d0defb24, step
// 5) gives GopherRepetitionFilter, FineWebQualityFilter and GopherQualityFilter. The language is
// `meta.language` (a lid.176 label or a FineWeb-2 name), or the step's `language` option.
// A language without a config keeps the fixed settings and datatrove's defaults for the rest, and
// is counted as `no_language_config`: never an English default without a trace.
import { z } from "zod";
import type { Doc } from "../../doc.js";
import type { StepContext } from "../../pipeline/step.js";
import { docLanguage } from "../doc-language.js";
import { FINEWEB2_CONFIGS_ENV, fineweb2Configs, fineweb2ConfigsDir, type Fineweb2LanguageConfig } from "./configs.js";
import { fineweb2Name, lidLabelOf } from "./lid-labels.js";

/** The two options every preset-aware filter takes (spread into its schema). */
export const fineweb2PresetFields = {
  preset: z
    .enum(["fineweb2"])
    .optional()
    .describe(
      "\"fineweb2\": per document, FineWeb-2's thresholds for its language (meta.language) from `configs`, with FineWeb-2's fixed settings; they replace the options they cover",
    ),
  configs: z
    .string()
    .optional()
    .describe(`folder of FineWeb-2's {iso3}_{script}.yml configs (huggingface/fineweb-2 configs/); default: $${FINEWEB2_CONFIGS_ENV}`),
};

/** What the fineweb2 preset sets for one step: from a language's config, or (undefined) the fallback. */
export type PresetSettings<T> = (config: Fineweb2LanguageConfig | undefined) => Partial<T>;

/**
 * Per document, the step's options with the preset applied for the document's language; answers
 * are kept per language label. Throws a ConfigError now when the configs folder is missing.
 */
export function fineweb2Thresholds<T extends { language?: string | undefined; configs?: string | undefined }>(
  options: T,
  step: string,
  settings: PresetSettings<T>,
): (doc: Doc, ctx: StepContext) => T {
  const configs = fineweb2Configs(fineweb2ConfigsDir(options.configs, step));
  const byLabel = new Map<string, { options: T; found: boolean }>();
  return (doc, ctx) => {
    const label = docLanguage(doc, options.language);
    let entry = byLabel.get(label);
    if (!entry) {
      const name = fineweb2Name(label);
      const config = name === undefined ? undefined : configs.get(name);
      // The word tokenizer knows languages by lid.176's labels: a FineWeb-2 name (jpn_Jpan) goes
      // back to one (ja), as datatrove picks its tokenizer from the same name.
      const language = (name !== undefined ? lidLabelOf(name) : undefined) ?? label;
      entry = { options: { ...options, ...settings(config), language }, found: config !== undefined };
      byLabel.set(label, entry);
    }
    if (!entry.found) ctx.stats.add("no_language_config");
    return entry.options;
  };
}

/** GopherRepetitionFilter in fineweb-2-pipeline.py: paragraph and line-character rules off. */
export function gopherRepetitionSettings(config: Fineweb2LanguageConfig | undefined) {
  const fixed = { dupParaFrac: 0, dupLineCharFrac: 0, dupParaCharFrac: 0 };
  if (!config) return fixed;
  return { ...fixed, dupLineFrac: config.dup_line_frac, topNGrams: config.top_n_grams, dupNGrams: config.dup_n_grams };
}

/** FineWebQualityFilter in fineweb-2-pipeline.py: short-line rule off (999), char_duplicates_ratio 0.1. */
export function finewebQualitySettings(config: Fineweb2LanguageConfig | undefined) {
  const fixed = { shortLineThr: 999, charDuplicatesRatio: 0.1 };
  if (!config) return fixed;
  return { ...fixed, linePunctThr: config.line_punct_thr, newLineRatio: config.new_line_ratio };
}

/** GopherQualityFilter in fineweb-2-pipeline.py: min_stop_words 2, the language's stop words and word bounds. */
export function gopherQualitySettings(config: Fineweb2LanguageConfig | undefined) {
  const fixed = { minStopWords: 2 };
  if (!config) return fixed;
  return {
    ...fixed,
    maxAvgWordLength: config.max_avg_word_length,
    minAvgWordLength: config.min_avg_word_length,
    stopWords: config.stopwords,
    maxNonAlphaWordsRatio: config.max_non_alpha_words_ratio,
  };
}

/**
 * The language step's `languageScore: "fineweb2"`: the minimum score (>=) of a label's language, or
 * undefined without a config. FineWeb-2 set these thresholds on GlotLID's scores; with lid.176 (the
 * default model) they are the same numbers applied to another model's scores, not a calibration.
 */
export function fineweb2LanguageScore(configsOption: string | undefined, step: string): (label: string) => number | undefined {
  const configs = fineweb2Configs(fineweb2ConfigsDir(configsOption, step));
  return (label) => {
    const name = fineweb2Name(label);
    return name === undefined ? undefined : configs.get(name)?.language_score;
  };
}
