// The worker side of the pool (worker-pool.ts): builds the steps of a segment once per thread from
// their names and options (functions cannot cross threads, names and plain options can) and runs
// each batch of documents through them with pipe(), returning the kept documents, the dropped ones
// per step (for the main thread's `rejected` writers) and each step's counters for the batch.
import { move, transferableSymbol, valueSymbol } from "piscina";
import type { Doc } from "../doc.js";
import { createStep } from "./steps.js";
import { pipeWith } from "../pipeline/pipe.js";
import { PipelineStats, type StatsJson } from "../pipeline/stats.js";
import { sink, type Step } from "../pipeline/step.js";
import { threadFailure, type ThreadFailure } from "../runtime/thread-error.js";

/** A step as a config names it: `{ step: "language", languages: ["en"] }`. */
export interface StepSpec {
  step: string;
  [option: string]: unknown;
}

export interface BatchTask {
  /** Identifies the segment: steps are built once per thread and key. */
  key: string;
  specs: StepSpec[];
  /** Which steps have a `rejected` writer on the main thread (the others just count drops). */
  keepRejected: boolean[];
  rank: number;
  worldSize: number;
  docs: Doc[];
}

/**
 * A document coming back: most steps only annotate, so one whose id and text are those of input
 * document `index` comes back as that index, its meta and any other fields a step added (token ids)
 * -- the text, the bulk, is not copied back across the thread boundary. A document whose text a
 * step rewrote comes back whole.
 */
export type Returned = Doc | { index: number; meta: Doc["meta"]; rest?: Record<string, unknown> };

export interface BatchResult {
  /** A step's error, as data (thread-error.ts): corpuskit's classes come back with their fields. */
  failure?: ThreadFailure;
  docs: Returned[];
  /** Per step, the documents it dropped (with meta.filter_reason). */
  rejected: Returned[][];
  /** Per step, its counters, histograms and samples for this batch. */
  stats: StatsJson[];
}

interface Segment {
  steps: Step[];
  /** Filled by the steps' rejected sinks while a batch runs. */
  rejected: Doc[][];
}

const segments = new Map<string, Segment>();

function build(task: BatchTask): Segment {
  const rejected: Doc[][] = task.specs.map(() => []);
  const steps = task.specs.map(({ step, ...options }, i) => {
    const collect = sink<void>(`${step}_rejected`, async (docs) => {
      for await (const doc of docs) rejected[i]!.push(doc);
    });
    return createStep(step, task.keepRejected[i] ? { ...options, rejected: collect } : options);
  });
  return { steps, rejected };
}

export default async function runBatch(task: BatchTask): Promise<BatchResult> {
  let segment = segments.get(task.key);
  if (!segment) segments.set(task.key, (segment = build(task)));
  const kept: Doc[] = [];
  const collect = sink<void>("collect", async (docs) => {
    for await (const doc of docs) kept.push(doc);
  });
  const stats = new PipelineStats();
  try {
    await pipeWith({ rank: task.rank, worldSize: task.worldSize, stats }, task.docs, ...segment.steps, collect);
    // stats.steps: the batch source, the segment's steps, the collector
    const perStep = stats.steps.slice(1, 1 + segment.steps.length).map((s) => s.toJSON());
    const index = new Map<string, number>();
    task.docs.forEach((doc, i) => index.set(doc.id, index.has(doc.id) ? -1 : i));
    const buffers: ArrayBuffer[] = [];
    const slim = (doc: Doc): Returned => {
      const i = index.get(doc.id);
      if (i === undefined || i < 0 || doc.text !== task.docs[i]!.text) return doc;
      const { id: _id, text: _text, meta, ...others } = doc as Doc & Record<string, unknown>;
      if (Object.keys(others).length === 0) return { index: i, meta };
      // token ids move to the main thread instead of being copied, when they own their buffer
      for (const value of Object.values(others)) {
        if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength)
          buffers.push(value.buffer);
      }
      return { index: i, meta, rest: others };
    };
    const result: BatchResult = { docs: kept.map(slim), rejected: segment.rejected.map((r) => r.splice(0).map(slim)), stats: perStep };
    return buffers.length === 0 ? result : (move({ [transferableSymbol]: buffers, [valueSymbol]: result } as never) as never);
  } catch (error) {
    return { failure: threadFailure(error), docs: [], rejected: [], stats: [] };
  } finally {
    for (const r of segment.rejected) r.length = 0;
  }
}
