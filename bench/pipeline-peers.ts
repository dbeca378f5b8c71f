// npm run bench -- pipeline-peers [-- --mb 20]
// Issue 20: the FineWeb-like pipeline end to end, corpuskit against datatrove from its source, in
// the same run, on the same generated corpus (bench/scale.ts's generator: real English paragraphs
// recombined, with planted duplicates and junk), one core each. Steps, in order, each document
// stopping at the first step that drops it: normalize, language (en, 0.65, lid.176.ftz for both),
// Gopher repetition, Gopher quality, C4 quality (no terminal-punctuation rule, as datatrove's
// examples/fineweb.py sets it), FineWeb quality, then MinHash signatures of the kept documents
// (stage 1's per-document work; no file writes on either side).
//
// datatrove runs in bench/peers/datatrove-pipeline.py (DATATROVE_SRC, PYTHONPATH, HF_ASSETS_CACHE and
// DATATROVE_PYTHON as bench/peers/README.md sets them up); without DATATROVE_SRC only ours runs.
// CPU seconds: ours from process.cpuUsage() around the run (GC included) and each step's own
// seconds from process.cpuUsage() at each boundary of the chain; datatrove's from time.process_time() around each call.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, writeFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { MinHasher } from "../src/dedup/minhash/minhasher.js";
import { c4Quality, finewebQuality, gopherQuality, gopherRepetition, languageFilter, loadLanguageModel, normalize, readJsonl, type Doc } from "../src/index.js";
import { Stats } from "../src/pipeline/stats.js";
import type { Step, StepContext } from "../src/pipeline/step.js";
import { DATA } from "./corpus.js";
import { record } from "./report.js";
import { generate } from "./scale.js";

const STEPS = ["normalize", "language", "gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality", "minhash"] as const;

function lidModelPath(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("fasttext.wasm.js");
  return join(entry.slice(0, entry.lastIndexOf("/fasttext.wasm.js/") + "/fasttext.wasm.js/".length), "dist/models/language-identification/assets/lid.176.ftz");
}

/** MinHash stage 1's per-document work, as a step: the signature and band keys of every document. */
function minhashSignatureOnly(): Step {
  const hasher = new MinHasher({ language: "en" });
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    for await (const doc of docs) {
      if (hasher.compute(doc.text)) ctx.stats.add("signed");
      yield doc;
    }
  };
  return Object.assign(run, { stepName: "minhash" });
}

interface Ours {
  cpu: number;
  seconds: Record<string, number>;
  kept: Set<string>;
  dropped: Record<string, number>;
}

const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

/** Count the CPU seconds the consumer waits at one boundary of the chain (pipe()'s own timing is wall time). */
async function* cpuMeasured(items: AsyncIterable<Doc> | Iterable<Doc>, link: { inclusive: number }): AsyncIterable<Doc> {
  let t0 = cpuNow();
  for await (const item of items) {
    link.inclusive += cpuNow() - t0;
    yield item;
    t0 = cpuNow();
  }
  link.inclusive += cpuNow() - t0;
}

async function runOurs(docs: Doc[]): Promise<Ours> {
  await loadLanguageModel();
  const steps = [
    normalize(),
    languageFilter({ languages: ["en"], threshold: 0.65 }),
    gopherRepetition(),
    gopherQuality(),
    c4Quality({ filterNoTerminalPunct: false }),
    finewebQuality(),
    minhashSignatureOnly(),
  ];
  // the steps chained as pipe() chains them, with CPU time at each boundary: a step's own time is
  // its boundary's inclusive time minus the previous boundary's
  const controller = new AbortController();
  const links = [{ inclusive: 0 }];
  const stats: Stats[] = [];
  let current = cpuMeasured(docs, links[0]!);
  for (const step of steps) {
    const s = new Stats(step.stepName ?? "step");
    stats.push(s);
    const link = { inclusive: 0 };
    links.push(link);
    current = cpuMeasured(step(current, { rank: 0, worldSize: 1, stats: s, signal: controller.signal }) as AsyncIterable<Doc>, link);
  }
  const c0 = cpuNow();
  const kept = new Set<string>();
  for await (const d of current) kept.add(d.id);
  const cpu = cpuNow() - c0;
  const seconds: Record<string, number> = {};
  const dropped: Record<string, number> = {};
  stats.forEach((s, i) => {
    seconds[STEPS[i]!] = links[i + 1]!.inclusive - links[i]!.inclusive;
    dropped[STEPS[i]!] = s.get("dropped");
  });
  return { cpu, seconds, kept, dropped };
}

interface Peer {
  documents: number;
  mb: number;
  seconds: Record<string, number>;
  total: number;
  decisions: Record<string, string>;
}

async function runDatatrove(jsonl: string): Promise<Peer> {
  const python = process.env.DATATROVE_PYTHON ?? "/usr/bin/python3";
  const child = spawn(python, ["bench/peers/datatrove-pipeline.py", jsonl, "--model", lidModelPath()], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, "exit")) as [number];
  if (code !== 0) throw new Error(`datatrove-pipeline.py exited with ${code}`);
  return JSON.parse(out.trim().split("\n").pop()!) as Peer;
}

export async function benchPipelinePeers(): Promise<void> {
  const at = process.argv.indexOf("--mb");
  const megabytes = at > 0 ? Number(process.argv[at + 1]) : 20;
  const dir = join(DATA, `pipeline-peers-${megabytes}`);
  const jsonl = join(dir, "docs.jsonl");
  if (!existsSync(jsonl)) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, "input"), { recursive: true });
    await generate(join(dir, "input"), megabytes);
    const out = createWriteStream(jsonl);
    for await (const d of readJsonl(join(dir, "input", "*.jsonl.gz"))) {
      if (!out.write(`${JSON.stringify({ id: d.id, text: d.text })}\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "close");
  }
  const docs: Doc[] = [];
  for await (const d of readJsonl(jsonl)) docs.push(d);
  const mb = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0) / 1e6;
  console.log(`pipeline-peers: ${docs.length} documents, ${mb.toFixed(1)} MB (generated, bench/scale.ts), one core each`);
  console.log("  normalize, language (en, 0.65), gopher_repetition, gopher_quality, c4_quality (no terminal punct), fineweb_quality, MinHash signatures");

  // ours, datatrove, ours: the machine is shared, so ours is measured on both sides of the peer
  const fresh = () => docs.map((d) => ({ id: d.id, text: d.text, meta: {} }));
  await runOurs(fresh()); // warm up: model load, JIT, the word caches (a long run is past all three)
  const a = await runOurs(fresh());
  let peer: Peer | undefined;
  if (process.env.DATATROVE_SRC) peer = await runDatatrove(jsonl);
  else console.log("  datatrove: skipped (set DATATROVE_SRC etc., see bench/peers/README.md)");
  const b = await runOurs(fresh());
  const ours = a.cpu <= b.cpu ? a : b;

  const fmt = (x: number, w = 8) => x.toFixed(2).padStart(w);
  console.log(
    `\n  ${"step".padEnd(18)} ${"ours CPU s".padStart(11)} ${"share".padStart(6)} ${"datatrove s".padStart(12)} ${"share".padStart(6)} ${"ratio".padStart(8)}`,
  );
  const oursSteps = STEPS.reduce((n, s) => n + ours.seconds[s]!, 0);
  const peerSteps = peer ? STEPS.reduce((n, s) => n + peer.seconds[s]!, 0) : 0;
  for (const s of STEPS) {
    const o = ours.seconds[s]!;
    const t = peer?.seconds[s];
    console.log(
      `  ${s.padEnd(18)} ${fmt(o, 11)} ${`${((100 * o) / oursSteps).toFixed(0)}%`.padStart(6)} ${t === undefined ? "-".padStart(12) : fmt(t, 12)} ${t === undefined ? "" : `${((100 * t) / peerSteps).toFixed(0)}%`.padStart(6)} ${t === undefined ? "" : `${(t / o).toFixed(1)}x`.padStart(8)}`,
    );
  }
  console.log(`  ${"steps".padEnd(18)} ${fmt(oursSteps, 11)} ${"".padStart(6)} ${peer ? fmt(peerSteps, 12) : "-".padStart(12)}`);
  console.log(
    `  ours: ${fmt(a.cpu, 0)} / ${fmt(b.cpu, 0)} CPU s (two runs around datatrove's) = ${(mb / a.cpu).toFixed(2)} / ${(mb / b.cpu).toFixed(2)} MB/s per core; kept ${ours.kept.size}`,
  );
  if (!peer) {
    record({ what: `FineWeb-like + MinHash signatures, ${mb.toFixed(0)} MB, one core`, ours: `${(mb / ours.cpu).toFixed(2)} MB/s`, goal: ">= 10x datatrove" });
    return;
  }
  const peerKept = Object.values(peer.decisions).filter((v) => v === "keep").length;
  console.log(`  datatrove: ${fmt(peer.total, 0)} CPU s = ${(mb / peer.total).toFixed(3)} MB/s per core; kept ${peerKept}`);
  const ratioA = peer.total / a.cpu;
  const ratioB = peer.total / b.cpu;
  console.log(`  ratio (datatrove CPU s / ours): ${Math.min(ratioA, ratioB).toFixed(1)}-${Math.max(ratioA, ratioB).toFixed(1)}x (goal >= 10x)`);

  // decisions: kept or dropped, and for the documents both drop, at which step
  const oursDropped = new Map<string, number>(Object.entries(ours.dropped));
  let differ = 0;
  const examples: string[] = [];
  for (const d of docs) {
    const theirs = peer.decisions[d.id] ?? "missing";
    if (ours.kept.has(d.id) !== (theirs === "keep")) {
      differ++;
      if (examples.length < 15) examples.push(`${d.id}: ours ${ours.kept.has(d.id) ? "keep" : "drop"}, datatrove ${theirs}`);
    }
  }
  const peerDropped: Record<string, number> = {};
  for (const v of Object.values(peer.decisions)) if (v !== "keep") peerDropped[v.split(":")[0]!] = (peerDropped[v.split(":")[0]!] ?? 0) + 1;
  console.log(`  keep/drop decisions differ on ${differ} of ${docs.length} documents`);
  console.log(
    `  dropped per step (ours / datatrove): ${STEPS.filter((s) => s !== "minhash")
      .map((s) => `${s} ${oursDropped.get(s) ?? 0}/${peerDropped[s] ?? 0}`)
      .join(", ")}`,
  );
  for (const e of examples) console.log(`    ${e}`);
  writeFileSync(join(dir, "datatrove-decisions.json"), JSON.stringify(peer.decisions));

  record({
    what: `FineWeb-like + MinHash signatures, ${mb.toFixed(0)} MB, one core`,
    ours: `${(mb / Math.max(a.cpu, b.cpu)).toFixed(2)}-${(mb / Math.min(a.cpu, b.cpu)).toFixed(2)} MB/s`,
    peer: `${(mb / peer.total).toFixed(3)} MB/s`,
    ratio: `${Math.min(ratioA, ratioB).toFixed(1)}-${Math.max(ratioA, ratioB).toFixed(1)}x`,
    goal: ">= 10x",
  });
  record({ what: "keep/drop decisions that differ", ours: `${differ} of ${docs.length}` });
}
