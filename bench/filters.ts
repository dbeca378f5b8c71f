// npm run bench -- filters
// Per-core throughput on the bundled sample corpus (2.7 MB, 48 languages): language ID alone, and
// the heuristic filters together (Gopher quality and repetition, C4 quality, C4 bad words, FineWeb).
// Goals: language ID >= 5 MB/s, heuristics >= 20 MB/s per core. The peer for language ID is franc,
// the common pure-JS detector, measured on the same documents in the same run.
import {
  c4BadWords,
  c4Quality,
  finewebQuality,
  gopherQuality,
  gopherRepetition,
  isUnspaced,
  languageFilter,
  loadLanguageModel,
  pipe,
  read,
  splitWords,
  type Doc,
  type Step,
} from "../src/index.js";
import { record } from "./report.js";

async function loadSample(): Promise<Doc[]> {
  const docs: Doc[] = [];
  for await (const d of read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,txt,wet.gz}", { split: "paragraph" })) docs.push(d);
  return docs;
}

async function timeSteps(docs: Doc[], steps: Step[], rounds: number): Promise<{ seconds: number; out: number }> {
  let best = Infinity;
  let out = 0;
  for (let r = 0; r < rounds; r++) {
    const copies = docs.map((d) => ({ ...d, meta: { ...d.meta } }));
    const t0 = performance.now();
    out = 0;
    for await (const _ of pipe(copies, ...(steps as [Step]))) out++;
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { seconds: best, out };
}

export async function benchFilters(): Promise<void> {
  const docs = await loadSample();
  const mb = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0) / 1e6;
  console.log(`filters: ${docs.length} documents, ${mb.toFixed(2)} MB of the sample corpus, best of 3, one core`);
  await loadLanguageModel();
  const lid = await timeSteps(docs, [languageFilter()], 3);
  const heuristics = await timeSteps(
    docs,
    [gopherRepetition(), gopherQuality(), c4Quality(), c4BadWords({ failOnMissingLanguage: false }), finewebQuality()],
    3,
  );
  let franc: { seconds: number } | undefined;
  try {
    const { franc: detect } = await import("franc-min");
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      for (const d of docs) detect(d.text);
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    franc = { seconds: best };
  } catch {
    franc = undefined;
  }
  const row = (name: string, s: number, goal?: number) =>
    console.log(
      `${name.padEnd(44)} ${(docs.length / s).toFixed(0).padStart(8)} docs/s ${(mb / s).toFixed(1).padStart(7)} MB/s${goal ? `   goal ${goal} MB/s: ${mb / s >= goal ? "met" : "NOT met"}` : ""}`,
    );
  row("languageFilter (fastText lid.176, src/langid)", lid.seconds, 5);
  record({
    what: "language ID, MB/s per core",
    ours: (mb / lid.seconds).toFixed(1),
    ...(franc ? { peer: `${(mb / franc.seconds).toFixed(1)} (franc-min)`, ratio: `${(franc.seconds / lid.seconds).toFixed(2)}x` } : {}),
    goal: ">= 5",
  });
  record({ what: "heuristic filters together, MB/s per core", ours: (mb / heuristics.seconds).toFixed(1), goal: ">= 20" });
  if (franc) row("  peer: franc-min (pure JS trigrams)", franc.seconds);
  row(`heuristic filters together (${heuristics.out} kept)`, heuristics.seconds, 20);
  // The same filters on each half of the sample: spaced scripts (spaCy's English tokens) and
  // unspaced ones (Chinese through jieba, Japanese and Thai through Intl.Segmenter).
  for (const unspaced of [false, true]) {
    const part = docs.filter((d) => isUnspaced(d.text) === unspaced);
    const partMb = part.reduce((n, d) => n + Buffer.byteLength(d.text), 0) / 1e6;
    const t = await timeSteps(part, [gopherRepetition(), gopherQuality(), c4Quality(), c4BadWords({ failOnMissingLanguage: false }), finewebQuality()], 3);
    console.log(
      `${`  on ${unspaced ? "unspaced" : "spaced"} scripts only (${part.length} docs)`.padEnd(44)} ${(part.length / t.seconds).toFixed(0).padStart(8)} docs/s ${(partMb / t.seconds).toFixed(1).padStart(7)} MB/s`,
    );
  }
  // Each filter alone (its words included), and the words alone: the part of the cost no filter
  // logic can remove while the words must be datatrove's (spaCy's English tokens, jieba's Chinese
  // words) or ICU's (Japanese, Thai). The five filters share one tokenization per document.
  const alone: [string, () => Step][] = [
    ["gopherRepetition", () => gopherRepetition()],
    ["gopherQuality", () => gopherQuality()],
    ["c4Quality", () => c4Quality()],
    ["c4BadWords", () => c4BadWords({ failOnMissingLanguage: false })],
    ["finewebQuality", () => finewebQuality()],
  ];
  for (const [name, make] of alone) {
    const t = await timeSteps(docs, [make()], 3);
    console.log(`${`  ${name} alone`.padEnd(44)} ${(docs.length / t.seconds).toFixed(0).padStart(8)} docs/s ${(mb / t.seconds).toFixed(1).padStart(7)} MB/s`);
  }
  let words = Infinity;
  for (let r = 0; r < 3; r++) {
    // fresh strings each round, so that splitWords' per-document cache cannot answer
    const texts = docs.map((d) => Buffer.from(d.text).toString());
    const t0 = performance.now();
    for (const text of texts) splitWords(text);
    words = Math.min(words, (performance.now() - t0) / 1000);
  }
  console.log(
    `${"  words alone (splitWords, the floor)".padEnd(44)} ${(docs.length / words).toFixed(0).padStart(8)} docs/s ${(mb / words).toFixed(1).padStart(7)} MB/s`,
  );
  record({ what: "words alone (splitWords), MB/s per core", ours: (mb / words).toFixed(1) });
}
