// The scale benchmark's run, in its own process (bench/scale.ts starts it): runPipeline on the
// config given as JSON, then one JSON line with the wall time, the text read and the peak RSS of
// this process, worker threads included.
import { runPipeline, type PipelineConfigInput } from "../src/index.js";

const config = JSON.parse(process.argv[2]!) as PipelineConfigInput;
const t0 = performance.now();
const { stats } = await runPipeline(config, { progress: { label: "scale", mode: "plain", plainIntervalMs: 30_000 } });
const seconds = (performance.now() - t0) / 1000;
const inputMB = stats.steps[0]!.get("bytes_out") / 1e6;
process.stdout.write(
  `${JSON.stringify({ seconds, inputMB, maxRssMB: process.resourceUsage().maxRSS / 1024, documents: stats.steps[stats.steps.length - 1]!.get("total") })}\n`,
);
