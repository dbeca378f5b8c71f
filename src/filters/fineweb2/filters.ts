// FineWeb-2's quality filtering (huggingface/fineweb-2 fineweb-2-pipeline.py @ d0defb24, step 5):
// Gopher repetition, then FineWeb quality, then Gopher quality, each with `preset: "fineweb2"`.
// FineWeb-2 runs no C4 filters ("they seemed to degrade performance in this multilingual setting",
// its README) and runs these after language-score filtering and MinHash deduplication per language.
import type { Sink, Step } from "../../pipeline/step.js";
import { finewebQuality } from "../fineweb-quality.js";
import { gopherQuality } from "../gopher-quality.js";
import { gopherRepetition } from "../gopher-repetition.js";

export interface Fineweb2FiltersOptions {
  /** Folder of FineWeb-2's {iso3}_{script}.yml configs; default: $CORPUSKIT_FINEWEB2_CONFIGS. */
  configs?: string;
  /** Treat every document as this language (default: meta.language). */
  language?: string;
  /** Where each filter's dropped documents go (with meta.filter_reason). */
  rejected?: Sink<unknown>;
}

/** @example pipe(read("web/*.jsonl.gz"), languageFilter(), ...fineweb2Filters({ configs: "fineweb-2/configs" }), writeJsonl("out")) */
export function fineweb2Filters(options: Fineweb2FiltersOptions = {}): Step[] {
  const common = { preset: "fineweb2" as const, configs: options.configs, language: options.language, rejected: options.rejected };
  return [gopherRepetition(common), finewebQuality(common), gopherQuality(common)];
}
