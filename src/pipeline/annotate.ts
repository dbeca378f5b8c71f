// A labeller (language, perplexity, token_count): adds fields to `meta` and keeps every document.
import type { Doc, DocMeta } from "../doc.js";
import type { Step, StepContext } from "./step.js";

export function annotate(name: string, label: (doc: Doc) => Partial<DocMeta> | Promise<Partial<DocMeta>>): Step {
  const run = async function* (docs: AsyncIterable<Doc>, _ctx: StepContext): AsyncIterable<Doc> {
    for await (const doc of docs) {
      const fields = await label(doc);
      yield { ...doc, meta: { ...doc.meta, ...fields } };
    }
  };
  return Object.assign(run, { stepName: name });
}
