// Near-duplicate removal in one process: MinHash signatures (minhasher.ts) and LSH banding
// (datatrove's MinhashDedup* stages, run as one streaming step). A document whose band key in any
// band equals an earlier document's is a near-duplicate of it; clusters are the connected
// components (union-find, the root being the cluster's first document).
// - mode "drop": a document with an earlier near-duplicate is dropped ("minhash_duplicate") with
//   `meta.duplicate_of` = the id of its cluster's first document, which is kept;
// - mode "annotate": every document is kept with `meta.minhash_cluster` = the stream index of its
//   cluster's first document (its own index when it has no earlier near-duplicate), and
//   `meta.duplicate_of` on the others.
// Streaming decides when a document arrives: if a later document bridges two clusters, documents
// already passed keep their first cluster, and the first document of each side is kept (datatrove's
// union-find over all pairs would keep one). The multi-stage files give exactly this result.
// Documents with fewer words than a shingle have no signature and are always kept ("no_signature").
// `clusterSizes` (mode "drop") sets `meta.minhash_cluster_size` on each kept document: itself plus
// the near-duplicates dropped for it (`duplicate_of` it), which is the cluster's size when no later
// document bridged two clusters. FineWeb-2 keeps that size to repeat documents by it ("rehydration",
// huggingface/fineweb-2 README, and datatrove's MinhashDedupCluster(save_cluster_size=True)); see
// rehydrate.ts. A size is known only when the input ends, so the kept documents wait in memory.
// Memory, measured on 200k documents at 14 bands (`npm run bench -- dedup`, index bytes per document): 163 bytes a document for the band index
// (band-index.ts), 184 with the union-find (4) and the kept documents' ids (their UTF-8 bytes and
// an offset), and no JavaScript object per document. The step adds `index_bytes` to its Stats.
import { z } from "zod";
import { defineStep } from "../../pipeline/step-descriptor.js";
import type { Doc, DocMeta } from "../../doc.js";
import { sinkSchema } from "../../pipeline/sink-schema.js";
import { parseOptions } from "../../options.js";
import { filter, type Verdict } from "../../pipeline/filter.js";
import type { Step, StepContext } from "../../pipeline/step.js";
import { ConfigError } from "../../errors.js";
import { BandIndex } from "./band-index.js";
import { IdStore } from "../id-store.js";
import { MinhashConfig, type MinhashSettings } from "./minhash-config.js";
import { MinHasher } from "./minhasher.js";
import { UnionFind } from "./union-find.js";

export const MinhashDedupOptions = MinhashConfig.extend({
  mode: z.enum(["drop", "annotate"]).default("drop").describe("drop: keep each cluster's first document; annotate: keep all, set meta.minhash_cluster"),
  clusterSizes: z
    .boolean()
    .default(false)
    .describe(
      "mode drop: set meta.minhash_cluster_size on each kept document (itself and the duplicates dropped for it), for rehydration; kept documents wait in memory until the input ends",
    ),
  rejected: sinkSchema.optional(),
}).strict();
export type MinhashDedupInput = z.input<typeof MinhashDedupOptions>;

export function minhashDedup(options: MinhashDedupInput = {}): Step {
  const o = parseOptions(MinhashDedupOptions, options, "minhashDedup");
  if (o.clusterSizes && o.mode !== "drop") throw new ConfigError("minhashDedup", 'clusterSizes needs mode "drop" (the sizes go on the kept documents)');
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    const dedup = new NearDuplicates(o);
    const decided = filter("minhash_dedup", (doc, c) => dedup.decide(doc, c), { rejected: o.rejected })(docs, ctx);
    if (!o.clusterSizes) yield* decided;
    else {
      const kept: { doc: Doc; index: number }[] = [];
      // filter() yields each kept document right after deciding it: the last index is its own
      for await (const doc of decided) kept.push({ doc, index: dedup.length - 1 });
      for (const { doc, index } of kept) yield { ...doc, meta: { ...doc.meta, minhash_cluster_size: dedup.clusterSize(index) } };
    }
    ctx.stats.add("index_bytes", dedup.bytes);
  };
  return Object.assign(run, { stepName: "minhash_dedup" });
}

/** The state of one run: signatures in, decisions out. */
export class NearDuplicates {
  private readonly hasher: MinHasher;
  private readonly index: BandIndex;
  private readonly clusters = new UnionFind();
  private readonly ids = new IdStore();
  /** Per kept document with duplicates (clusterSizes only): how many were dropped for it. */
  private readonly dropped = new Map<number, number>();

  constructor(private readonly settings: MinhashSettings & { mode: "drop" | "annotate"; clusterSizes?: boolean }) {
    this.hasher = new MinHasher(settings);
    this.index = new BandIndex(settings.bands);
  }

  decide(doc: Doc, ctx: StepContext): Verdict {
    const self = this.clusters.add();
    const annotate = this.settings.mode === "annotate";
    const language = typeof doc.meta.language === "string" ? doc.meta.language : undefined;
    if (!this.hasher.compute(doc.text, language)) {
      ctx.stats.add("no_signature");
      this.ids.push(doc.id);
      return annotate ? { keep: true, meta: { minhash_cluster: self } } : true;
    }
    const { bandLo, bandHi } = this.hasher;
    for (let band = 0; band < this.settings.bands; band++) {
      const first = this.index.firstOrAdd(band, bandHi[band]!, bandLo[band]!, self);
      if (first >= 0) this.clusters.union(self, first);
    }
    const root = this.clusters.find(self);
    if (root === self) {
      this.ids.push(doc.id);
      return annotate ? { keep: true, meta: { minhash_cluster: self } } : true;
    }
    // not the first of its cluster, so never a root: its id is never needed
    this.ids.push("");
    const meta: Partial<DocMeta> = { duplicate_of: this.ids.get(root) };
    if (!annotate) {
      if (this.settings.clusterSizes) this.dropped.set(root, (this.dropped.get(root) ?? 0) + 1);
      return { keep: false, reason: "minhash_duplicate", meta };
    }
    ctx.stats.add("duplicates");
    return { keep: true, meta: { ...meta, minhash_cluster: root } };
  }

  /** Documents decided so far. */
  get length(): number {
    return this.clusters.length;
  }

  /** A kept document's cluster size (clusterSizes): itself and the documents dropped as its duplicates. */
  clusterSize(index: number): number {
    return 1 + (this.dropped.get(index) ?? 0);
  }

  /** Bytes of the band index, the union-find and the stored ids. */
  get bytes(): number {
    return this.index.bytes + this.clusters.bytes + this.ids.bytes;
  }

  get indexBytes(): number {
    return this.index.bytes;
  }
}

export const minhashDedupStep = defineStep({
  name: "minhash_dedup",
  options: MinhashDedupOptions,
  create: minhashDedup,
  description: "MinHash LSH near-duplicates: drop or annotate",
  reference: "Broder 1997; datatrove MinhashDedup",
  parallel: false,
});
