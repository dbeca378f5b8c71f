// pipe(source, ...steps[, sink]): a small fold over the steps (it-pipe), plus what datatrove's base
// class does for every step: counters in and out, bytes, and the seconds each step itself spent.
import type { Doc } from "../doc.js";
import { PipelineStats, type Stats } from "./stats.js";
import { isComposite, isSink, type DocSource, type Sink, type Source, type StepContext, type Transform } from "./step.js";

export interface PipeOptions {
  rank?: number;
  worldSize?: number;
  /** Abort the run from outside (Ctrl-C, a time limit). */
  signal?: AbortSignal;
  /** Collect into these stats (to sum several runs); a new PipelineStats by default. */
  stats?: PipelineStats;
}

/** The documents out of the last step; `stats` fill in as they are consumed. */
export interface Pipeline<T> extends AsyncIterable<T> {
  readonly stats: PipelineStats;
}

export interface PipeResult<R> {
  result: R;
  stats: PipelineStats;
}

type T_<I, O> = Transform<I, O>;

export function pipe<A>(source: Source<A>): Pipeline<A>;
export function pipe<A, B>(source: Source<A>, s1: T_<A, B>): Pipeline<B>;
export function pipe<A, B, C>(source: Source<A>, s1: T_<A, B>, s2: T_<B, C>): Pipeline<C>;
export function pipe<A, B, C, D>(source: Source<A>, s1: T_<A, B>, s2: T_<B, C>, s3: T_<C, D>): Pipeline<D>;
export function pipe<A, B, C, D, E>(source: Source<A>, s1: T_<A, B>, s2: T_<B, C>, s3: T_<C, D>, s4: T_<D, E>): Pipeline<E>;
export function pipe<A, R>(source: Source<A>, sink: Sink<R, A>): Promise<PipeResult<R>>;
export function pipe<A, B, R>(source: Source<A>, s1: T_<A, B>, sink: Sink<R, B>): Promise<PipeResult<R>>;
export function pipe<A, B, C, R>(source: Source<A>, s1: T_<A, B>, s2: T_<B, C>, sink: Sink<R, C>): Promise<PipeResult<R>>;
export function pipe<A, B, C, D, R>(source: Source<A>, s1: T_<A, B>, s2: T_<B, C>, s3: T_<C, D>, sink: Sink<R, D>): Promise<PipeResult<R>>;
export function pipe<A, B, C, D, E, R>(source: Source<A>, s1: T_<A, B>, s2: T_<B, C>, s3: T_<C, D>, s4: T_<D, E>, sink: Sink<R, E>): Promise<PipeResult<R>>;
export function pipe<R>(source: Source<Doc>, ...rest: [...Transform<Doc, Doc>[], Sink<R>]): Promise<PipeResult<R>>;
export function pipe(source: Source<Doc>, ...rest: Transform<Doc, Doc>[]): Pipeline<Doc>;
export function pipe(source: Source<Doc>, ...rest: (Transform<Doc, Doc> | Sink<unknown>)[]): Pipeline<Doc> | Promise<PipeResult<unknown>>;
export function pipe(source: Source<unknown>, ...rest: unknown[]): Pipeline<unknown> | Promise<PipeResult<unknown>> {
  return pipeWith({}, source, ...rest);
}

/** pipe() with a rank, world size, abort signal or shared stats. */
export function pipeWith(options: PipeOptions, source: Source<unknown>, ...rest: unknown[]): Pipeline<unknown> | Promise<PipeResult<unknown>> {
  const last = rest[rest.length - 1];
  const sinkFn = isSink(last) ? last : undefined;
  const transforms = (sinkFn ? rest.slice(0, -1) : rest) as Transform<unknown, unknown>[];
  for (const t of transforms) {
    if (typeof t !== "function") throw new TypeError(`pipe(): every step must be a function, got ${typeof t}`);
  }
  const stats = options.stats ?? new PipelineStats();
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const context = (s: Stats): StepContext => ({
    rank: options.rank ?? 0,
    worldSize: options.worldSize ?? 1,
    stats: s,
    signal: controller.signal,
  });

  // Inclusive seconds at each boundary: the time the consumer waited on next() there. A step's own
  // time is its boundary's inclusive time minus the one before it.
  const sourceStats = stats.create(nameOf(source, "source"));
  const chain: Link[] = [{ stats: sourceStats, inclusive: 0 }];
  let current = measured(openSource(source, context(sourceStats)), chain[0]!);
  for (const transform of transforms) {
    if (isComposite(transform)) {
      // A Stats row per inner step; the step reports their own counters and seconds, so the
      // link's waiting time is not added to the last one.
      const parts = transform.stepNames.map((name) => stats.create(name));
      const link: Link = { stats: parts[parts.length - 1]!, inclusive: 0, first: parts[0]!, composite: true };
      current = measured(transform(current, { ...context(parts[0]!), parts }), link);
      chain.push(link);
      continue;
    }
    const s = stats.create(nameOf(transform, `step_${chain.length}`));
    const link: Link = { stats: s, inclusive: 0 };
    current = measured(transform(current, context(s)), link);
    // the boundary before this step feeds its `total` and `bytes_in`
    chain.push(link);
  }
  const started = performance.now();
  const finish = () => {
    options.signal?.removeEventListener("abort", onOuterAbort);
    stats.seconds += (performance.now() - started) / 1000;
    let previous = 0;
    for (const link of chain) {
      if (!link.composite) link.stats.seconds += Math.max(0, link.inclusive - previous);
      previous = link.inclusive;
    }
    return previous;
  };

  // The counters in: each step's `total`/`bytes_in` is the previous step's `forwarded`/`bytes_out`.
  for (let i = 1; i < chain.length; i++) chain[i - 1]!.next = chain[i]!.first ?? chain[i]!.stats;

  if (!sinkFn) {
    const iterable = current;
    const pipeline: Pipeline<unknown> = {
      stats,
      async *[Symbol.asyncIterator]() {
        try {
          yield* iterable;
        } finally {
          controller.abort();
          finish();
        }
      },
    };
    return pipeline;
  }

  const sinkStats = stats.create(sinkFn.stepName);
  chain[chain.length - 1]!.next = sinkStats;
  return (async () => {
    try {
      const result = await sinkFn(current, context(sinkStats));
      const upstream = finish();
      sinkStats.seconds += Math.max(0, (performance.now() - started) / 1000 - upstream);
      return { result, stats };
    } catch (error) {
      controller.abort(error);
      finish();
      throw error;
    }
  })();
}

// --- internal ---

interface Link {
  /** Counts what leaves this boundary (`forwarded`, `bytes_out`). */
  stats: Stats;
  inclusive: number;
  /** The Stats that count what enters the next step (`total`, `bytes_in`). */
  next?: Stats;
  /** A composite step's first inner Stats: what enters it is counted there. */
  first?: Stats;
  composite?: boolean;
}

function nameOf(fn: unknown, fallback: string): string {
  const name = (fn as { stepName?: unknown } | null)?.stepName;
  return typeof name === "string" && name.length > 0 ? name : fallback;
}

function openSource(source: Source<unknown>, ctx: StepContext): AsyncIterable<unknown> | Iterable<unknown> {
  if (typeof (source as DocSource<unknown>).open === "function") return (source as DocSource<unknown>).open(ctx);
  return source;
}

/** Count docs and bytes crossing one boundary and time how long the consumer waited on it. */
async function* measured(items: AsyncIterable<unknown> | Iterable<unknown>, link: Link): AsyncIterable<unknown> {
  const out = link.stats;
  let t0 = performance.now();
  for await (const item of items) {
    link.inclusive += (performance.now() - t0) / 1000;
    const bytes = textBytes(item);
    out.add("forwarded");
    out.add("bytes_out", bytes);
    if (link.next) {
      link.next.add("total");
      link.next.add("bytes_in", bytes);
    }
    yield item;
    t0 = performance.now();
  }
  link.inclusive += (performance.now() - t0) / 1000;
}

function textBytes(item: unknown): number {
  const text = (item as { text?: unknown } | null)?.text;
  return typeof text === "string" ? Buffer.byteLength(text, "utf8") : 0;
}
