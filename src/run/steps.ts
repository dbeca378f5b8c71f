// The step table: every step name a config or the CLI can use, with its options schema and factory.
// YAML/JSON pipeline configs validate against it, and the README's step list comes from it.
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { C4BadWordsOptions, c4BadWords } from "../filters/c4-badwords.js";
import { C4QualityOptions, c4Quality } from "../filters/c4-quality.js";
import { FinewebQualityOptions, finewebQuality } from "../filters/fineweb-quality.js";
import { GopherQualityOptions, gopherQuality } from "../filters/gopher-quality.js";
import { GopherRepetitionOptions, gopherRepetition } from "../filters/gopher-repetition.js";
import { LanguageFilterOptions, languageFilter } from "../filters/language.js";
import type { Step } from "../pipeline/step.js";
import { normalize } from "../clean/normalize.js";
import { PerplexityOptions, perplexity } from "../score/perplexity.js";
import { ExactDedupOptions, exactDedup } from "../dedup/exact-dedup.js";
import { LineDedupOptions, lineDedup } from "../dedup/lines/line-dedup.js";
import { MinhashDedupOptions, minhashDedup } from "../dedup/minhash/minhash-dedup.js";
import { TokenizeOptions, tokenize } from "../tokenize/tokenize-step.js";

interface StepEntry {
  options: z.ZodObject;
  create: (options: never) => Step;
  description: string;
  reference: string;
  /** Decides each document alone: may run on worker threads (dedup steps keep state across documents). */
  parallel: boolean;
}

export const STEPS = {
  normalize: { options: z.object({}).strict(), create: () => normalize(), description: "NFC, line ends, control characters; drops empty documents", reference: "-", parallel: true },
  language: { options: LanguageFilterOptions, create: languageFilter, description: "fastText lid.176 language ID: annotate, keep wanted languages", reference: "datatrove LanguageFilter", parallel: true },
  gopher_quality: { options: GopherQualityOptions, create: gopherQuality, description: "Gopher quality rules (length, symbols, bullets, stop words)", reference: "Rae et al. 2021; datatrove GopherQualityFilter", parallel: true },
  gopher_repetition: { options: GopherRepetitionOptions, create: gopherRepetition, description: "Gopher repetition rules (duplicate lines, paragraphs, n-grams)", reference: "Rae et al. 2021 table A1; datatrove GopherRepetitionFilter", parallel: true },
  c4_quality: { options: C4QualityOptions, create: c4Quality, description: "C4 line cleaning and document rules (rewrites text)", reference: "Raffel et al. 2020; datatrove C4QualityFilter", parallel: true },
  c4_badwords: { options: C4BadWordsOptions, create: c4BadWords, description: "LDNOOBW bad-words list per language", reference: "Raffel et al. 2020; datatrove C4BadWordsFilter", parallel: true },
  perplexity: { options: PerplexityOptions, create: perplexity, description: "CCNet perplexity of an n-gram model per language, head/middle/tail buckets", reference: "Wenzek et al. 2019; cc_net DocLM, PerplexityBucket", parallel: true },
  exact_dedup: { options: ExactDedupOptions, create: exactDedup, description: "drop documents whose simplified text was seen before", reference: "datatrove ExactDedup", parallel: false },
  line_dedup: { options: LineDedupOptions, create: lineDedup, description: "CCNet paragraph dedup: repeated lines removed (keep first, or none with seenFile)", reference: "Wenzek et al. 2019; cc_net dedup", parallel: false },
  minhash_dedup: { options: MinhashDedupOptions, create: minhashDedup, description: "MinHash LSH near-duplicates: drop or annotate", reference: "Broder 1997; datatrove MinhashDedup", parallel: false },
  tokenize: { options: TokenizeOptions, create: tokenize, description: "token ids (tiktoken encodings, tokenizer.json) and meta.token_count", reference: "tiktoken; Hugging Face tokenizers", parallel: true },
  fineweb_quality: { options: FinewebQualityOptions, create: finewebQuality, description: "FineWeb line punctuation, short lines, duplicates, list ratio", reference: "Penedo et al. 2024; datatrove FineWebQualityFilter", parallel: true },
} satisfies Record<string, StepEntry>;

export type StepName = keyof typeof STEPS;
export const STEP_NAMES = Object.keys(STEPS) as StepName[];

/** Whether the step drops documents into a `rejected` sink (tokenize and normalize have none). */
export function acceptsRejected(name: string): boolean {
  const entry = (STEPS as Record<string, StepEntry>)[name];
  return entry !== undefined && "rejected" in entry.options.shape;
}

/** Build a step from its name and options (validated by the step's schema). */
export function createStep(name: string, options: Record<string, unknown> = {}): Step {
  const entry = (STEPS as Record<string, StepEntry>)[name];
  if (!entry) {
    throw new ConfigError("pipeline", `unknown step "${name}"; known steps: ${STEP_NAMES.join(", ")}`);
  }
  return entry.create(options as never);
}
