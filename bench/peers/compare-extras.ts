// npx tsx bench/peers/compare-extras.ts [--sample S.jsonl]
// MinHash signatures and language ID, ours against datatrove's, on the sample documents, one core,
// in the same run (bench/peers/datatrove-extras.py is spawned: DATATROVE_SRC, PYTHONPATH and
// DATATROVE_PYTHON as for compare-filters.ts).
//
// MinHash: datatrove's MinhashDedupSignature (default config, language "eng") against our MinHasher
//   (default config, language "en" forced, so both split words the English way). The signatures are
//   not comparable value by value (datatrove: xxhash64 and (a*x+b) mod 2^61-1; ours: its own 32-bit
//   rows), only the work per document: text -> normalised words -> 5-gram shingles -> 112 minimums.
// Language ID: datatrove's LanguageFilter (ft176 backend, k=-1) and our languageFilter, both with the
//   lid.176.ftz model that fasttext.wasm.js ships (datatrove's own lid.176.bin is a download): the
//   same model, so the labels should agree; native fastText (Debian's python3-fasttext) vs our src/langid.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MinHasher } from "../../src/dedup/minhash/minhasher.js";
import { languageFilter, loadLanguageModel, makeDoc, pipe, type Doc } from "../../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const i = args.indexOf("--sample");
const samplePath = resolve(i >= 0 ? args[i + 1]! : "/tmp/corpuskit-peers/sample.jsonl");
interface Row {
  id: string;
  text: string;
  metadata: { language?: string };
}
const rows: Row[] = readFileSync(samplePath, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const mb = rows.reduce((n, r) => n + Buffer.byteLength(r.text), 0) / 1e6;
const python = process.env.DATATROVE_PYTHON ?? "python3";
if (!process.env.DATATROVE_SRC) throw new Error("set DATATROVE_SRC (and PYTHONPATH, DATATROVE_PYTHON): see bench/peers/README.md");

function peer(what: string, extra: string[] = []): { seconds: number; mb_per_s: number; signed?: number; decisions?: Record<string, [string, number]> } {
  const r = spawnSync(python, [join(here, "datatrove-extras.py"), what, samplePath, ...extra], { stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`datatrove-extras.py ${what} exited with ${r.status ?? r.signal}`);
  return JSON.parse(r.stdout.toString().trim().split("\n").pop()!);
}

function best(rounds: number, run: () => void): number {
  let s = Infinity;
  for (let k = 0; k <= rounds; k++) {
    const t0 = performance.now();
    run();
    if (k > 0) s = Math.min(s, (performance.now() - t0) / 1000); // round 0 warms up
  }
  return s;
}

console.log(`extras: ${rows.length} documents, ${mb.toFixed(2)} MB, one core`);
const row = (name: string, ours: number, theirs: number, note = "") =>
  console.log(
    `${name.padEnd(34)} ours ${(mb / ours).toFixed(2).padStart(7)} MB/s   datatrove ${(mb / theirs).toFixed(2).padStart(6)} MB/s   ${(theirs / ours).toFixed(1).padStart(5)}x  ${note}`,
  );

// MinHash
const hasher = new MinHasher({ language: "en" });
let signed = 0;
const oursMinhash = best(3, () => {
  signed = 0;
  for (const r of rows) if (hasher.compute(r.text)) signed++;
});
const dtMinhash = peer("minhash");
row("MinHash signature (5-grams, 14x8)", oursMinhash, dtMinhash.seconds, `signed: ours ${signed}, datatrove ${dtMinhash.signed}`);

// Language ID
const require = createRequire(import.meta.url);
const entry = require.resolve("fasttext.wasm.js");
const ftz = join(
  entry.slice(0, entry.lastIndexOf("/fasttext.wasm.js/") + "/fasttext.wasm.js/".length),
  "dist/models/language-identification/assets/lid.176.ftz",
);
await loadLanguageModel();
let labels = new Map<string, [string, number]>();
let lidSeconds = Infinity;
for (let k = 0; k <= 3; k++) {
  const docs = rows.map((r) => makeDoc(r.id, r.text));
  const out = new Map<string, [string, number]>();
  const t0 = performance.now();
  for await (const d of pipe(docs, languageFilter()) as AsyncIterable<Doc>) out.set(d.id, [String(d.meta.language), Number(d.meta.language_score)]);
  if (k > 0) lidSeconds = Math.min(lidSeconds, (performance.now() - t0) / 1000);
  labels = out;
}
const dtLid = peer("lid", ["--model", ftz]);
let same = 0;
let maxDiff = 0;
const differ: string[] = [];
for (const r of rows) {
  const a = labels.get(r.id)!;
  const b = dtLid.decisions![r.id]!;
  if (a[0] === b[0]) same++;
  else differ.push(`${r.id}: ours ${a[0]} ${a[1].toFixed(3)}, datatrove ${b[0]} ${b[1].toFixed(3)}`);
  if (a[0] === b[0]) maxDiff = Math.max(maxDiff, Math.abs(a[1] - b[1]));
}
row("language ID (lid.176.ftz)", lidSeconds, dtLid.seconds, `same label ${same}/${rows.length}, max score difference ${maxDiff.toExponential(2)}`);
for (const d of differ.slice(0, 20)) console.log(`  differs: ${d}`);
