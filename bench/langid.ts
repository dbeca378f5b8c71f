// npm run bench -- langid
// Language ID alone, one core, on the paragraphs of the bundled sample corpus (the documents
// bench/filters.ts measures): native fastText (Debian's python3-fasttext, C++, through its Python
// predict as datatrove calls it), fasttext.wasm.js (fastText's C++ compiled to WASM) and our engine
// (src/langid), all with the lid.176.ftz that fasttext.wasm.js ships, every text with "\n" read as a
// space. Figures are CPU seconds (process_time in Python, process.cpuUsage here), so other load on a
// shared machine counts less; the three run in turn, three times, and each keeps its best round.
// Ours is measured three ways, since it caches each word's summed rows: every word cached (a repeat
// pass), a fresh model's first pass (every distinct word computed once), and the second half (by
// bytes) of the paragraphs after the first half (text not seen before: mostly other files, other
// languages). All
// three after one untimed pass of another model, so that the code is compiled, as in a long run.
// Goal: ours >= 2x native per core.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FastTextClassifier } from "../src/langid/predict.js";
import { read } from "../src/io/read.js";
import { record } from "./report.js";

const LID = "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz";
const PYTHON = "/usr/bin/python3";
const ROUNDS = 3;

function cpuSeconds<T>(run: () => T): number {
  const t0 = process.cpuUsage();
  run();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

export async function benchLangid(): Promise<void> {
  const texts: string[] = [];
  for await (const d of read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,txt,wet.gz}", { split: "paragraph" })) texts.push(d.text);
  const mb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  console.log(`langid: ${texts.length} paragraphs, ${mb.toFixed(2)} MB of the sample corpus, lid.176.ftz, k = 1, CPU seconds, best of ${ROUNDS}, one core`);

  const bytes = readFileSync(LID);
  // compile first (a long run's workers are past this after their first documents); not timed
  const warmup = FastTextClassifier.fromBytes(bytes, LID);
  for (const t of texts) warmup.predict(t, { newline: "space" });
  const cold = FastTextClassifier.fromBytes(bytes, LID);
  const coldSeconds = cpuSeconds(() => {
    for (const t of texts) cold.predict(t, { newline: "space" });
  });
  // steady state on text not seen before: a fresh model reads the first half of the paragraphs,
  // then the second half is timed (its words are cached only where the first half had them too)
  const half = FastTextClassifier.fromBytes(bytes, LID);
  let cut = 0;
  for (let bytesSoFar = 0; cut < texts.length && bytesSoFar < (mb * 1e6) / 2; cut++) bytesSoFar += Buffer.byteLength(texts[cut]!);
  const firstHalf = texts.slice(0, cut);
  const secondHalf = texts.slice(cut);
  for (const t of firstHalf) half.predict(t, { newline: "space" });
  const secondMb = secondHalf.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  const secondSeconds = cpuSeconds(() => {
    for (const t of secondHalf) half.predict(t, { newline: "space" });
  });
  const ours = FastTextClassifier.fromBytes(bytes, LID);
  // the repeated rounds below measure words that are all cached: a fresh model's first pass first
  for (const t of texts) ours.predict(t, { newline: "space" });

  let wasm: ((t: string) => unknown) | undefined;
  try {
    const mod = await import("fasttext.wasm.js");
    const ft = await (await mod.getLIDModel()).load();
    wasm = (t) => {
      const v = ft.predict(t.replace(/\n/g, " "), 1, 0);
      (v as unknown as { delete?: () => void }).delete?.();
    };
  } catch {
    wasm = undefined;
  }

  const hasNative = spawnSync(PYTHON, ["-c", "import fasttext"]).status === 0;
  const dir = mkdtempSync(join(tmpdir(), "corpuskit-langid-"));
  const input = join(dir, "texts.jsonl");
  const jsonl = (list: string[]) => list.map((text) => JSON.stringify({ text: text.replace(/[\uD800-\uDFFF]/g, "\uFFFD") })).join("\n") + "\n";
  writeFileSync(input, jsonl(texts));
  const secondInput = join(dir, "second-half.jsonl");
  writeFileSync(secondInput, jsonl(secondHalf));
  let nativeSecond = Infinity;

  const runs = { native: [] as number[], ours: [] as number[], wasm: [] as number[] };
  try {
    for (let r = 0; r < ROUNDS; r++) {
      if (hasNative) {
        const out = execFileSync(PYTHON, ["bench/peers/fasttext-lid.py", LID, input, "time", "1"]).toString("utf8");
        runs.native.push((JSON.parse(out) as { seconds: number }).seconds);
        const half = execFileSync(PYTHON, ["bench/peers/fasttext-lid.py", LID, secondInput, "time", "1"]).toString("utf8");
        nativeSecond = Math.min(nativeSecond, (JSON.parse(half) as { seconds: number }).seconds);
      }
      runs.ours.push(
        cpuSeconds(() => {
          for (const t of texts) ours.predict(t, { newline: "space" });
        }),
      );
      if (wasm) {
        const w = wasm;
        runs.wasm.push(
          cpuSeconds(() => {
            for (const t of texts) w(t);
          }),
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const speed = (s: number[]) => s.map((x) => mb / x);
  const show = (name: string, s: number[]) => {
    if (s.length === 0) return console.log(`${name.padEnd(40)} not measured`);
    const v = speed(s);
    console.log(
      `${name.padEnd(40)} ${Math.max(...v)
        .toFixed(1)
        .padStart(7)} MB/s   (rounds: ${v.map((x) => x.toFixed(1)).join(", ")})`,
    );
  };
  show("native fastText (python3-fasttext)", runs.native);
  show("fasttext.wasm.js", runs.wasm);
  show("ours (src/langid), every word cached", runs.ours);
  show("ours (src/langid), cold: first pass", [coldSeconds]);
  console.log(`${"ours (src/langid), second half after first".padEnd(40)} ${(secondMb / secondSeconds).toFixed(1).padStart(7)} MB/s`);
  if (Number.isFinite(nativeSecond)) console.log(`${"native fastText, second half".padEnd(40)} ${(secondMb / nativeSecond).toFixed(1).padStart(7)} MB/s`);
  const best = (s: number[]) => Math.min(...s);
  if (runs.native.length > 0) {
    const ratio = best(runs.native) / best(runs.ours);
    const halfRatio = nativeSecond / secondSeconds;
    console.log(
      `ours / native: ${ratio.toFixed(2)}x every word cached, ${(best(runs.native) / coldSeconds).toFixed(2)}x cold first pass, ${halfRatio.toFixed(2)}x on the unseen second half   goal >= 2x: ${ratio >= 2 ? "met" : "NOT met"} cached, ${halfRatio >= 2 ? "met" : "NOT met"} unseen half`,
    );
    record({
      what: "language ID (lid.176.ftz), every word cached (repeat pass), MB/s per core",
      ours: (mb / best(runs.ours)).toFixed(1),
      peer: `${(mb / best(runs.native)).toFixed(1)} (native fastText)`,
      ratio: `${ratio.toFixed(2)}x`,
      goal: ">= 2x native",
    });
    record({
      what: "language ID, fresh model's first pass",
      ours: (mb / coldSeconds).toFixed(1),
      peer: `${(mb / best(runs.native)).toFixed(1)} (native fastText)`,
      ratio: `${(best(runs.native) / coldSeconds).toFixed(2)}x`,
      goal: ">= 2x native",
    });
    record({
      what: "language ID, unseen second half after the first",
      ours: (secondMb / secondSeconds).toFixed(1),
      peer: `${(secondMb / nativeSecond).toFixed(1)} (native fastText)`,
      ratio: `${halfRatio.toFixed(2)}x`,
      goal: ">= 2x native",
    });
  }
  if (runs.wasm.length > 0) {
    console.log(`ours / fasttext.wasm.js: ${(best(runs.wasm) / best(runs.ours)).toFixed(2)}x`);
    record({
      what: "language ID, every word cached, against WASM",
      ours: (mb / best(runs.ours)).toFixed(1),
      peer: `${(mb / best(runs.wasm)).toFixed(1)} (fasttext.wasm.js)`,
      ratio: `${(best(runs.wasm) / best(runs.ours)).toFixed(2)}x`,
    });
  }
}
