// The `normalize` step: text cleaned for storage (cleanText: NFC, "\n" line ends, control
// characters out), and documents left empty dropped.
import { z } from "zod";
import type { Doc } from "../doc.js";
import { defineStep } from "../pipeline/step-descriptor.js";
import type { Step, StepContext } from "../pipeline/step.js";
import { cleanText } from "../text/normalize.js";

export const NormalizeOptions = z.object({}).strict();
export type NormalizeInput = z.input<typeof NormalizeOptions>;

/**
 * The `normalize` step: cleanText on every document; Stats count `changed` documents and the
 * documents left empty (`dropped_empty`), which are dropped.
 */
export function normalize(_options: NormalizeInput = {}): Step {
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    for await (const doc of docs) {
      const text = cleanText(doc.text);
      if (text !== doc.text) ctx.stats.add("changed");
      if (text.length === 0) {
        ctx.stats.add("dropped");
        ctx.stats.add("dropped_empty");
        continue;
      }
      yield text === doc.text ? doc : { ...doc, text };
    }
  };
  return Object.assign(run, { stepName: "normalize" });
}

export const normalizeStep = defineStep({
  name: "normalize",
  options: NormalizeOptions,
  create: normalize,
  description: "NFC, line ends, control characters; drops empty documents",
  reference: "-",
  parallel: true,
});
