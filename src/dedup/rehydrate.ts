// "Rehydration" (huggingface/fineweb-2 README, "Deduplication"): after deduplication, repeat each
// kept document by the size of the cluster it stood for, since FineWeb-2's ablations found that
// moderately duplicated content is better than unique content and very large clusters worse. The
// weight table maps the smallest cluster size of each range to a number of copies; a document takes
// the weight of the largest key not above its size (Python's bisect_right over the sorted keys).
// FineWeb-2's published table is FINEWEB2_REHYDRATION. Sizes come from `meta.minhash_cluster_size`
// (minhashDedup({ clusterSizes: true })); a document without one counts as a cluster of 1 and is
// counted (`no_cluster_size`). A weight of 0 drops the document ("rehydration_weight_zero").
import { z } from "zod";
import type { Doc } from "../doc.js";
import { parseOptions, recordOf } from "../options.js";
import { defineStep } from "../pipeline/step-descriptor.js";
import type { Step, StepContext } from "../pipeline/step.js";

/** FineWeb-2's weights: sizes 1, 2, 3-4, 5-99, 100-999, 1000+ -> 1, 2, 3, 5, 8, 1 copies. */
export const FINEWEB2_REHYDRATION: Readonly<Record<string, number>> = { "1": 1, "2": 2, "3": 3, "5": 5, "100": 8, "1000": 1 };

export const RehydrateOptions = z
  .object({
    weights: recordOf(z.string().regex(/^[1-9][0-9]*$/, "a cluster size (a whole number from 1)"), z.number().int().min(0))
      .default(FINEWEB2_REHYDRATION)
      .describe("cluster size (smallest of its range) -> copies of each document; default: FineWeb-2's table"),
    sizeKey: z.string().min(1).default("minhash_cluster_size").describe("the meta key holding the cluster size"),
  })
  .strict();
export type RehydrateInput = z.input<typeof RehydrateOptions>;

/** The number of copies for a cluster size under a weight table (sizes below the smallest key: 1). */
export function rehydrationWeight(size: number, weights: Readonly<Record<string, number>>): number {
  let best = -1;
  let weight = 1;
  for (const [key, value] of Object.entries(weights)) {
    const limit = Number(key);
    if (limit <= size && limit > best) {
      best = limit;
      weight = value;
    }
  }
  return weight;
}

/** @example pipe(read("dedup/*.jsonl.gz"), rehydrate(), writeTokens("tokens")) */
export function rehydrate(options: RehydrateInput = {}): Step {
  const o = parseOptions(RehydrateOptions, options, "rehydrate");
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    for await (const doc of docs) {
      const size = doc.meta[o.sizeKey];
      let copies = 1;
      if (typeof size === "number" && Number.isFinite(size)) copies = rehydrationWeight(size, o.weights);
      else ctx.stats.add("no_cluster_size");
      if (copies === 0) {
        ctx.stats.add("dropped");
        ctx.stats.add("dropped_rehydration_weight_zero");
        continue;
      }
      if (copies > 1) ctx.stats.add("copies_added", copies - 1);
      for (let i = 0; i < copies; i++) yield doc;
    }
  };
  return Object.assign(run, { stepName: "rehydrate" });
}

export const rehydrateStep = defineStep({
  name: "rehydrate",
  options: RehydrateOptions,
  create: rehydrate,
  description: "repeat each kept document by its MinHash cluster size (meta.minhash_cluster_size) with a weight table",
  reference: "FineWeb-2 (Penedo et al. 2025), rehydration",
  parallel: true,
});
