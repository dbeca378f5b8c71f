// The one place where a keep/drop answer becomes a step (datatrove's BaseFilter.run): counters
// `dropped` and `dropped_<reason>`, and the `rejected` sink that keeps every dropped document with
// its reason in `meta.filter_reason`, so nothing disappears without a trace.
import type { Doc, DocMeta } from "../doc.js";
import { Channel } from "./channel.js";
import { standaloneContext, type Sink, type Step, type StepContext } from "./step.js";

/**
 * A filter's answer: keep, or drop with a reason (snake_case, datatrove's words where they exist).
 * `{ keep: true, text }` keeps the document with new text: only for filters whose name says they
 * rewrite (c4Quality removes lines, as C4 does).
 */
export type Verdict = boolean | { keep: true; text?: string; meta?: Partial<DocMeta> } | { keep: false; reason: string; meta?: Partial<DocMeta> };

export interface FilterOptions {
  /** Where dropped documents go, with `meta.filter_reason` set (e.g. `writeJsonl("out/rejected")`). */
  rejected?: Sink<unknown> | undefined;
}

export function filter(name: string, predicate: (doc: Doc, ctx: StepContext) => Verdict | Promise<Verdict>, options: FilterOptions = {}): Step {
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    const rejected = new RejectedOutlet(name, options.rejected);
    try {
      for await (const doc of docs) {
        const verdict = await predicate(doc, ctx);
        const reason = dropReason(verdict);
        // annotations come back in the verdict: the input document is never changed in place
        const meta = typeof verdict === "object" && verdict.meta ? { ...doc.meta, ...verdict.meta } : doc.meta;
        if (reason === undefined) {
          const text = typeof verdict === "object" && verdict.keep ? verdict.text : undefined;
          yield (text === undefined || text === doc.text) && meta === doc.meta ? doc : { ...doc, text: text ?? doc.text, meta };
          continue;
        }
        ctx.stats.add("dropped");
        ctx.stats.add(`dropped_${reason}`);
        // a few of each reason, for the run report (a bottom-k sample: the same whatever the tasks)
        ctx.stats.sample(reason, doc);
        await rejected.push(meta === doc.meta ? doc : { ...doc, meta }, reason);
      }
    } finally {
      await rejected.close();
    }
  };
  return Object.assign(run, { stepName: name });
}

/** Feeds dropped documents to a sink, opening it on the first one (no empty files for clean runs). */
export class RejectedOutlet {
  private channel: Channel<Doc> | undefined;
  private done: Promise<unknown> | undefined;
  private failed = false;
  private failure: unknown;

  constructor(
    private readonly stepName: string,
    private readonly sinkFn: Sink<unknown> | undefined,
  ) {}

  async push(doc: Doc, reason: string): Promise<void> {
    if (!this.sinkFn) return;
    if (!this.channel) {
      const channel = new Channel<Doc>();
      this.channel = channel;
      this.done = this.sinkFn(channel, standaloneContext(`${this.stepName}_rejected`));
      // Remember a sink failure and report it on the next push or at close().
      this.done.catch((error: unknown) => {
        this.failed = true;
        this.failure = error;
        channel.close();
      });
    }
    if (this.failed) throw this.failure;
    await this.channel.push({ id: doc.id, text: doc.text, meta: { ...doc.meta, filter_reason: reason } });
  }

  async close(): Promise<void> {
    if (!this.channel) return;
    this.channel.close();
    await this.done;
  }
}

function dropReason(verdict: Verdict): string | undefined {
  if (verdict === true) return undefined;
  if (verdict === false) return "filtered";
  return verdict.keep ? undefined : verdict.reason;
}
