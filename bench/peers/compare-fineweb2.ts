// npx tsx bench/peers/compare-fineweb2.ts --configs FINEWEB2/configs [--sample S.jsonl] [--datatrove D.jsonl] [--out DIR]
//
// preset "fineweb2" against datatrove's filters built per language as fineweb-2-pipeline.py builds
// them (bench/peers/datatrove-fineweb2.py), on the same documents, each filter alone: agreement per
// filter and per language, every disagreement listed. Documents where datatrove's tokenizer for the
// language cannot run here (Japanese: SudachiPy; Korean, Thai, Vietnamese...) are counted apart.
//
// --sample     the documents with lid.176's label in metadata.language (bench/peers/dump-sample.ts)
// --datatrove  datatrove's decisions; without it, this script runs datatrove-fineweb2.py in the same
//              run (DATATROVE_SRC, PYTHONPATH and DATATROVE_PYTHON as for compare-filters.ts)
// --given-tokens  give datatrove our words (splitWords with the preset's tokenizer language) instead
//              of its own tokenizers: compares the rules and per-language settings alone, needs no spaCy
// --jieba-zh   with --given-tokens: Chinese documents get Python jieba's words on datatrove's side
//              (datatrove's own Chinese words), the others ours
// --out        folder for disagreements-fineweb2.tsv and compare-fineweb2.json (default /tmp/corpuskit-peers)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { finewebQuality, gopherQuality, gopherRepetition, makeDoc, pipe, sink, type Doc, type Step } from "../../src/index.js";
import { fineweb2Name, lidLabelOf } from "../../src/filters/fineweb2/lid-labels.js";
import { splitWords } from "../../src/text/words.js";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, fallback?: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const configs = opt("configs", process.env.CORPUSKIT_FINEWEB2_CONFIGS);
if (!configs) throw new Error("give --configs FOLDER (FineWeb-2's configs/) or set CORPUSKIT_FINEWEB2_CONFIGS");
const outDir = resolve(opt("out", "/tmp/corpuskit-peers")!);
const samplePath = resolve(opt("sample", "/tmp/corpuskit-peers/sample.jsonl")!);
mkdirSync(outDir, { recursive: true });
if (!existsSync(samplePath)) throw new Error(`${samplePath} is missing: run npx tsx bench/peers/dump-sample.ts ${samplePath} first`);

interface SampleRow {
  id: string;
  text: string;
  metadata: { language?: string; language_score?: number };
}
const sample: SampleRow[] = readFileSync(samplePath, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

const givenTokens = args.includes("--given-tokens");
const jiebaZh = args.includes("--jieba-zh");
const tag = givenTokens ? (jiebaZh ? "fineweb2-jieba-zh" : "fineweb2-given-tokens") : "fineweb2";
let peerPath = opt("datatrove");
if (!peerPath) {
  if (!process.env.DATATROVE_SRC) throw new Error("give --datatrove DECISIONS.jsonl, or set DATATROVE_SRC (and PYTHONPATH)");
  peerPath = join(outDir, `datatrove-${tag}.jsonl`);
  const python = process.env.DATATROVE_PYTHON ?? "python3";
  const labels = join(here, "../../src/filters/fineweb2/lid-labels.json");
  const extra: string[] = [];
  if (givenTokens) {
    // the words the preset's filters see: the tokenizer language is the lid.176 label of the document's FineWeb-2 name
    const tokensPath = join(outDir, "fineweb2-tokens.jsonl");
    const lines = sample.map((r) => {
      const label = r.metadata.language ?? "en";
      const name = fineweb2Name(label);
      return JSON.stringify({ id: r.id, words: splitWords(r.text, (name && lidLabelOf(name)) ?? label) });
    });
    writeFileSync(tokensPath, lines.join("\n") + "\n");
    extra.push("--tokens", tokensPath);
    if (jiebaZh) extra.push("--jieba-zh");
  }
  console.log(`running datatrove: ${python} bench/peers/datatrove-fineweb2.py ${extra.join(" ")} ...`);
  const r = spawnSync(python, [join(here, "datatrove-fineweb2.py"), samplePath, "--configs", configs, "--labels", labels, "--out", peerPath, ...extra], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) throw new Error(`datatrove-fineweb2.py exited with ${r.status ?? r.signal}`);
}
interface PeerRow {
  id: string;
  language: string;
  fineweb2: string | null;
  config: boolean;
  decisions: Record<string, string>;
}
const peer = new Map<string, PeerRow>(
  readFileSync(peerPath, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as PeerRow)
    .map((r) => [r.id, r]),
);

const FILTERS: Record<string, (rejected: ReturnType<typeof sink<void>>) => Step> = {
  gopher_repetition: (rejected) => gopherRepetition({ preset: "fineweb2", configs, rejected }),
  fineweb_quality: (rejected) => finewebQuality({ preset: "fineweb2", configs, rejected }),
  gopher_quality: (rejected) => gopherQuality({ preset: "fineweb2", configs, rejected }),
};

const docs: Doc[] = sample.map((r) => makeDoc(r.id, r.text, { language: r.metadata.language ?? "en", language_score: r.metadata.language_score }));
const report: Record<
  string,
  { agree: number; differ: number; peerError: number; byLanguage: Record<string, { agree: number; differ: number; peerError: number }> }
> = {};
const rows: string[] = ["filter\tid\tlanguage\tfineweb2\tours\tdatatrove\tsnippet"];
for (const [name, make] of Object.entries(FILTERS)) {
  const dropped = new Map<string, string>();
  const rejected = sink<void>("collect", async (stream: AsyncIterable<Doc>) => {
    for await (const d of stream) dropped.set(d.id, String(d.meta.filter_reason));
  });
  for await (const _ of pipe(docs, make(rejected))) void _;
  const r: (typeof report)[string] = { agree: 0, differ: 0, peerError: 0, byLanguage: {} };
  report[name] = r;
  for (const d of docs) {
    const p = peer.get(d.id);
    if (!p) throw new Error(`${d.id}: not in ${peerPath}`);
    const lang = String(d.meta.language);
    const l = (r.byLanguage[lang] ??= { agree: 0, differ: 0, peerError: 0 });
    const theirs = p.decisions[name]!;
    const ours = dropped.get(d.id) ?? "keep";
    if (theirs.startsWith("error")) {
      r.peerError++;
      l.peerError++;
    } else if (theirs === ours) {
      r.agree++;
      l.agree++;
    } else {
      r.differ++;
      l.differ++;
      rows.push([name, d.id, lang, p.fineweb2 ?? "", ours, theirs, d.text.slice(0, 80).replace(/\s+/g, " ")].join("\t"));
    }
  }
  const differing = Object.entries(r.byLanguage)
    .filter(([, v]) => v.differ > 0)
    .map(([k, v]) => `${k}:${v.differ}`)
    .join(" ");
  const errors = Object.entries(r.byLanguage)
    .filter(([, v]) => v.peerError > 0)
    .map(([k, v]) => `${k}:${v.peerError}`)
    .join(" ");
  console.log(
    `${name.padEnd(18)} agree ${r.agree}  differ ${r.differ}${differing ? ` (${differing})` : ""}  datatrove error ${r.peerError}${errors ? ` (${errors})` : ""}`,
  );
}
writeFileSync(join(outDir, `disagreements-${tag}.tsv`), rows.join("\n") + "\n");
writeFileSync(join(outDir, `compare-${tag}.json`), JSON.stringify({ documents: docs.length, configs, report }, null, 2));
console.log(`${docs.length} documents; disagreements in ${join(outDir, `disagreements-${tag}.tsv`)}`);
