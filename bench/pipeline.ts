// npm run bench -- pipeline
// examples/fineweb.yaml, the FineWeb-like pipeline (normalize, language, Gopher repetition and
// quality, C4 quality, FineWeb) on its input, the sample corpus, read from disk each round, with
// the steps on 1 and then 2 worker threads. Goal (issue 8): 2 workers at least 1.7x one worker.
// Each pool is warmed with one pass first (every thread loads fastText's model once, ~0.3 s), and
// each round reads the sample ROUNDS times over, so start-up does not count.
import { availableParallelism } from "node:os";
import { loadPipelineConfig, pipe, read } from "../src/index.js";
import { parallelSteps, WorkerPool, type StepSpec } from "../src/run/worker-pool.js";
import { record } from "./report.js";

const CONFIG = await loadPipelineConfig("examples/fineweb.yaml");
const SPECS = CONFIG.steps as StepSpec[];
const INPUT = (CONFIG.input as { paths: string }).paths;
const PASSES = 8;

async function* repeated(passes: number) {
  for (let i = 0; i < passes; i++) yield* read(INPUT);
}

async function timeRun(pool: WorkerPool | undefined, passes: number): Promise<{ seconds: number; mb: number; kept: number }> {
  const t0 = performance.now();
  const step = pool ? parallelSteps(SPECS, { pool }) : undefined;
  const p = step ? pipe(repeated(passes), step) : pipe(repeated(passes));
  let kept = 0;
  for await (const _ of p) kept++;
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, mb: p.stats.steps[0]!.get("bytes_out") / 1e6, kept };
}

export async function benchPipeline(): Promise<void> {
  console.log(`pipeline: FineWeb-like steps on the sample corpus x${PASSES}, ${availableParallelism()} cores, best of 3`);
  const results: Record<number, number> = {};
  for (const workers of [1, 2]) {
    const pool = new WorkerPool({ workers });
    try {
      await timeRun(pool, 1);
      let best = Infinity;
      let mb = 0;
      let kept = 0;
      for (let r = 0; r < 3; r++) {
        const t = await timeRun(pool, PASSES);
        best = Math.min(best, t.seconds);
        mb = t.mb;
        kept = t.kept;
      }
      results[workers] = mb / best;
      console.log(
        `  ${workers} worker${workers > 1 ? "s" : " "}  ${(mb / best).toFixed(2)} MB/s  (${mb.toFixed(1)} MB in ${best.toFixed(2)} s, ${kept} documents kept)`,
      );
    } finally {
      await pool.close();
    }
  }
  record({
    what: "FineWeb-like pipeline, 2 workers vs 1",
    ours: `${results[2]!.toFixed(2)} MB/s`,
    peer: `${results[1]!.toFixed(2)} MB/s (1 worker)`,
    ratio: `${(results[2]! / results[1]!).toFixed(2)}x`,
    goal: ">= 1.7x",
  });
  console.log(`  2 workers / 1 worker: ${(results[2]! / results[1]!).toFixed(2)}x (goal 1.7x)`);
}
