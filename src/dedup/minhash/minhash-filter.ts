// Stage 4 of multi-stage MinHash (datatrove's MinhashDedupFilter): each task reads its input share
// again, with the same reader, rank and world size as for the signatures, and drops the documents
// its removal list names ("minhash_duplicate", with `meta.duplicate_of`). The document count is
// checked at the end: a different input would otherwise drop the wrong documents silently.
// With `clusterSizes` every kept document gets `meta.minhash_cluster_size` from the sizes the
// clusters stage wrote (1 when nothing was removed for it), as minhashDedup({ clusterSizes }) does.
import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import type { Doc } from "../../doc.js";
import { InputError } from "../../errors.js";
import { sinkSchema } from "../../pipeline/sink-schema.js";
import { parseOptions } from "../../options.js";
import { filter } from "../../pipeline/filter.js";
import type { Step, StepContext } from "../../pipeline/step.js";
import { MAGIC, RecordReader } from "./stage-files.js";

export const MinhashFilterOptions = z
  .object({
    input: z.string().min(1).describe("the removal folder (minhashClusters' output)"),
    clusterSizes: z.boolean().default(false).describe("set meta.minhash_cluster_size on each kept document (minhashClusters must have run with clusterSizes)"),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type MinhashFilterInput = z.input<typeof MinhashFilterOptions>;

export function minhashFilter(options: MinhashFilterInput): Step {
  const o = parseOptions(MinhashFilterOptions, options, "minhashFilter");
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    const name = String(ctx.rank).padStart(5, "0");
    const file = join(o.input, `${name}.remove`);
    const removals = await RecordReader.open(file, MAGIC.removals, () => 12);
    const idsFile = join(o.input, `${name}.duplicate_of.jsonl`);
    const ids = createInterface({ input: createReadStream(idsFile), crlfDelay: Infinity })[Symbol.asyncIterator]();
    const sizesFile = join(o.input, `${name}.cluster_sizes.jsonl`);
    if (o.clusterSizes && !existsSync(sizesFile)) {
      await removals.close();
      throw new InputError({ file: sizesFile }, "no cluster sizes: run minhashClusters with clusterSizes: true before a filter with clusterSizes");
    }
    const sizes = o.clusterSizes ? createInterface({ input: createReadStream(sizesFile), crlfDelay: Infinity })[Symbol.asyncIterator]() : undefined;
    let sizeLine = 0;
    const nextSize = async (): Promise<[number, number] | undefined> => {
      const line = await sizes!.next();
      if (line.done) return undefined;
      sizeLine++;
      const value: unknown = JSON.parse(line.value);
      if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => Number.isInteger(n)))
        throw new InputError({ file: sizesFile, line: sizeLine }, "expected [document index, cluster size]");
      return value as [number, number];
    };
    try {
      if (removals.header.a !== ctx.rank) throw new InputError({ file }, `this is the removal list of task ${removals.header.a}, not of task ${ctx.rank}`);
      let index = 0;
      let next = await nextRemoval(removals);
      let size = sizes ? await nextSize() : undefined;
      yield* filter(
        "minhash_filter",
        async () => {
          const self = index++;
          if (self !== next) {
            if (!sizes) return true;
            if (size === undefined || size[0] !== self) return { keep: true, meta: { minhash_cluster_size: 1 } };
            const meta = { minhash_cluster_size: size[1] };
            size = await nextSize();
            return { keep: true, meta };
          }
          const line = await ids.next();
          if (line.done) throw new InputError({ file: idsFile }, `fewer ids than the ${removals.header.count} removals`);
          next = await nextRemoval(removals);
          return { keep: false, reason: "minhash_duplicate", meta: { duplicate_of: JSON.parse(line.value) as string } };
        },
        { rejected: o.rejected },
      )(docs, ctx);
      if (index !== removals.header.b) {
        throw new InputError(
          { file },
          `this task read ${index} documents, its signatures were computed on ${removals.header.b}: run the filter on the same input with the same rank and world size`,
        );
      }
    } finally {
      await removals.close();
      await ids.return?.();
      await sizes?.return?.();
    }
  };
  return Object.assign(run, { stepName: "minhash_filter" });
}

/** The next document index to remove, or -1. */
async function nextRemoval(reader: RecordReader): Promise<number> {
  const rec = await reader.current();
  if (!rec) return -1;
  reader.index++;
  return rec.data.readUInt32LE(rec.at);
}
