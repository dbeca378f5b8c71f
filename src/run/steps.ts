// The step table: every step a config or the CLI can name. Each step's own file exports its
// descriptor (src/pipeline/step-descriptor.ts); this file only lists them, in the order the README's
// table and `--help` show them. Adding a step: one line here (see docs/architecture.md).
import { chineseConvertStep } from "../clean/chinese-convert.js";
import { gutenbergStripStep } from "../clean/gutenberg-strip.js";
import { decontaminateStep } from "../clean/decontaminate.js";
import { fixTextStep } from "../clean/fix-text.js";
import { normalizeStep } from "../clean/normalize.js";
import { piiStep } from "../clean/pii.js";
import { exactDedupStep } from "../dedup/exact-dedup.js";
import { lineDedupStep } from "../dedup/lines/line-dedup.js";
import { minhashDedupStep } from "../dedup/minhash/minhash-dedup.js";
import { rehydrateStep } from "../dedup/rehydrate.js";
import { ConfigError } from "../errors.js";
import { extractStep } from "../extract/extract.js";
import { urlFilterStep } from "../extract/url-filter.js";
import { c4BadWordsStep } from "../filters/c4-badwords.js";
import { c4QualityStep } from "../filters/c4-quality.js";
import { finewebQualityStep } from "../filters/fineweb-quality.js";
import { gopherQualityStep } from "../filters/gopher-quality.js";
import { gopherRepetitionStep } from "../filters/gopher-repetition.js";
import { languageStep } from "../filters/language.js";
import type { StepDescriptor } from "../pipeline/step-descriptor.js";
import type { Step } from "../pipeline/step.js";
import { perplexityStep } from "../score/perplexity.js";
import { tokenizeStep } from "../tokenize/tokenize-step.js";

export const STEP_DESCRIPTORS = [
  urlFilterStep,
  extractStep,
  fixTextStep,
  gutenbergStripStep,
  normalizeStep,
  chineseConvertStep,
  languageStep,
  gopherRepetitionStep,
  gopherQualityStep,
  c4QualityStep,
  c4BadWordsStep,
  finewebQualityStep,
  perplexityStep,
  piiStep,
  decontaminateStep,
  exactDedupStep,
  lineDedupStep,
  minhashDedupStep,
  rehydrateStep,
  tokenizeStep,
] as const;

type Descriptors = (typeof STEP_DESCRIPTORS)[number];
export type StepName = Descriptors["name"];

/** The step table by name. */
export const STEPS = Object.fromEntries(STEP_DESCRIPTORS.map((d) => [d.name, d])) as { readonly [D in Descriptors as D["name"]]: D };
export const STEP_NAMES = STEP_DESCRIPTORS.map((d) => d.name) as StepName[];

export function stepDescriptor(name: string): StepDescriptor | undefined {
  return (STEPS as Record<string, StepDescriptor>)[name];
}

/** Whether the step drops documents into a `rejected` sink (tokenize and normalize have none). */
export function acceptsRejected(name: string): boolean {
  const entry = stepDescriptor(name);
  return entry !== undefined && "rejected" in entry.options.shape;
}

/** Build a step from its name and options (validated by the step's schema). */
export function createStep(name: string, options: Record<string, unknown> = {}): Step {
  const entry = stepDescriptor(name);
  if (!entry) {
    throw new ConfigError("pipeline", `unknown step "${name}"; known steps: ${STEP_NAMES.join(", ")}`);
  }
  return entry.create(options as never);
}
