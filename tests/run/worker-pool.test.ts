import { describe, expect, it } from "vitest";
import {
  acceptsRejected,
  ConfigError,
  createStep,
  parallelSteps,
  pipe,
  read,
  WorkerPool,
  type Doc,
  type PipelineStatsJson,
  type StepSpec,
} from "../../src/index.js";
import { collect, collector } from "../support.js";

// The FineWeb-like steps of examples/fineweb.yaml, plus the LDNOOBW filter with a keepFraction
// (its draw must not depend on which thread sees a document) and perplexity (models per thread).
const SPECS: StepSpec[] = [
  { step: "normalize" },
  { step: "language", languages: ["en", "zh", "fr"], threshold: 0.5 },
  { step: "gopher_repetition" },
  { step: "c4_badwords", failOnMissingLanguage: false, keepFraction: 0.5 },
  { step: "perplexity" },
  { step: "gopher_quality" },
];
const INPUT = "examples/data/*.{jsonl.gz,jsonl.zst,wet.gz,warc.gz,parquet}";

async function inline(specs: StepSpec[]) {
  const rejected = specs.map(() => collector());
  const steps = specs.map(({ step, ...o }, i) => createStep(step, { ...o, ...(acceptsRejected(step) ? { rejected: rejected[i]!.sink } : {}) }));
  const p = pipe(read(INPUT), ...steps);
  const docs = await collect(p);
  return { docs, stats: p.stats, rejected: rejected.map((r) => r.docs) };
}

async function pooled(specs: StepSpec[], workers: number, batchDocs?: number) {
  const rejected = specs.map(() => collector());
  const p = pipe(
    read(INPUT),
    parallelSteps(specs, {
      workers,
      ...(batchDocs ? { batchDocs } : {}),
      rejected: specs.map((s, i) => (acceptsRejected(s.step) ? rejected[i]!.sink : undefined)),
    }),
  );
  const docs = await collect(p);
  return { docs, stats: p.stats, rejected: rejected.map((r) => r.docs) };
}

/** Everything but the seconds: counters, histograms (perplexity) and samples of each drop reason. */
const counters = (stats: PipelineStatsJson) => stats.steps.map(({ seconds: _seconds, ...rest }) => rest);
const plain = (docs: Doc[]) => docs.map((d) => ({ id: d.id, text: d.text, meta: d.meta }));

describe("parallelSteps", () => {
  it("gives the same documents, in the same order, drops and counters as the steps on one thread", async () => {
    const one = await inline(SPECS);
    expect(one.docs.length).toBeGreaterThan(20);
    expect(one.rejected.flat().length).toBeGreaterThan(100);
    // small batches: many batches in flight across 2 threads, so out-of-order completion would show
    const two = await pooled(SPECS, 2, 7);
    expect(plain(two.docs)).toEqual(plain(one.docs));
    expect(two.rejected.map(plain)).toEqual(one.rejected.map(plain));
    expect(counters(two.stats.toJSON())).toEqual(counters(one.stats.toJSON()));
    expect(Object.keys(one.stats.get("perplexity")!.histograms).length).toBeGreaterThan(1);
    expect(one.stats.get("language")!.samples.language_not_wanted).toHaveLength(5);
    // the workers' own time is reported per step
    expect(two.stats.get("language")!.seconds).toBeGreaterThan(0);
  });

  it("brings token ids back from the threads (moved, not copied) equal to one thread's", async () => {
    const specs: StepSpec[] = [{ step: "normalize" }, { step: "tokenize", tokenizer: "cl100k_base" }];
    const one = await inline(specs);
    const two = await pooled(specs, 2, 16);
    const tokens = (docs: Doc[]) => docs.map((d) => [d.id, Array.from((d as Doc & { tokens: Uint32Array }).tokens)]);
    expect(two.docs.length).toBe(one.docs.length);
    expect(tokens(two.docs)).toEqual(tokens(one.docs));
    expect(plain(two.docs)).toEqual(plain(one.docs));
    expect(two.stats.get("tokenize")!.get("tokens")).toBe(one.stats.get("tokenize")!.get("tokens"));
  });

  it("shares one pool between runs and between segments", async () => {
    const pool = new WorkerPool({ workers: 2 });
    try {
      const a = await collect(pipe(read(INPUT), parallelSteps([{ step: "normalize" }, { step: "language", languages: ["en"] }], { pool })));
      const b = await collect(
        pipe(read(INPUT), parallelSteps([{ step: "normalize" }], { pool }), parallelSteps([{ step: "language", languages: ["en"] }], { pool })),
      );
      expect(plain(b)).toEqual(plain(a));
      expect(a.every((d) => d.meta.language === "en")).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it("reports a bad option before any thread starts, with the step's path", () => {
    expect(() => parallelSteps([{ step: "gopher_quality", minDocWords: "many" }])).toThrow(/minDocWords/);
    expect(() => parallelSteps([{ step: "no_such_step" }])).toThrow(/unknown step "no_such_step"/);
  });

  it("passes a step's failure in a worker to the consumer and stops", async () => {
    // c4_badwords with failOnMissingLanguage throws on a language without a list (the sample has many)
    const p = pipe(read(INPUT), parallelSteps([{ step: "language" }, { step: "c4_badwords", failOnMissingLanguage: true }], { workers: 2 }));
    const error = await collect(p).then(
      () => undefined,
      (e: unknown) => e,
    );
    // the error comes back as its own class, with its fields, for `instanceof` and the CLI's message
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      name: "ConfigError",
      code: "ERR_CONFIG",
      where: "c4BadWords",
      message: expect.stringMatching(/^c4BadWords: no bad-words list for language "\w+" \(document .+\)/),
    });
  });

  it("holds back the input while the consumer is slow: batches out are bounded", async () => {
    let pulled = 0;
    async function* counted() {
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        yield { id: `d${i}`, text: `Document number ${i} has a few words in it.`, meta: {} };
      }
    }
    const docs = (pipe(counted(), parallelSteps([{ step: "normalize" }], { workers: 2, batchDocs: 10, inflight: 2 })) as AsyncIterable<Doc>)[
      Symbol.asyncIterator
    ]();
    await docs.next();
    await new Promise((r) => setTimeout(r, 300));
    // 2 workers x 2 batches in flight x 10 documents, plus the batch being filled and the one taken
    expect(pulled).toBeLessThanOrEqual(2 * 2 * 10 + 10 + 10);
    await docs.return?.();
  });

  it("stops cleanly when the consumer stops early", async () => {
    const seen: Doc[] = [];
    for await (const doc of pipe(read(INPUT), parallelSteps([{ step: "normalize" }], { workers: 2, batchDocs: 5 }))) {
      seen.push(doc);
      if (seen.length === 12) break;
    }
    expect(seen.length).toBe(12);
  });
});
