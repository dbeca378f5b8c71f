#!/usr/bin/env bash
# The published artifact as a user gets it: npm pack, install the tarball into an empty folder,
# then import it as ESM, require it as CommonJS, and run the bin through npx.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
tarball="$(npm pack --silent --pack-destination "$work" | tail -1)"
echo "packed $tarball ($(du -h "$work/$tarball" | cut -f1))"
mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$work/$tarball"
cat > esm.mjs <<'JS'
import { pipe, read, writeJsonl, readJsonl } from "corpuskit";
const docs = [];
for await (const doc of pipe(readJsonl("data.jsonl"))) docs.push(doc);
if (docs.length !== 2 || docs[1].text !== "zweites Dokument") throw new Error("ESM read failed");
if (typeof read !== "function" || typeof writeJsonl !== "function") throw new Error("ESM exports missing");
console.log("ESM import ok:", docs.length, "docs");
JS
cat > cjs.cjs <<'JS'
const corpuskit = require("corpuskit");
for (const name of ["pipe", "read", "readJsonl", "readCsv", "readParquet", "readText", "readWarc", "writeJsonl", "filter", "Stats", "InputError"]) {
  if (typeof corpuskit[name] !== "function") throw new Error(`CJS export ${name} missing`);
}
(async () => {
  const docs = [];
  for await (const doc of corpuskit.readJsonl("data.jsonl.zst")) docs.push(doc);
  if (docs.length !== 2) throw new Error("CJS zstd read failed");
  const kept = [];
  for await (const d of corpuskit.pipe(docs.map((d) => ({ ...d, meta: { language: "en" } })), corpuskit.c4BadWords())) kept.push(d);
  if (kept.length !== 2) throw new Error("CJS filters failed");
  // the bundled language models resolve from the installed package, under CommonJS too
  const scored = [];
  const wiki = "The lobster is a species of crustacean found in the eastern Atlantic Ocean, and it is closely related to the American lobster.";
  for await (const d of corpuskit.pipe([{ id: "w", text: wiki, meta: { language: "en" } }], corpuskit.perplexity())) scored.push(d);
  if (!(scored[0].meta.perplexity > 0) || !["head", "middle", "tail"].includes(scored[0].meta.bucket)) throw new Error(`CJS perplexity failed: ${JSON.stringify(scored[0].meta)}`);
  console.log("CJS require ok:", docs.length, "docs, filters run, perplexity", scored[0].meta.perplexity, scored[0].meta.bucket);
})();
JS
printf '{"text":"first document"}\n{"text":"zweites Dokument"}\n' > data.jsonl
zstd -q data.jsonl -o data.jsonl.zst 2>/dev/null || node -e "require('@mongodb-js/zstd').compress(require('fs').readFileSync('data.jsonl'),3).then(b=>require('fs').writeFileSync('data.jsonl.zst',b))"
node esm.mjs
node cjs.cjs
npx --no-install corpuskit --help | head -3
npx --no-install corpuskit --version
npx --no-install corpuskit convert data.jsonl.zst -o out >/dev/null && ls out | grep -q 00000.jsonl.gz && echo "npx corpuskit convert ok"
cat > catalog-only.mjs <<'JS'
import { findDatasets, getDataset } from "corpuskit/catalog";
import { readFileSync } from "node:fs";
if (getDataset("c4").id !== "c4" || findDatasets({ stage: "pretraining" }).length === 0) throw new Error("catalog subpath failed");
// Follow the ESM build's imports from dist/catalog.js through its shared chunks.
const seen = new Set(), packages = new Set(), todo = ["catalog.js"];
while (todo.length > 0) {
  const file = todo.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(`node_modules/corpuskit/dist/${file}`, "utf8");
  for (const [, spec] of code.matchAll(/(?:from\s*|import\()\s*"([^"]+)"/g)) {
    if (spec.startsWith("./")) todo.push(spec.slice(2));
    else packages.add(spec);
  }
}
for (const heavy of ["zstddec", "hyparquet", "hyparquet-compressors", "warcio", "undici", "chardet", "iconv-lite", "@mongodb-js/zstd"]) {
  if (packages.has(heavy)) throw new Error(`corpuskit/catalog pulls in ${heavy}`);
}
console.log("corpuskit/catalog imports:", [...packages].sort().join(" "));
console.log("corpuskit/catalog ok:", findDatasets().length, "entries, no readers loaded");
JS
node catalog-only.mjs
node -e 'const c = require("corpuskit/catalog"); if (!c.getDataset("c4")) process.exit(1); console.log("corpuskit/catalog require ok")'
printf '{"text":"The quick brown fox jumps over the lazy dog while the farmer watches from the old wooden fence near the barn."}\n{"text":"Le renard brun rapide saute par-dessus le chien paresseux pendant que le fermier regarde depuis la vieille barrière."}\n' > langs.jsonl
npx --no-install corpuskit filter langs.jsonl -o filtered --lang en --badwords --json > filter.json
node -e 'const r = JSON.parse(require("fs").readFileSync("filter.json", "utf8")); if (r.output.documents !== 1) throw new Error("filter kept " + r.output.documents); console.log("npx corpuskit filter ok: fastText and the word lists load from the installed package")'
# the worker pool's thread module ships in dist and loads from the installed package, from CommonJS
# too; and `corpuskit run` runs a config with its tasks and markers
cat > pool.cjs <<'JS'
const corpuskit = require("corpuskit");
(async () => {
  const docs = [];
  const step = corpuskit.parallelSteps([{ step: "normalize" }, { step: "language", languages: ["en"] }], { workers: 2 });
  for await (const d of corpuskit.pipe(corpuskit.readJsonl("langs.jsonl"), step)) docs.push(d);
  if (docs.length !== 1 || docs[0].meta.language !== "en") throw new Error("CJS worker pool failed: " + JSON.stringify(docs));
  console.log("CJS worker pool ok: 2 threads, language ID in each");
})();
JS
node pool.cjs
# the Parquet decoder's thread module (dist/parquet-worker.js) ships and loads from the installed
# package, from ESM and from CommonJS, and decodes the package's own example file
cp node_modules/corpuskit/examples/data/udhr.parquet udhr.parquet
cat > parquet.mjs <<'JS'
import { readParquet } from "corpuskit";
const docs = [];
for await (const doc of readParquet("udhr.parquet")) docs.push(doc);
if (docs.length !== 40 || !docs.every((d) => d.text.length > 0)) throw new Error(`ESM Parquet read failed: ${docs.length} docs`);
console.log("ESM Parquet ok:", docs.length, "docs decoded on the decoder thread");
JS
cat > parquet.cjs <<'JS'
const corpuskit = require("corpuskit");
(async () => {
  const docs = [];
  for await (const doc of corpuskit.read("udhr.parquet", { columns: ["lang"], limit: 20 })) docs.push(doc);
  if (docs.length !== 20 || typeof docs[0].meta.lang !== "string") throw new Error("CJS Parquet read failed: " + JSON.stringify(docs[0]?.meta));
  console.log("CJS Parquet ok:", docs.length, "docs, stopped by limit");
})();
JS
node parquet.mjs
node parquet.cjs
printf 'input: langs.jsonl\nsteps:\n  - step: language\n    languages: [en]\noutput: run-out\ntasks: 2\n' > run.yaml
npx --no-install corpuskit run run.yaml --workers 2 --json > run.json
node -e 'const r = JSON.parse(require("fs").readFileSync("run.json", "utf8")); if (!r.output.complete || r.output.documents !== 1 || r.output.tasks.length !== 2) throw new Error(JSON.stringify(r.output)); console.log("npx corpuskit run ok: 2 tasks, markers, merged stats")'
npx --no-install corpuskit report run-out >/dev/null && grep -q 'data-step="language"' run-out/report.html && echo "npx corpuskit report ok: run-out/report.html from the merged stats"
echo "package check passed"
