// npm run bench -- scale [-- --mb 2000]
// Issue 9's corpus-scale run: a generated corpus of about 2 GB (real text recombined, with planted
// exact and near duplicates and junk), through a FineWeb-like pipeline with MinHash dedup, 16 tasks
// on 2 worker threads, in a child process whose peak RSS is reported (goal: under 1 GB). Every
// planted document carries its kind in its id, so what the run removed is counted against what
// was planted.
//
// The real text: the sample corpus's documents (examples/data) and Debian's license texts, cut into
// paragraphs and labelled by fastText; each generated document is 3-12 English paragraphs drawn
// with a seeded generator. Junk is made from the same text so that only the rule under test can
// catch it.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import { createGzip } from "node:zlib";
import { languageFilter, pipe, read, readJsonl, type Doc } from "../src/index.js";
import { DATA } from "./corpus.js";
import { record } from "./report.js";

const SHARDS = 16;

/** Planted kinds; the id of every generated document starts with one of these. */
export const KINDS = {
  base: "recombined real English paragraphs (not planted: some fail the filters on their own)",
  dupx: "exact copy of an earlier document",
  dupn: "near copy: an earlier document with ~2% of its words changed",
  gibberish: "random letter strings (Gopher: few stop words, fastText: no language)",
  repeated: "one paragraph repeated 20 times (Gopher repetition)",
  short: "fewer than 30 words (Gopher: too short)",
  listy: "a menu: many short lines without punctuation (FineWeb / C4 line rules)",
  foreign: "a document in another language (language filter)",
} as const;
export type Kind = keyof typeof KINDS;

class Random {
  constructor(private state: number) {}
  next(): number {
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    return (this.state >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

async function paragraphPools(): Promise<{ english: string[]; foreign: string[] }> {
  const english: string[] = [];
  const foreign: string[] = [];
  const docs: Doc[] = [];
  for await (const d of pipe(read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,txt,wet.gz}", { split: "paragraph" }), languageFilter())) docs.push(d);
  for (const d of docs) {
    for (const p of d.text.split(/\n{2,}|\n/)) {
      const words = p.split(/\s+/).length;
      if (d.meta.language === "en" && words >= 12 && /[.!?]$/.test(p.trim())) english.push(p.trim());
    }
    if (d.meta.language !== "en" && d.text.length > 400) foreign.push(d.text);
  }
  const licenses = "/usr/share/common-licenses";
  if (existsSync(licenses)) {
    for (const f of readdirSync(licenses).sort()) {
      for (const p of readFileSync(join(licenses, f), "utf8").split(/\n\s*\n/)) {
        const text = p.replace(/\s+/g, " ").trim();
        if (text.split(" ").length >= 12 && /[.!?]$/.test(text)) english.push(text);
      }
    }
  }
  return { english, foreign };
}

function edit(text: string, rng: Random): string {
  const words = text.split(" ");
  for (let i = 0; i < words.length; i++) if (rng.next() < 0.02) words[i] = rng.next() < 0.5 ? "" : `${words[i]}s`;
  return words.filter((w) => w !== "").join(" ");
}

function gibberish(rng: Random, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    let w = "";
    for (let k = 2 + rng.int(8); k > 0; k--) w += String.fromCharCode(97 + rng.int(26));
    out.push(w);
  }
  return `${out.join(" ")}.`;
}

/** Write ~`megabytes` MB of JSONL in SHARDS gzip shards; returns the planted counts. */
export async function generate(dir: string, megabytes: number): Promise<Record<Kind, number>> {
  const { english, foreign } = await paragraphPools();
  const rng = new Random(20261129);
  const counts = Object.fromEntries(Object.keys(KINDS).map((k) => [k, 0])) as Record<Kind, number>;
  const recent: Doc[] = [];
  const perShard = (megabytes * 1e6) / SHARDS;
  let n = 0;
  for (let s = 0; s < SHARDS; s++) {
    const gzip = createGzip({ level: 1 });
    const file = createWriteStream(join(dir, `shard-${String(s).padStart(3, "0")}.jsonl.gz`));
    gzip.pipe(file);
    let bytes = 0;
    while (bytes < perShard) {
      const roll = rng.next();
      let kind: Kind;
      let text: string;
      if (roll < 0.05 && recent.length > 0) {
        kind = "dupx";
        text = recent[rng.int(recent.length)]!.text;
      } else if (roll < 0.1 && recent.length > 0) {
        kind = "dupn";
        text = edit(recent[rng.int(recent.length)]!.text, rng);
      } else if (roll < 0.12) {
        kind = "gibberish";
        text = Array.from({ length: 3 + rng.int(5) }, () => gibberish(rng, 40 + rng.int(60))).join("\n\n");
      } else if (roll < 0.14) {
        kind = "repeated";
        const paragraph = english[rng.int(english.length)]!;
        text = Array.from({ length: 20 }, () => paragraph).join("\n\n");
      } else if (roll < 0.16) {
        kind = "short";
        text = english[rng.int(english.length)]!.split(" ")
          .slice(0, 8 + rng.int(20))
          .join(" ");
      } else if (roll < 0.18) {
        kind = "listy";
        text = Array.from({ length: 40 + rng.int(40) }, () =>
          english[rng.int(english.length)]!.split(" ")
            .slice(0, 1 + rng.int(3))
            .join(" ")
            .replace(/[.,;:!?]+$/, ""),
        ).join("\n");
      } else if (roll < 0.2) {
        kind = "foreign";
        text = foreign[rng.int(foreign.length)]!;
      } else {
        kind = "base";
        text = Array.from({ length: 3 + rng.int(10) }, () => english[rng.int(english.length)]!).join("\n\n");
      }
      const doc = { id: `${kind}-${n++}`, text, meta: {} };
      if (kind === "base") {
        if (recent.length < 2000) recent.push(doc);
        else recent[rng.int(recent.length)] = doc;
      }
      counts[kind]++;
      const line = `${JSON.stringify({ id: doc.id, text })}\n`;
      bytes += Buffer.byteLength(line);
      if (!gzip.write(line)) await once(gzip, "drain");
    }
    gzip.end();
    await once(file, "close");
  }
  return counts;
}

export async function benchScale(): Promise<void> {
  const at = process.argv.indexOf("--mb");
  const megabytes = at > 0 ? Number(process.argv[at + 1]) : 2000;
  const dir = join(DATA, `scale-${megabytes}`);
  const input = join(dir, "input");
  const output = join(dir, "output");
  console.log(`scale: ${megabytes} MB of generated JSONL (real text recombined, planted duplicates and junk), ${SHARDS} shards`);
  let planted: Record<Kind, number>;
  const plantedFile = join(dir, "planted.json");
  if (existsSync(plantedFile)) {
    planted = JSON.parse(readFileSync(plantedFile, "utf8")) as Record<Kind, number>;
  } else {
    await rm(dir, { recursive: true, force: true });
    await mkdir(input, { recursive: true });
    const t0 = performance.now();
    planted = await generate(input, megabytes);
    await import("node:fs/promises").then((fs) => fs.writeFile(plantedFile, JSON.stringify(planted)));
    console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  await rm(output, { recursive: true, force: true });
  const config = {
    input: join(input, "*.jsonl.gz"),
    steps: [
      { step: "normalize" },
      { step: "language", languages: ["en"], threshold: 0.65 },
      { step: "gopher_repetition" },
      { step: "gopher_quality" },
      { step: "c4_quality", filterNoTerminalPunct: false },
      { step: "fineweb_quality" },
      { step: "minhash_dedup" },
    ],
    output: { dir: output, compression: "gzip" },
    tasks: SHARDS,
    workers: 2,
  };
  // the run in its own process, so that its peak RSS (worker threads included) is its own
  const child = spawn(process.execPath, ["--import", "tsx", "bench/scale-run.ts", JSON.stringify(config)], { stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const [code] = (await once(child, "exit")) as [number];
  if (code !== 0) throw new Error(`the scale run failed (exit ${code})`);
  const run = JSON.parse(stdout.trim().split("\n").pop()!) as { seconds: number; maxRssMB: number; inputMB: number; documents: number };
  const kept = Object.fromEntries(Object.keys(KINDS).map((k) => [k, 0])) as Record<Kind, number>;
  for await (const d of readJsonl(output)) kept[d.id.split("-")[0] as Kind]++;
  console.log(
    `  ${run.inputMB.toFixed(0)} MB in ${run.seconds.toFixed(0)} s: ${(run.inputMB / run.seconds).toFixed(2)} MB/s on 2 worker threads; peak RSS ${run.maxRssMB.toFixed(0)} MB (goal < 1024)`,
  );
  record({
    what: `${run.inputMB.toFixed(0)} MB generated corpus, FineWeb-like + MinHash, 2 threads`,
    ours: `${(run.inputMB / run.seconds).toFixed(2)} MB/s, peak RSS ${run.maxRssMB.toFixed(0)} MB`,
    goal: "RSS < 1 GB",
  });
  console.log(`  ${"kind".padEnd(10)} ${"planted".padStart(9)} ${"removed".padStart(9)} ${"".padStart(7)}  what`);
  for (const kind of Object.keys(KINDS) as Kind[]) {
    const removed = planted[kind] - kept[kind];
    record({ what: `planted ${kind} removed`, ours: `${removed} of ${planted[kind]}` });
    console.log(
      `  ${kind.padEnd(10)} ${String(planted[kind]).padStart(9)} ${String(removed).padStart(9)} ${`${((100 * removed) / Math.max(1, planted[kind])).toFixed(1)}%`.padStart(7)}  ${KINDS[kind]}`,
    );
  }
}
