// Stage 4 of multi-stage MinHash (datatrove's MinhashDedupFilter): each task reads its input share
// again, with the same reader, rank and world size as for the signatures, and drops the documents
// its removal list names ("minhash_duplicate", with `meta.duplicate_of`). The document count is
// checked at the end: a different input would otherwise drop the wrong documents silently.
import { createReadStream } from "node:fs";
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
    try {
      if (removals.header.a !== ctx.rank) throw new InputError({ file }, `this is the removal list of task ${removals.header.a}, not of task ${ctx.rank}`);
      let index = 0;
      let next = await nextRemoval(removals);
      yield* filter(
        "minhash_filter",
        async () => {
          const self = index++;
          if (self !== next) return true;
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
