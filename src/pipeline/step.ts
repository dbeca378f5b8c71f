// The one contract (it-pipe's): a step is a function from an async iterable of documents to another.
// The optional second argument carries datatrove's rank/world_size, the step's Stats and an abort signal.
import type { Doc } from "../doc.js";
import { Stats } from "./stats.js";

export interface StepContext {
  /** This task, 0-based (datatrove: rank). */
  readonly rank: number;
  /** Number of tasks (datatrove: world_size). */
  readonly worldSize: number;
  /** This step's counters; pipe() makes one per step. */
  readonly stats: Stats;
  /** Aborted when the consumer stops early or a later step fails. */
  readonly signal: AbortSignal;
  /** For a CompositeStep: one Stats per inner step, in order (pipe() makes them from `stepNames`). */
  readonly parts?: readonly Stats[];
}

export type Transform<I = Doc, O = Doc> = (docs: AsyncIterable<I>, ctx: StepContext) => AsyncIterable<O>;

/** A Transform with the name its Stats, YAML configs and the CLI know it by. */
export interface Step<I = Doc, O = Doc> extends Transform<I, O> {
  readonly stepName: string;
}

/**
 * A step made of several that run together (the worker pool runs a run of steps in one batch per
 * thread): pipe() gives each inner step its own Stats row, passed in `ctx.parts`, and the step
 * reports each one's counters and seconds there.
 */
export interface CompositeStep<I = Doc, O = Doc> extends Step<I, O> {
  readonly stepNames: readonly string[];
}

export function isComposite(value: unknown): value is CompositeStep<unknown, unknown> {
  const names = (value as { stepNames?: unknown } | null)?.stepNames;
  return typeof value === "function" && Array.isArray(names) && names.length > 0;
}

/** A reader: iterable on its own, or opened with a context so it reads only its task's share. */
export interface DocSource<T = Doc> extends AsyncIterable<T> {
  readonly stepName: string;
  open(ctx: StepContext): AsyncIterable<T>;
}

export type Source<T = Doc> = AsyncIterable<T> | Iterable<T> | DocSource<T>;

/** Consumes the documents and resolves to a summary (writeJsonl, writeTokens). */
export interface Sink<R, T = Doc> {
  (docs: AsyncIterable<T>, ctx: StepContext): Promise<R>;
  readonly stepName: string;
  readonly isSink: true;
}

/** Name a transform so its Stats are reported under that name. */
export function step<I = Doc, O = Doc>(name: string, transform: Transform<I, O>): Step<I, O> {
  return Object.assign((docs: AsyncIterable<I>, ctx: StepContext) => transform(docs, ctx), { stepName: name });
}

/** Mark a consuming function as a sink so pipe() resolves to its result. */
export function sink<R, T = Doc>(name: string, consume: (docs: AsyncIterable<T>, ctx: StepContext) => Promise<R>): Sink<R, T> {
  return Object.assign((docs: AsyncIterable<T>, ctx: StepContext) => consume(docs, ctx), {
    stepName: name,
    isSink: true as const,
  });
}

export function isSink(value: unknown): value is Sink<unknown, unknown> {
  return typeof value === "function" && (value as { isSink?: unknown }).isSink === true;
}

/** A DocSource from its open(ctx): iterated on its own, it reads as rank 0 of 1 with fresh Stats. */
export function docSource<T = Doc>(stepName: string, open: (ctx: StepContext) => AsyncIterable<T>): DocSource<T> {
  return { stepName, open, [Symbol.asyncIterator]: () => open(standaloneContext(stepName))[Symbol.asyncIterator]() };
}

/** A context for running a step or reader outside pipe(): rank 0 of 1, fresh Stats. */
export function standaloneContext(name: string, overrides: Partial<StepContext> = {}): StepContext {
  return {
    rank: 0,
    worldSize: 1,
    stats: new Stats(name),
    signal: new AbortController().signal,
    ...overrides,
  };
}
