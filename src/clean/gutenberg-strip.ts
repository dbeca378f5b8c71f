// Project Gutenberg's licence header and footer removed from each document (raw PG texts; PG-19 is
// already clean). The same cut is a reader option (`gutenbergStrip` on text files). Documents without
// the markers pass unchanged and are counted, so a corpus that is not PG shows up in the stats.
import { z } from "zod";
import type { Doc } from "../doc.js";
import { parseOptions } from "../options.js";
import { defineStep } from "../pipeline/step-descriptor.js";
import type { Step, StepContext } from "../pipeline/step.js";
import { stripGutenberg } from "../text/gutenberg-boilerplate.js";

export const GutenbergStripOptions = z
  .object({
    headerMeta: z.boolean().default(true).describe("copy the header's Title:, Author:, Language:, Release Date: lines into meta (gutenberg_title, ...)"),
  })
  .strict();
export type GutenbergStripInput = z.input<typeof GutenbergStripOptions>;

export function gutenbergStrip(options: GutenbergStripInput = {}): Step {
  const o = parseOptions(GutenbergStripOptions, options, "gutenbergStrip");
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    for await (const doc of docs) {
      const parts = stripGutenberg(doc.text);
      if (!parts.foundStart && !parts.foundEnd) {
        ctx.stats.add("no_markers");
        yield doc;
        continue;
      }
      ctx.stats.add("stripped");
      if (!parts.foundEnd) ctx.stats.add("no_end_marker");
      const meta = { ...doc.meta };
      if (o.headerMeta) for (const [key, value] of Object.entries(parts.header)) meta[`gutenberg_${key}`] = value;
      yield { id: doc.id, text: parts.text, meta };
    }
  };
  return Object.assign(run, { stepName: "gutenberg_strip" });
}

export const gutenbergStripStep = defineStep({
  name: "gutenberg_strip",
  options: GutenbergStripOptions,
  create: gutenbergStrip,
  description: "cut Project Gutenberg's licence header and footer (*** START/END OF THE/THIS PROJECT GUTENBERG EBOOK and older variants)",
  reference: "c-w/gutenberg strip_headers (gutenberg/_domain_model/text.py), after Johannes Krugel's gutenberg-tools",
  parallel: true,
});
