// Training an n-gram language model with interpolated modified Kneser-Ney smoothing, as KenLM's
// lmplz does (Heafield et al. 2013, "Scalable Modified Kneser-Ney Language Model Estimation";
// kpu/kenlm lm/builder): count the highest order (ngram-counter.ts), sort in suffix order
// (suffix-order.ts), derive adjusted counts and the discounts' statistics (adjust-counts.ts),
// compute the discounts (discounts.ts), then probabilities and backoffs (estimate.ts). On the same
// text and options it gives lmplz's ARPA file: the same n-grams in the same order, and the same
// printed values (lmplz computes in float; so does this, see float32.ts).
//
// Input is sentences, each an array of tokens: what lmplz reads as one line split at spaces and
// tabs (lmplzTokens splits a line that way). Memory grows with the distinct n-grams, not the text.
import { z } from "zod";
import { InputError } from "../errors.js";
import { parseOptions } from "../options.js";
import { adjustCounts } from "./adjust-counts.js";
import type { ArpaData } from "./arpa-data.js";
import { discountFor, type Discount } from "./discounts.js";
import { estimate } from "./estimate.js";
import { NGramCounter, type CountedNGrams } from "./ngram-counter.js";
import { suffixOrder } from "./suffix-order.js";

export const TrainOptions = z
  .object({
    order: z.number().int().min(1).max(6).default(5).describe("n-gram order: lmplz -o"),
    prune: z
      .array(z.number().int().min(0))
      .default([])
      .describe(
        "count thresholds per order, the last repeated for higher orders: an n-gram seen at most this often is dropped (lmplz --prune); the first must be 0",
      ),
    discountFallback: z
      .array(z.number())
      .min(1)
      .max(3)
      .optional()
      .describe("discounts for adjusted counts 1, 2, 3+ where the closed form fails (lmplz --discount_fallback, which defaults to [0.5, 1, 1.5])"),
    interpolateUnigrams: z
      .boolean()
      .default(true)
      .describe("interpolate unigrams with the uniform distribution (lmplz default); false gives the mass to <unk>, as SRILM"),
    vocabPad: z.number().int().min(0).default(0).describe("spread the uniform mass over at least this many words (lmplz --vocab_pad)"),
    skipSymbols: z.boolean().default(false).describe("drop <s>, </s> and <unk> found in the text instead of failing (lmplz --skip_symbols)"),
    source: z.string().default("<sentences>").describe("name of the input in error messages"),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.prune.length > o.order) ctx.addIssue({ code: "custom", path: ["prune"], message: `${o.prune.length} thresholds for an order-${o.order} model` });
    if (o.prune.length > 0 && o.prune[0] !== 0)
      ctx.addIssue({ code: "custom", path: ["prune", 0], message: "unigrams cannot be pruned: the first threshold must be 0" });
    if (o.prune.some((t, i) => i > 0 && t < o.prune[i - 1]!)) {
      // lmplz: "Otherwise substrings would be removed, which is bad for query-time data structures."
      ctx.addIssue({ code: "custom", path: ["prune"], message: "thresholds must not decrease from one order to the next" });
    }
  });
export type TrainInput = z.input<typeof TrainOptions>;

export interface TrainStatistics {
  /** Words read (lmplz's "Unigram tokens"), </s> not included. */
  tokens: number;
  sentences: number;
  /** n-grams per order before pruning, and kept. */
  counts: number[];
  countsKept: number[];
  /** [D1, D2, D3+] per order. */
  discounts: [number, number, number][];
}

export interface TrainResult {
  arpa: ArpaData;
  statistics: TrainStatistics;
}

/**
 * Trains on sentences of tokens.
 * @example const { arpa } = await trainKneserNey(lines.map(lmplzTokens), { order: 3 }); await writeArpa(arpa, "en.arpa");
 */
export async function trainKneserNey(
  sentences: Iterable<readonly string[]> | AsyncIterable<readonly string[]>,
  options: TrainInput = {},
): Promise<TrainResult> {
  const o = parseOptions(TrainOptions, options, "trainKneserNey");
  const counter = new NGramCounter(o.order, { skipSymbols: o.skipSymbols });
  let record = 0;
  const add = (tokens: readonly string[]) => {
    record++;
    if (!counter.add(tokens)) {
      const word = tokens.find((t) => t === "<s>" || t === "</s>" || t === "<unk>");
      throw new InputError(
        { file: o.source, record },
        `the special word ${word} is not allowed in the text (lmplz refuses it too); pass skipSymbols to drop it`,
      );
    }
  };
  if (Symbol.asyncIterator in sentences) for await (const tokens of sentences) add(tokens);
  else for (const tokens of sentences) add(tokens);
  return estimateFromCounts(counter.result(), o);
}

function estimateFromCounts(counted: CountedNGrams, o: z.output<typeof TrainOptions>): TrainResult {
  if (counted.sentences === 0) throw new InputError({ file: o.source }, "no sentences to train on");
  const prune = Array.from({ length: o.order }, (_, i) => o.prune[Math.min(i, o.prune.length - 1)] ?? 0);
  const sorted = suffixOrder(counted.grams, counted.order, counted.size, counted.vocabulary.size);
  const adjusted = adjustCounts(counted, sorted, prune);
  const discounts: Discount[] = adjusted.countsOfCounts.map((n, i) => discountFor(i + 1, n, o.discountFallback));
  const arpa = estimate(counted, adjusted, discounts, { interpolateUnigrams: o.interpolateUnigrams, vocabPad: o.vocabPad });
  return {
    arpa,
    statistics: {
      tokens: counted.tokens,
      sentences: counted.sentences,
      counts: adjusted.levels.map((l) => l.size),
      countsKept: arpa.orders.map((order) => order.log10Probs.length),
      discounts: discounts.map((d) => [d[1], d[2], d[3]]),
    },
  };
}
