// npm run bench -- perplexity
// The n-gram scorer on a 5-gram model of more than 1M n-grams: ARPA load time, and MB/s per core
// scoring documents the way the perplexity step does (CCNet normalization, words, per line).
// Goals: load of 1M n-grams under 3 s; scoring at least 5 MB/s per core. There is no JavaScript
// KenLM to race, so the peer is the straightforward JavaScript scorer (a Map from n-gram strings to
// probability and backoff), measured on the same model and documents in the same run.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadArpa, trainKneserNey, writeArpa } from "../src/lm/index.js";
import { read } from "../src/io/read.js";
import { ccnetNormalize } from "../src/text/normalize.js";
import { splitWords } from "../src/text/words.js";
import { scoreDocument } from "../src/score/perplexity.js";
import type { Doc } from "../src/doc.js";
import { englishReference } from "../scripts/reference-text.js";
import { record } from "./report.js";

const DATA = "bench/.data";

/** An unpruned English 5-gram: about 1.17M n-grams from WikiText-2 (trained once, then cached). */
async function benchModel(): Promise<string> {
  const path = join(DATA, "en-5gram-unpruned.arpa");
  if (existsSync(path)) return path;
  mkdirSync(DATA, { recursive: true });
  const sentences = [...englishReference()].map((l) => splitWords(ccnetNormalize(l), "en")).filter((t) => t.length > 0);
  const { arpa } = await trainKneserNey(sentences, { order: 5, discountFallback: [0.5, 1, 1.5] });
  await writeArpa(arpa, path);
  return path;
}

/** The peer: ARPA lines into a Map of "w1 w2 ..." -> [log10 p, log10 backoff], scored by the textbook recursion. */
function naiveModel(arpaText: string): { score(tokens: readonly string[]): number; size: number } {
  const table = new Map<string, [number, number]>();
  for (const line of arpaText.split("\n")) {
    const parts = line.split("\t");
    if (parts.length < 2) continue;
    table.set(parts[1]!, [Number(parts[0]), parts.length > 2 ? Number(parts[2]) : 0]);
  }
  let order = 1;
  for (const key of table.keys()) order = Math.max(order, key.split(" ").length);
  const prob = (context: string[], word: string): number => {
    const hit = table.get([...context, word].join(" "));
    if (hit) return hit[0];
    if (context.length === 0) return table.get("<unk>")![0];
    const backoff = table.get(context.join(" "))?.[1] ?? 0;
    return backoff + prob(context.slice(1), word);
  };
  return {
    size: table.size,
    score(tokens) {
      const words = ["<s>", ...tokens.map((t) => (table.has(t) ? t : "<unk>")), "</s>"];
      let sum = 0;
      for (let i = 1; i < words.length; i++) sum += prob(words.slice(Math.max(0, i - order + 1), i), words[i]!);
      return sum;
    },
  };
}

export async function benchPerplexity(): Promise<void> {
  const path = await benchModel();
  const t0 = performance.now();
  const model = await loadArpa(path);
  const loadSeconds = (performance.now() - t0) / 1000;
  const text = readFileSync(path, "utf8");
  const t1 = performance.now();
  const naive = naiveModel(text);
  const naiveLoad = (performance.now() - t1) / 1000;
  const docs: Doc[] = [];
  for await (const d of read("examples/data/*.{jsonl.gz,jsonl.zst,csv,wet.gz}")) docs.push(d);
  const english = docs.filter((d) => !/[\u3040-\u30ff\u4e00-\u9fff]/.test(d.text.slice(0, 500)));
  const mb = english.reduce((n, d) => n + Buffer.byteLength(d.text), 0) / 1e6;
  const words = (t: string, l: string | undefined) => splitWords(t, l);
  const time = (m: { score(tokens: readonly string[]): number }, rounds: number) => {
    let best = Infinity;
    let checksum = 0;
    for (let r = 0; r < rounds; r++) {
      const s = performance.now();
      checksum = 0;
      for (const d of english) checksum += scoreDocument(d, m, "en", "per-line", words);
      best = Math.min(best, (performance.now() - s) / 1000);
    }
    return { seconds: best, checksum };
  };
  const ours = time(model, 3);
  const peer = time(naive, 1);
  console.log(
    `perplexity: 5-gram of ${naive.size.toLocaleString("en")} n-grams (${(text.length / 1e6).toFixed(0)} MB ARPA), ${english.length} documents, ${mb.toFixed(2)} MB, one core`,
  );
  console.log(
    `ARPA load                      ${loadSeconds.toFixed(2).padStart(6)} s   goal < 3 s: ${loadSeconds < 3 ? "met" : "NOT met"}   peer (Map of strings) ${naiveLoad.toFixed(2)} s`,
  );
  console.log(
    `scoring (per-line, words)      ${(mb / ours.seconds).toFixed(1).padStart(6)} MB/s   goal 5 MB/s: ${mb / ours.seconds >= 5 ? "met" : "NOT met"}   peer ${(mb / peer.seconds).toFixed(1)} MB/s, ratio ${(peer.seconds / ours.seconds).toFixed(1)}x`,
  );
  record({
    what: "5-gram ARPA load, s",
    ours: loadSeconds.toFixed(2),
    peer: `${naiveLoad.toFixed(2)} (Map of strings)`,
    ratio: `${(naiveLoad / loadSeconds).toFixed(1)}x`,
    goal: "< 3 s",
  });
  record({
    what: "perplexity scoring, MB/s per core",
    ours: (mb / ours.seconds).toFixed(1),
    peer: `${(mb / peer.seconds).toFixed(1)} (Map of strings)`,
    ratio: `${(peer.seconds / ours.seconds).toFixed(1)}x`,
    goal: ">= 5",
  });
  // the same perplexities from both scorers, or the comparison means nothing
  if (Math.abs(ours.checksum - peer.checksum) > 0.1 * english.length)
    console.log(`WARNING: the scorers disagree (sum of perplexities ${ours.checksum.toFixed(1)} vs ${peer.checksum.toFixed(1)})`);
}
