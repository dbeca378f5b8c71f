// One machine, every core (docs/architecture.md, "Scale"): the CPU-heavy steps -- language ID, the quality
// filters, perplexity, tokenization -- run in a pool of worker threads (piscina). Documents go to
// the workers in batches; results come back in the order the batches went out, so the output is
// the same, document for document, as one thread's. At most `inflight` batches per worker are out
// at a time: a slow writer stops the reading instead of growing memory.
//
// Steps that keep state across documents (exact, line and MinHash dedup) cannot be split across
// threads; runPipeline keeps them on the main thread between pooled segments.
import { availableParallelism } from "node:os";
import type { Piscina } from "piscina";
import { z } from "zod";
import type { Doc } from "../doc.js";
import { ConfigError } from "../errors.js";
import { parseOptions } from "../options.js";
import { acceptsRejected, createStep } from "./steps.js";
import { rebuildError } from "../runtime/thread-error.js";
import { workerModule } from "../runtime/worker-module.js";
import { RejectedOutlet } from "../pipeline/filter.js";
import type { BatchResult, BatchTask, Returned, StepSpec } from "./pool-worker.js";
import { Stats, type StatsJson } from "../pipeline/stats.js";
import type { CompositeStep, Sink, Step, StepContext } from "../pipeline/step.js";

export type { StepSpec } from "./pool-worker.js";

/** Worker threads by default: the CPUs Slurm gave this task, else the machine's cores. */
export function defaultWorkers(): number {
  const slurm = Number(process.env.SLURM_CPUS_PER_TASK);
  return Number.isInteger(slurm) && slurm > 0 ? slurm : availableParallelism();
}

export const WorkerPoolOptions = z
  .object({
    workers: z.number().int().min(1).optional().describe("worker threads (default: SLURM_CPUS_PER_TASK, else the number of cores)"),
    batchDocs: z.number().int().positive().default(256).describe("documents per batch sent to a worker"),
    batchBytes: z
      .number()
      .int()
      .positive()
      .default(1 << 20)
      .describe("or fewer, once the batch holds this many characters"),
    inflight: z.number().int().positive().default(2).describe("batches out per worker; more smooths uneven batches, costs memory"),
  })
  .strict();
export type WorkerPoolInput = z.input<typeof WorkerPoolOptions>;

/** A pool of worker threads running pooled step segments; share one across tasks to load models once. */
export class WorkerPool {
  readonly workers: number;
  readonly batchDocs: number;
  readonly batchBytes: number;
  readonly inflight: number;
  // piscina is loaded with import() on first use: from the CommonJS build, a require() of it breaks
  // under loaders such as tsx's `.cts` (its require of its own package.json), and a run without
  // workers never needs it (tests/package/cjs.test.ts)
  private readonly piscina: Promise<Piscina>;

  constructor(options: WorkerPoolInput = {}) {
    const o = parseOptions(WorkerPoolOptions, options, "WorkerPool");
    this.workers = o.workers ?? defaultWorkers();
    this.batchDocs = o.batchDocs;
    this.batchBytes = o.batchBytes;
    this.inflight = o.inflight;
    const filename = workerModule("run/pool-worker", "the worker-pool module");
    this.piscina = import("piscina").then(({ Piscina }) => new Piscina({ filename, minThreads: this.workers, maxThreads: this.workers, idleTimeout: 60_000 }));
  }

  run(task: BatchTask): Promise<BatchResult> {
    return this.piscina.then((p) => p.run(task) as Promise<BatchResult>);
  }

  async close(): Promise<void> {
    await (await this.piscina).destroy();
  }
}

export const ParallelStepsOptions = WorkerPoolOptions.extend({
  pool: z.instanceof(WorkerPool).optional().describe("an existing pool (the steps then share its threads)"),
  rejected: z.array(z.custom<Sink<unknown> | undefined>()).default([]).describe("per step, where its dropped documents go"),
}).strict();
export type ParallelStepsInput = z.input<typeof ParallelStepsOptions>;

/**
 * Run a segment of steps, given by name and options as in a config, on worker threads.
 * @example pipe(read("in/"), parallelSteps([{ step: "language", languages: ["en"] }, { step: "gopher_quality" }], { workers: 4 }), writeJsonl("out"))
 */
export function parallelSteps(specs: StepSpec[], options: ParallelStepsInput = {}): CompositeStep {
  const { pool: shared, rejected, ...poolOptions } = parseOptions(ParallelStepsOptions, options, "parallelSteps");
  if (specs.length === 0) throw new ConfigError("parallelSteps", "give at least one step");
  // Built here once, so a bad option fails now with the step's name, not in a worker thread.
  for (const { step, ...stepOptions } of specs) createStep(step, stepOptions);
  const names = specs.map((s) => s.step);
  specs.forEach((s, i) => {
    if (rejected[i] !== undefined && !acceptsRejected(s.step))
      throw new ConfigError(`parallelSteps: ${s.step}`, "this step drops nothing into a rejected output; leave its entry undefined");
  });
  const keepRejected = specs.map((_, i) => rejected[i] !== undefined);
  const key = JSON.stringify([specs, keepRejected]);

  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    const parts = ctx.parts && ctx.parts.length === specs.length ? ctx.parts : names.map((n) => new Stats(n));
    const outlets = names.map((n, i) => new RejectedOutlet(n, rejected[i]));
    const pool = shared ?? new WorkerPool(poolOptions);
    const limit = pool.workers * pool.inflight;
    let batch: Doc[] = [];
    let chars = 0;
    const queue: { sent: Doc[]; result: Promise<BatchResult> }[] = [];
    const submit = () => {
      const result = pool.run({ key, specs, keepRejected, rank: ctx.rank, worldSize: ctx.worldSize, docs: batch });
      // awaited in order below; this only keeps a failure of a later batch from being "unhandled"
      result.catch(() => undefined);
      queue.push({ sent: batch, result });
      batch = [];
      chars = 0;
    };
    const take = async (): Promise<Doc[]> => {
      const { sent, result: pending } = queue.shift()!;
      const result = await pending;
      if (result.failure) throw rebuildError(result.failure);
      const full = (r: Returned): Doc => ("index" in r ? { ...sent[r.index]!, meta: r.meta, ...r.rest } : r);
      mergeDeltas(parts, result.stats);
      for (let i = 0; i < result.rejected.length; i++) {
        for (const r of result.rejected[i]!) {
          const doc = full(r);
          await outlets[i]!.push(doc, String(doc.meta.filter_reason ?? "filtered"));
        }
      }
      return result.docs.map(full);
    };
    try {
      for await (const doc of docs) {
        batch.push(doc);
        chars += doc.text.length;
        if (batch.length >= pool.batchDocs || chars >= pool.batchBytes) {
          submit();
          if (queue.length >= limit) yield* await take();
        }
        if (ctx.signal.aborted) return;
      }
      if (batch.length > 0) submit();
      while (queue.length > 0) yield* await take();
    } finally {
      for (const outlet of outlets) await outlet.close();
      if (!shared) await pool.close();
    }
  };
  return Object.assign(run, { stepName: names.join("+"), stepNames: names });
}

// --- internal ---

/**
 * A batch's counters into the steps' Stats. pipe() itself counts what enters the first step
 * (`total`, `bytes_in`) and what leaves the last (`forwarded`, `bytes_out`) on the main thread,
 * so those two come from the workers only for the boundaries inside the segment.
 */
function mergeDeltas(parts: readonly Stats[], deltas: StatsJson[]): void {
  const last = deltas.length - 1;
  deltas.forEach((delta, i) => {
    const counters = { ...delta.counters };
    if (i === 0) {
      delete counters.total;
      delete counters.bytes_in;
    }
    if (i === last) {
      delete counters.forwarded;
      delete counters.bytes_out;
    }
    parts[i]!.merge({ ...delta, counters });
  });
}
