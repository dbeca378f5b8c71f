// CCNet's paragraph dedup (Wenzek et al. 2020; cc_net/dedup.py): a line is a paragraph, keyed by
// the first 8 bytes of SHA-1 of normalize_for_dedup(line) (line-key.ts). Two semantics:
// - keep: "first" streams, as CCNet's `deduplicate` and Dolma: the first occurrence of a line
//   stays, later copies (in the same or a later document) are removed;
// - keep: "none" is CCNet's mining mode: a line seen twice anywhere in the group (`seen`, from
//   collectLineHashes over the same documents) is removed from every document, first occurrence
//   included, which strips menus and cookie banners. Then, as finalize_doc does, a line repeated
//   inside a document keeps its first copy, and blank lines go.
// A document left without a non-blank line is dropped ("empty_after_line_dedup"). Kept documents
// get CCNet's `original_nlines` and `nlines`.
// Deliberate difference: in keep: "first" blank lines are layout, not content, and stay (CCNet's
// streaming mode would remove every blank line after the first one of the run).
import { z } from "zod";
import { defineStep } from "../../pipeline/step-descriptor.js";
import type { Doc } from "../../doc.js";
import { ConfigError } from "../../errors.js";
import { sinkSchema } from "../../pipeline/sink-schema.js";
import { parseOptions } from "../../options.js";
import { filter, type Verdict } from "../../pipeline/filter.js";
import type { Step, StepContext } from "../../pipeline/step.js";
import { BloomOptions, createLineHashSet, type LineHashSet } from "./line-hashes.js";
import { loadLineHashes } from "./line-hash-file.js";
import { classifyLine } from "./line-key.js";

const lineSetSchema = z.custom<LineHashSet>((value) => typeof value === "object" && value !== null && typeof (value as LineHashSet).isRepeated === "function", {
  message: "expected the line set from collectLineHashes() or loadLineHashes()",
});

export const LineDedupOptions = z
  .object({
    keep: z
      .enum(["first", "none"])
      .default("first")
      .describe("first: later copies go (streaming); none: every copy of a repeated line goes (CCNet mining, needs `seen`)"),
    minLineLength: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("lines with fewer characters (after normalize_for_dedup) are never removed; default 0, or the `seen` set's"),
    bloom: BloomOptions.optional().describe("keep: first only: a Bloom filter of this false-positive rate instead of exact keys"),
    seen: lineSetSchema.optional().describe("keep: none: the line set of the whole group, from collectLineHashes"),
    seenFile: z
      .string()
      .min(1)
      .optional()
      .describe("keep: none: the line set as a file from saveLineHashes, read when the step starts (for configs and the CLI)"),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type LineDedupInput = z.input<typeof LineDedupOptions>;

export function lineDedup(options: LineDedupInput = {}): Step {
  const o = parseOptions(LineDedupOptions, options, "lineDedup");
  if (o.keep === "none") {
    if (!o.seen === !o.seenFile)
      throw new ConfigError(
        "lineDedup",
        'keep: "none" needs the line set of the group: `seen` (from collectLineHashes) or `seenFile` (from saveLineHashes), one of them',
      );
    if (o.bloom) throw new ConfigError("lineDedup", 'bloom applies to keep: "first"; with keep: "none" the Bloom filter is chosen in collectLineHashes()');
    if (o.seen) checkLength(o.minLineLength, o.seen);
  } else if (o.seen || o.seenFile) throw new ConfigError("lineDedup", '`seen` and `seenFile` apply to keep: "none"');
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    // a fresh set per run in keep: "first": running the step twice must not see the first run's lines
    let decide: Decide;
    if (o.keep === "none") {
      const seen = o.seen ?? (await loadLineHashes(o.seenFile!));
      checkLength(o.minLineLength, seen);
      decide = removeRepeated(seen, seen.minLineLength);
    } else decide = removeLater(createLineHashSet(o.minLineLength ?? 0, o.bloom), o.minLineLength ?? 0);
    yield* filter("line_dedup", (doc, c) => decide(doc.text, c), { rejected: o.rejected })(docs, ctx);
  };
  return Object.assign(run, { stepName: "line_dedup" });
}

function checkLength(minLineLength: number | undefined, seen: LineHashSet): void {
  if (minLineLength !== undefined && minLineLength !== seen.minLineLength) {
    throw new ConfigError("lineDedup", `minLineLength ${minLineLength} differs from the ${seen.minLineLength} the line set was collected with`);
  }
}

export type Decide = (text: string, ctx: StepContext) => Verdict;

function removeLater(set: LineHashSet, minLength: number): Decide {
  return keepFirstLines(minLength, (key) => set.add(key[1]!, key[0]!));
}

/**
 * keep: "first" given who decides a line is a later copy: `isLater(key, line)` is asked for every
 * line that has a key (key[0] low word, key[1] high word; `line` its index in text.split("\n")).
 * The run's stages across tasks (line-stages.ts) answer it from the merged keys of every task.
 */
export function keepFirstLines(minLength: number, isLater: (key: Int32Array, line: number) => boolean): Decide {
  const key = new Int32Array(2);
  return (text, ctx) => {
    const lines = text.split("\n");
    const kept: string[] = [];
    let removed = 0;
    let content = false;
    for (const [i, line] of lines.entries()) {
      const kind = classifyLine(line, minLength, key);
      if (kind === "key" && isLater(key, i)) {
        removed++;
        continue;
      }
      if (kind !== "blank") content = true;
      kept.push(line);
    }
    return finish(lines.length, kept, removed, 0, content, ctx);
  };
}

function removeRepeated(seen: LineHashSet, minLength: number): Decide {
  const key = new Int32Array(2);
  return (text, ctx) => {
    const lines = text.split("\n");
    const kept: string[] = [];
    const inDoc = new Set<string>();
    let removed = 0;
    let blank = 0;
    for (const line of lines) {
      const kind = classifyLine(line, minLength, key);
      if (kind === "blank") {
        blank++;
        continue;
      }
      if (kind === "key") {
        const id = `${key[0]},${key[1]}`;
        if (seen.isRepeated(key[1]!, key[0]!) || inDoc.has(id)) {
          removed++;
          continue;
        }
        inDoc.add(id);
      }
      kept.push(line);
    }
    return finish(lines.length, kept, removed, blank, kept.length > 0, ctx);
  };
}

function finish(total: number, kept: string[], removed: number, blank: number, content: boolean, ctx: StepContext): Verdict {
  ctx.stats.add("lines", total);
  if (removed > 0) ctx.stats.add("lines_removed", removed);
  if (blank > 0) ctx.stats.add("blank_lines_removed", blank);
  if (!content) return { keep: false, reason: "empty_after_line_dedup" };
  const meta = { original_nlines: total, nlines: kept.length };
  return removed + blank === 0 ? { keep: true, meta } : { keep: true, text: kept.join("\n"), meta };
}

export const lineDedupStep = defineStep({
  name: "line_dedup",
  options: LineDedupOptions,
  create: lineDedup,
  description: "CCNet paragraph dedup: repeated lines removed (keep first, or none with seenFile)",
  reference: "Wenzek et al. 2019; cc_net dedup",
  parallel: false,
});
