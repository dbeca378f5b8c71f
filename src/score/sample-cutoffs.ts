// A cut-off table for a model of ours: the percentiles of document perplexity over a sample of the
// kind of text the model will rank (CCNet used a Common Crawl sample per language). The table only
// means something with the model, mode and tokenizer it was computed with; it records them.
import type { Doc } from "../doc.js";
import { computePercentiles, type CutoffTable } from "./cutoffs.js";
import { scoreDocument } from "./perplexity.js";
import type { ScoringModel } from "./scoring-model.js";
import { lmTokenizer, lmTokenizerName, type LmTokenizerOption } from "./lm-tokenizer.js";

export interface SampleCutoffsOptions {
  model: ScoringModel;
  language: string;
  mode?: "per-line" | "ccnet-mined";
  /** The tokenization the model was trained with (default "words"). */
  tokenizer?: LmTokenizerOption;
  /** Recorded in the table: the model's file name, and what the sample was. */
  modelName?: string;
  source?: string;
  /**
   * Told of each document whose `meta.language` names another language: it is left out, since a
   * model ranks only its own language's text (CCNet sampled each language apart).
   */
  onOtherLanguage?: (language: string) => void;
}

export async function sampleCutoffs(docs: AsyncIterable<Doc> | Iterable<Doc>, options: SampleCutoffsOptions): Promise<CutoffTable> {
  const mode = options.mode ?? "per-line";
  const option = options.tokenizer ?? "words";
  const tokenize = await lmTokenizer(option);
  const values: number[] = [];
  for await (const doc of docs) {
    if (doc.text.trim().length === 0) continue;
    const language = doc.meta.language;
    if (typeof language === "string" && language !== options.language) {
      options.onOtherLanguage?.(language);
      continue;
    }
    values.push(scoreDocument(doc, options.model, options.language, mode, tokenize));
  }
  return {
    language: options.language,
    percentiles: computePercentiles(values),
    documents: values.length,
    mode,
    tokenizer: lmTokenizerName(option),
    ...(options.modelName ? { model: options.modelName } : {}),
    ...(options.source ? { source: options.source } : {}),
  };
}
