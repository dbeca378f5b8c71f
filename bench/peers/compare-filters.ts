// npx tsx bench/peers/compare-filters.ts [--mode default|per-doc] [--sample S.jsonl] [--datatrove D.jsonl] [--out DIR]
//
// corpuskit's heuristic filters against datatrove's, on the same documents, each filter run alone
// (not chained) on every document: agreement per filter, every disagreement listed, and MB/s of
// both sides on one core.
//
// --sample     the documents (bench/peers/dump-sample.ts writes them; default /tmp/corpuskit-peers/sample.jsonl)
// --datatrove  datatrove's decisions (bench/peers/datatrove-filters.py output). Without it this script
//              runs the Python script itself, in the same run: DATATROVE_SRC must be set, PYTHONPATH
//              must reach its dependencies, DATATROVE_PYTHON names the interpreter (default python3).
// --mode       default: datatrove's filters with their defaults (language "eng" for every document)
//                       against ours with language "en" forced -- the same rules on the same tokens;
//              per-doc: datatrove built per metadata.language against ours reading meta.language
//                       -- each side's per-language word tokenizer.
// --tag        suffix of the output files (default: the mode)
// --rounds     timed rounds of ours after one warm-up, best kept (default 3)
// --out        folder for disagreements-<mode>.tsv and compare-<mode>.json (default /tmp/corpuskit-peers)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  c4BadWords,
  c4Quality,
  finewebQuality,
  gopherQuality,
  gopherRepetition,
  makeDoc,
  pipe,
  sink,
  type Doc,
  type Sink,
  type Step,
} from "../../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, fallback?: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const mode = opt("mode", "default") as "default" | "per-doc";
if (mode !== "default" && mode !== "per-doc") throw new Error(`--mode must be default or per-doc, not ${mode}`);
const outDir = resolve(opt("out", "/tmp/corpuskit-peers")!);
const samplePath = resolve(opt("sample", "/tmp/corpuskit-peers/sample.jsonl")!);
const rounds = Number(opt("rounds", "3"));
// names the output files (disagreements-<tag>.tsv), e.g. per-doc-cmn for a run with --language-map
const tag = opt("tag", mode)!;
mkdirSync(outDir, { recursive: true });
if (!existsSync(samplePath)) throw new Error(`${samplePath} is missing: run npx tsx bench/peers/dump-sample.ts first`);

interface SampleRow {
  id: string;
  text: string;
  metadata: { language?: string; language_score?: number };
}
const sample: SampleRow[] = readFileSync(samplePath, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

// --- datatrove's side ---
interface PeerRow {
  id: string;
  language: string | null;
  decisions: Record<string, string>;
  c4_text_sha1?: Record<string, string>;
}
interface PeerSummary {
  language_mode: string;
  documents: number;
  mb: number;
  mb_ran: Record<string, number>;
  seconds: Record<string, number>;
  mb_per_s: Record<string, number | null>;
  counts: Record<string, Record<string, number>>;
  spacy: string | null;
  memory_zone_shim: boolean;
  python: string;
}
let peerPath = opt("datatrove");
if (!peerPath) {
  if (!process.env.DATATROVE_SRC)
    throw new Error("give --datatrove DECISIONS.jsonl, or set DATATROVE_SRC (and PYTHONPATH) so that this script runs bench/peers/datatrove-filters.py itself");
  peerPath = join(outDir, `datatrove-${tag}.jsonl`);
  const python = process.env.DATATROVE_PYTHON ?? "python3";
  console.log(`running datatrove: ${python} bench/peers/datatrove-filters.py --language-mode ${mode} (one core) ...`);
  const r = spawnSync(python, [join(here, "datatrove-filters.py"), samplePath, "--out", peerPath, "--language-mode", mode], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) throw new Error(`datatrove-filters.py exited with ${r.status ?? r.signal}`);
}
const peerLines = readFileSync(peerPath, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const peerSummary = (peerLines.find((l) => l.summary) as { summary: PeerSummary } | undefined)?.summary;
const peer = new Map<string, PeerRow>(peerLines.filter((l) => !l.summary).map((l: PeerRow) => [l.id, l]));
if (peerSummary && peerSummary.language_mode !== mode) throw new Error(`${peerPath} was made with --language-mode ${peerSummary.language_mode}, not ${mode}`);

// --- our side ---
const forced = mode === "default" ? { language: "en" } : {};
type Rejected = Sink<unknown, unknown>;
const FILTERS: Record<string, (rejected?: Rejected) => Step> = {
  gopher_repetition: (rejected) => gopherRepetition({ ...forced, rejected }),
  gopher_quality: (rejected) => gopherQuality({ ...forced, rejected }),
  c4_quality: (rejected) => c4Quality({ ...forced, rejected }),
  c4_quality_fineweb: (rejected) => c4Quality({ ...forced, filterNoTerminalPunct: false, rejected }),
  c4_quality_sentences: (rejected) => c4Quality({ ...forced, splitParagraph: false, rejected }),
  c4_badwords: (rejected) => c4BadWords({ failOnMissingLanguage: false, rejected }),
  fineweb_quality: (rejected) => finewebQuality({ ...forced, rejected }),
};

const toDoc = (r: SampleRow): Doc =>
  makeDoc(r.id, r.text, r.metadata.language ? { language: r.metadata.language, language_score: r.metadata.language_score } : {});
const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

/** Our decision per document: "keep" or the drop reason; for kept documents the text after the filter. */
async function decide(make: (rejected?: Rejected) => Step, rows: SampleRow[]): Promise<Map<string, { decision: string; text?: string }>> {
  const out = new Map<string, { decision: string; text?: string }>();
  const collect = sink<void, unknown>("collect", async (docs) => {
    for await (const d of docs as AsyncIterable<Doc>) out.set(d.id, { decision: String(d.meta.filter_reason) });
  });
  for await (const d of pipe(rows.map(toDoc), make(collect))) out.set(d.id, { decision: "keep", text: d.text });
  return out;
}

/** Seconds for one filter over the documents, best of `rounds` after one warm-up pass (one core, no sink). */
async function time(make: (rejected?: Rejected) => Step, rows: SampleRow[]): Promise<number> {
  let best = Infinity;
  for (let r = 0; r <= rounds; r++) {
    const docs = rows.map(toDoc);
    const step = make();
    const t0 = performance.now();
    for await (const _ of pipe(docs, step));
    const s = (performance.now() - t0) / 1000;
    if (r > 0) best = Math.min(best, s); // round 0 is the warm-up
  }
  return best;
}

const snippet = (s: string) => s.slice(0, 160).replace(/\s+/g, " ");
const tsv = ["filter\tid\tlanguage\tours\tdatatrove\tsnippet"];
const table: {
  filter: string;
  compared: number;
  agree: number;
  peerErrors: number;
  c4TextDiffers?: number;
  ours: number;
  peer: number | null;
  oursMbS: number;
  peerMbS: number | null;
  mb: number;
}[] = [];
const mbOf = (rows: SampleRow[]) => rows.reduce((n, r) => n + Buffer.byteLength(r.text), 0) / 1e6;

console.log(`compare (${mode}): ${sample.length} documents, ${mbOf(sample).toFixed(2)} MB`);
for (const [name, make] of Object.entries(FILTERS)) {
  if (!sample.every((r) => peer.get(r.id)?.decisions[name] !== undefined)) {
    console.log(`  ${name}: not in ${peerPath}, skipped`);
    continue;
  }
  const ok = sample.filter((r) => !peer.get(r.id)!.decisions[name]!.startsWith("error"));
  const ours = await decide(make, sample);
  let agree = 0;
  let c4TextDiffers = 0;
  for (const r of ok) {
    const p = peer.get(r.id)!;
    const a = ours.get(r.id)!.decision;
    const b = p.decisions[name]!;
    if (a === b) {
      agree++;
      const theirSha = p.c4_text_sha1?.[name];
      if (a === "keep" && theirSha && sha1(ours.get(r.id)!.text!) !== theirSha) {
        c4TextDiffers++;
        tsv.push(`${name}\t${r.id}\t${r.metadata.language ?? ""}\tkeep (rewritten text differs)\tkeep\t${snippet(r.text)}`);
      }
    } else tsv.push(`${name}\t${r.id}\t${r.metadata.language ?? ""}\t${a}\t${b}\t${snippet(r.text)}`);
  }
  const seconds = await time(make, ok);
  const mb = mbOf(ok);
  const peerSeconds = peerSummary?.seconds[name] ?? null;
  const peerMb = peerSummary?.mb_ran?.[name] ?? mb;
  table.push({
    filter: name,
    compared: ok.length,
    agree,
    peerErrors: sample.length - ok.length,
    ...(name.startsWith("c4_quality") ? { c4TextDiffers } : {}),
    ours: seconds,
    peer: peerSeconds,
    oursMbS: mb / seconds,
    peerMbS: peerSeconds ? peerMb / peerSeconds : null,
    mb,
  });
}

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(2) : "-");
console.log(
  `\n${"filter".padEnd(20)} ${"compared".padStart(8)} ${"agree".padStart(6)} ${"%".padStart(7)} ${"differ".padStart(6)} ${"dt err".padStart(6)}   ${"ours MB/s".padStart(9)} ${"datatrove MB/s".padStart(14)} ${"ratio".padStart(7)}`,
);
for (const t of table) {
  const ratio = t.peerMbS ? `${(t.oursMbS / t.peerMbS).toFixed(1)}x` : "-";
  console.log(
    `${t.filter.padEnd(20)} ${String(t.compared).padStart(8)} ${String(t.agree).padStart(6)} ${pct(t.agree, t.compared).padStart(7)} ${String(t.compared - t.agree).padStart(6)} ${String(t.peerErrors).padStart(6)}   ${t.oursMbS.toFixed(2).padStart(9)} ${(t.peerMbS?.toFixed(2) ?? "-").padStart(14)} ${ratio.padStart(7)}${t.c4TextDiffers !== undefined ? `   kept text differs: ${t.c4TextDiffers}` : ""}`,
  );
}
const tsvPath = join(outDir, `disagreements-${tag}.tsv`);
writeFileSync(tsvPath, tsv.join("\n") + "\n");
const jsonPath = join(outDir, `compare-${tag}.json`);
writeFileSync(
  jsonPath,
  JSON.stringify(
    {
      mode,
      tag,
      documents: sample.length,
      mb: mbOf(sample),
      peer: peerSummary
        ? { spacy: peerSummary.spacy, memoryZoneShim: peerSummary.memory_zone_shim, python: peerSummary.python, counts: peerSummary.counts }
        : null,
      filters: table,
    },
    null,
    2,
  ) + "\n",
);
console.log(`\n${tsv.length - 1} disagreements: ${tsvPath}\nsummary: ${jsonPath}`);
