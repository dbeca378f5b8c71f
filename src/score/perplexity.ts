// CCNet-style perplexity (Wenzek et al. 2019, cc_net/perplexity.py): score each document with the
// n-gram model of its language (meta.language, from languageFilter), annotate `meta.perplexity`
// and `meta.bucket` (head / middle / tail by the language's cut-offs, "all" when the language has
// no model or no cut-offs), and count the buckets in Stats.
//
// Two modes, both CCNet's:
// - "per-line" (DocLM as written): every "\n" line is normalized by CCNet's rules, tokenized and
//   scored with <s> and </s>; the document's log10 sum over all its lines, divided by its tokens
//   plus one </s> per line, gives perplexity = 10^(-sum / tokens). Empty lines count, as in DocLM.
// - "ccnet-mined" (what cc_net's mine pipeline actually computes): the whole document is normalized
//   at once, which deletes newlines without a space, and scored as one sequence. CCNet's published
//   cut-offs belong to this mode (with its SentencePiece models).
import { z } from "zod";
import { defineStep } from "../pipeline/step-descriptor.js";
import type { Doc } from "../doc.js";
import { filter } from "../pipeline/filter.js";
import type { Step } from "../pipeline/step.js";
import { parseOptions, recordOf } from "../options.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { ccnetNormalize } from "../text/normalize.js";
import { bucketOf, CutoffTable, loadCutoffs, type Bucket } from "./cutoffs.js";
import { pythonRound } from "./round.js";
import { bundledCutoffs, bundledModelPath } from "./bundled.js";
import { loadScoringModel, type ScoringModel } from "./scoring-model.js";
import { lmTokenizer, LmTokenizerOption, type LmTokenize } from "./lm-tokenizer.js";

const modelRef = z.union([
  z.string(),
  z.custom<ScoringModel>((v) => typeof (v as ScoringModel | null)?.score === "function", "a path or an object with score(tokens)"),
]);

export const PerplexityOptions = z
  .object({
    models: recordOf(z.string(), modelRef)
      .optional()
      .describe("language -> ARPA path (.arpa, .arpa.gz) or loaded model; default: the bundled en and zh models"),
    cutoffs: recordOf(z.string(), z.union([z.string(), CutoffTable]))
      .optional()
      .describe("language -> cut-off table or its JSON/CSV path; default: the bundled tables for the bundled models"),
    mode: z.enum(["per-line", "ccnet-mined"]).default("per-line"),
    tokenizer: LmTokenizerOption.default("words").describe(
      "'words' (words.ts, per language), 'whitespace' (Python's split(), for pre-tokenized models), { sentencepiece: path } (CCNet's tokenization), { tokenizerJson: path } or a function",
    ),
    headPercentile: z.number().int().min(0).max(100).default(30),
    tailPercentile: z.number().int().min(0).max(100).default(60),
    keep: z
      .array(z.enum(["head", "middle", "tail", "all"]))
      .optional()
      .describe("buckets to keep; omitted: keep all (annotate only)"),
    language: z.string().optional().describe("score every document as this language (default: meta.language)"),
    bundled: z
      .boolean()
      .default(true)
      .describe("score the languages `models` does not name with the bundled en and zh models and their cut-offs (false: only the models given)"),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type PerplexityInput = z.input<typeof PerplexityOptions>;

/** @example pipe(read("web/*.jsonl.gz"), languageFilter(), perplexity({ keep: ["head", "middle"] }), writeJsonl("out")) */
export function perplexity(options: PerplexityInput = {}): Step {
  const o = parseOptions(PerplexityOptions, options, "perplexity");
  const modelRefs = o.models ?? {};
  // naming one language's model keeps the bundled models of the others unless bundled: false
  const bundledFor = (language: string) => o.bundled && modelRefs[language] === undefined;
  const loaded = new Map<string, Promise<ScoringModel | undefined>>();
  const tables = new Map<string, CutoffTable | undefined>();
  const keep = o.keep ? new Set<Bucket>(o.keep) : undefined;
  // resolved on the first document scored: a SentencePiece or tokenizer.json model loads async
  let tokenizer: Promise<LmTokenize> | undefined;

  const modelFor = (language: string): Promise<ScoringModel | undefined> => {
    let model = loaded.get(language);
    if (!model) {
      const ref = bundledFor(language) ? bundledModelPath(language) : modelRefs[language];
      model = ref === undefined ? Promise.resolve(undefined) : typeof ref === "string" ? loadScoringModel(ref) : Promise.resolve(ref);
      loaded.set(language, model);
    }
    return model;
  };
  const tableFor = (language: string): CutoffTable | undefined => {
    if (!tables.has(language)) {
      const ref = o.cutoffs?.[language] ?? (bundledFor(language) ? bundledCutoffs(language) : undefined);
      const table = typeof ref === "string" ? loadCutoffs(ref).find((t) => t.language === language) : ref;
      tables.set(language, table);
    }
    return tables.get(language);
  };

  return filter(
    "perplexity",
    async (doc, ctx) => {
      const language = o.language ?? (typeof doc.meta.language === "string" ? doc.meta.language : undefined);
      const model = language ? await modelFor(language) : undefined;
      let value: number | undefined;
      if (model && language) {
        value = scoreDocument(doc, model, language, o.mode, await (tokenizer ??= lmTokenizer(o.tokenizer)));
        ctx.stats.add("scored");
        // which model scored what: the Stats name each language and whether its model was the bundled one
        ctx.stats.add(`scored_${language}_${bundledFor(language) ? "bundled" : "given"}_model`);
      } else ctx.stats.add("no_model");
      const table = language ? tableFor(language) : undefined;
      const bucket = bucketOf(value, table, o.headPercentile, o.tailPercentile);
      ctx.stats.add(`bucket_${bucket}`);
      if (value !== undefined && language) {
        // the report's histogram per language, with the cut-offs that made the buckets
        const name = `perplexity_${language}`;
        ctx.stats.observe(name, value, PERPLEXITY_BINS);
        if (table && !ctx.stats.histograms[name]!.marks) {
          ctx.stats.mark(name, "head", table.percentiles[o.headPercentile]!, PERPLEXITY_BINS);
          ctx.stats.mark(name, "tail", table.percentiles[o.tailPercentile]!, PERPLEXITY_BINS);
        }
      }
      const meta = value === undefined ? { bucket } : { perplexity: value, bucket };
      if (keep && !keep.has(bucket)) return { keep: false, reason: `bucket_${bucket}`, meta };
      return { keep: true, meta };
    },
    { rejected: o.rejected },
  );
}

/**
 * Fixed bins for the perplexity histograms in Stats: 20 per decade from 1 to 100,000, on a log
 * scale (web text spans ~10 to ~10,000 under CCNet's models); fixed, so that tasks' histograms add.
 */
export const PERPLEXITY_BINS: readonly number[] = Array.from({ length: 101 }, (_, k) => Number((10 ** (k / 20)).toPrecision(4)));

/** One document's perplexity, rounded to one decimal as CCNet does (Python's round). */
export function scoreDocument(doc: Pick<Doc, "text">, model: ScoringModel, language: string, mode: "per-line" | "ccnet-mined", tokenize: LmTokenize): number {
  let logSum = 0;
  let tokens = 0;
  const lines = mode === "ccnet-mined" ? [doc.text] : doc.text.split("\n");
  for (const line of lines) {
    const words = tokenize(ccnetNormalize(line), language);
    logSum += model.score(words);
    tokens += words.length + 1; // the words and </s>
  }
  return pythonRound(10 ** (-logSum / tokens), 1);
}

export const perplexityStep = defineStep({
  name: "perplexity",
  options: PerplexityOptions,
  create: perplexity,
  description: "CCNet perplexity of an n-gram model per language, head/middle/tail buckets",
  reference: "Wenzek et al. 2019; cc_net DocLM, PerplexityBucket",
  parallel: true,
});
