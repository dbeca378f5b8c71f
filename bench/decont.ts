// npm run bench -- decont
// Benchmark decontamination with MMLU-, GSM8K- and C-Eval-sized indexes. The real sets are not
// available offline here, so the items are synthetic, of the real sets' counts and lengths
// (MMLU 15,858 items: a ~45-word question and four ~6-word choices; GSM8K 8,792: a ~45-word problem
// and a ~50-word solution; C-Eval 13,948: a ~50-character question and four ~8-character options),
// their words drawn from the sample corpus's own English and Chinese vocabulary. Then:
// 1. index: build time, entries, file size and memory once loaded;
// 2. a planted set: items planted in sample pages (verbatim, re-spaced, re-punctuated, embedded),
//    and near misses (runs of 8-10 item words between other words): caught / kept;
// 3. speed: findContamination over the whole sample corpus plus the planted set, MB/s of one core;
// 4. datatrove's NGramsDecontFilter on the same documents in the same run, when DATATROVE_SRC and
//    DATATROVE_PYTHON are set (bench/peers/README.md): its decisions against ours, its MB/s.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { read } from "../src/io/read.js";
import { hasHan } from "../src/clean/ngram-hashes.js";
import { DecontIndex, DecontIndexBuilder } from "../src/clean/ngram-index.js";
import { findContamination } from "../src/clean/decontaminate.js";
import { record } from "./report.js";

interface Item {
  benchmark: string;
  language: "en" | "zh";
  id: string;
  query: string;
  answer: string;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

export function syntheticItems(enWords: string[], zhChars: string[]): Item[] {
  const rand = lcg(42);
  const words = (k: number) => Array.from({ length: k }, () => enWords[Math.floor(rand() * enWords.length)]!).join(" ");
  const chars = (k: number) => Array.from({ length: k }, () => zhChars[Math.floor(rand() * zhChars.length)]!).join("");
  const around = (mean: number) => Math.max(3, Math.round(mean * (0.5 + rand())));
  const items: Item[] = [];
  for (let i = 0; i < 15858; i++) {
    const choices = Array.from({ length: 4 }, () => words(around(6)));
    items.push({ benchmark: "mmlu", language: "en", id: `mmlu-${i}`, query: [`${words(around(45))}?`, ...choices].join("\n"), answer: choices[i % 4]! });
  }
  for (let i = 0; i < 8792; i++)
    items.push({ benchmark: "gsm8k", language: "en", id: `gsm8k-${i}`, query: `${words(around(45))}?`, answer: `${words(around(50))}.\n#### ${i % 97}` });
  for (let i = 0; i < 13948; i++) {
    const options = Array.from({ length: 4 }, () => chars(around(8)));
    items.push({ benchmark: "c-eval", language: "zh", id: `c-eval-${i}`, query: [`${chars(around(50))}？`, ...options].join("\n"), answer: options[i % 4]! });
  }
  return items;
}

export function plantedSet(items: Item[], pages: string[], zhPages: string[]): { id: string; text: string; planted: boolean }[] {
  const rand = lcg(7);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!;
  const out: { id: string; text: string; planted: boolean }[] = [];
  const en = items.filter((i) => i.language === "en");
  const zh = items.filter((i) => i.language === "zh");
  for (let k = 0; k < 200; k++) {
    const item = pick(en);
    const q = item.query.split("\n")[0]!;
    const variants = [
      q,
      q.replace(/ /g, "  ").replace(/(\S+ \S+ \S+ \S+) /g, "$1\n"),
      q.replace(/ (\S+) /g, (_, w: string) => (rand() < 0.2 ? ` ${w}, ` : ` ${w} `)).replace(/\?$/, "!"),
      `${pick(pages)}\n\n${q}\n\n${pick(pages)}`,
      // the whole item, choices and answer run into the paragraph (an MMLU answer alone is ~6 words:
      // no 12-gram, never caught, as in datatrove)
      `${pick(pages)} ${item.query.replace(/\n/g, " ")} Answer: ${item.answer.replace(/\n/g, " ")} ${pick(pages)}`,
    ];
    out.push({ id: `planted-en-${k}`, text: variants[k % variants.length]!, planted: true });
    // a near miss: at most 10 of the question's words in a row, other words between the runs
    const words = q.split(" ");
    const runs: string[] = [];
    for (let s = 0; s < words.length; s += 10) runs.push(words.slice(s, s + 9).join(" "));
    out.push({ id: `near-en-${k}`, text: `${pick(pages).slice(0, 800)} ${runs.join(" and then ")} ${pick(pages).slice(0, 800)}`, planted: false });
  }
  for (let k = 0; k < 100; k++) {
    const item = pick(zh);
    const q = item.query.split("\n")[0]!;
    out.push({ id: `planted-zh-${k}`, text: `${pick(zhPages).slice(0, 1500)}${q}${pick(zhPages).slice(0, 1500)}`, planted: true });
  }
  return out;
}

export async function benchDecont(): Promise<void> {
  const sample: { id: string; text: string }[] = [];
  for await (const doc of read("examples/data")) sample.push({ id: doc.id, text: doc.text });
  const enWords = [...new Set(sample.filter((d) => !hasHan(d.text)).flatMap((d) => d.text.split(/\s+/).filter((w) => /^[A-Za-z]{2,}$/.test(w))))];
  const zhChars = [...new Set(sample.filter((d) => hasHan(d.text)).flatMap((d) => d.text.match(/\p{Script=Han}/gu) ?? []))];
  const items = syntheticItems(enWords, zhChars);
  console.log(
    `synthetic benchmark items: ${items.length} (mmlu 15,858, gsm8k 8,792, c-eval 13,948), vocabulary ${enWords.length} English words, ${zhChars.length} Han characters from the sample`,
  );

  // 1. the index
  let t0 = performance.now();
  const builder = new DecontIndexBuilder({ n: 12, queryNgrams: true, overlapNgrams: true });
  for (const name of ["mmlu", "gsm8k", "c-eval"]) {
    builder.beginBenchmark(name, name === "c-eval" ? "zh-words" : "spaced", "synthetic");
    for (const item of items) if (item.benchmark === name) builder.add(item);
  }
  const built = builder.finish();
  const buildSeconds = (performance.now() - t0) / 1000;
  const file = join(tmpdir(), `corpuskit-decont-bench-${process.pid}.idx`);
  await built.write(file);
  const heapBefore = process.memoryUsage();
  t0 = performance.now();
  const index = DecontIndex.load(file);
  const loadSeconds = (performance.now() - t0) / 1000;
  const heapAfter = process.memoryUsage();
  const fileBytes = readFileSync(file).length;
  console.log(
    `index: ${index.size.toLocaleString("en")} n-grams (${index.header.benchmarks.map((b) => `${b.name} ${b.ngrams.toLocaleString("en")}`).join(", ")}), built in ${buildSeconds.toFixed(1)} s`,
  );
  console.log(
    `index file ${(fileBytes / 1e6).toFixed(1)} MB, loaded in ${loadSeconds.toFixed(2)} s; in memory: ${(index.byteLength / 1e6).toFixed(1)} MB of arrays (+${((heapAfter.heapUsed - heapBefore.heapUsed) / 1e6).toFixed(1)} MB heap for the item table, rss +${((heapAfter.rss - heapBefore.rss) / 1e6).toFixed(1)} MB)`,
  );
  record({
    what: "index (MMLU+GSM8K+C-Eval sized, synthetic), memory",
    ours: `${(index.byteLength / 1e6).toFixed(1)} MB arrays, ${(fileBytes / 1e6).toFixed(1)} MB file`,
  });

  // 2. the planted set
  const pages = sample.filter((d) => !hasHan(d.text) && d.text.length > 1000).map((d) => d.text);
  const zhPages = sample.filter((d) => hasHan(d.text) && d.text.length > 1000).map((d) => d.text);
  const planted = plantedSet(items, pages, zhPages);
  const caught = planted.filter((d) => d.planted && findContamination(index, d.text)).length;
  const falsePositives = planted.filter((d) => !d.planted && findContamination(index, d.text)).length;
  const plantedCount = planted.filter((d) => d.planted).length;
  console.log(`planted: ${caught}/${plantedCount} caught; near misses flagged: ${falsePositives}/${planted.length - plantedCount}`);

  // 3. speed over the sample and the planted set
  const docs = [...sample.map((d) => ({ ...d, planted: false })), ...planted];
  const bytes = docs.reduce((s, d) => s + Buffer.byteLength(d.text), 0);
  const ours: boolean[] = [];
  const oursRuns: number[] = [];
  // CPU time of this thread, not wall time: the machine is shared, and a per-core rate is what the
  // goal asks for (datatrove's side uses time.process_time, the same measure)
  const cpuSeconds = (f: () => void) => {
    const c = process.cpuUsage();
    f();
    const d = process.cpuUsage(c);
    return (d.user + d.system) / 1e6;
  };
  for (let run = 0; run < 3; run++) {
    oursRuns.push(
      cpuSeconds(() => {
        for (let i = 0; i < docs.length; i++) ours[i] = findContamination(index, docs[i]!.text) !== undefined;
      }),
    );
  }
  const oursMbs = oursRuns.map((s) => bytes / 1e6 / s);
  console.log(`corpuskit: ${docs.length} documents, ${(bytes / 1e6).toFixed(1)} MB, ${oursMbs.map((m) => m.toFixed(1)).join(" / ")} MB/s of CPU time (3 runs)`);
  const sampleFlagged = ours.slice(0, sample.length).filter(Boolean).length;
  console.log(`sample documents flagged: ${sampleFlagged}/${sample.length} (the synthetic items are random word sequences: expected 0)`);

  // 4. datatrove, same documents, same run
  let peer = "";
  let ratio = "";
  const src = process.env.DATATROVE_SRC;
  const python = process.env.DATATROVE_PYTHON ?? "/usr/bin/python3";
  if (src) {
    const work = join(tmpdir(), `corpuskit-decont-peer-${process.pid}`);
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, "items.jsonl"), items.map((i) => JSON.stringify(i)).join("\n") + "\n");
    writeFileSync(join(work, "docs.jsonl"), docs.map((d) => JSON.stringify({ id: d.id, text: d.text, han: hasHan(d.text) })).join("\n") + "\n");
    const child = spawnSync(python, ["bench/peers/datatrove-decont.py", work], { encoding: "utf8", env: process.env, maxBuffer: 1 << 28 });
    if (child.status !== 0) console.log(`datatrove failed: ${child.stderr.split("\n").slice(-5).join(" | ")}`);
    else {
      const summary = JSON.parse(child.stdout.trim().split("\n").pop()!) as {
        filter_seconds: number;
        bytes: number;
        hashes: Record<string, number>;
        index_seconds: Record<string, number>;
      };
      const theirs = readFileSync(join(work, "datatrove.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { contaminated: boolean }).contaminated);
      const agree = theirs.filter((c, i) => c === ours[i]).length;
      const plantedAgree = docs.map((d, i) => [d, i] as const).filter(([d]) => d.id.startsWith("planted") || d.id.startsWith("near"));
      const plantedSame = plantedAgree.filter(([, i]) => theirs[i] === ours[i]).length;
      const dtMbs = summary.bytes / 1e6 / summary.filter_seconds;
      console.log(
        `datatrove: hashes ${Object.entries(summary.hashes)
          .map(([k, v]) => `${k} ${v.toLocaleString("en")}`)
          .join(", ")}; index built in ${Object.values(summary.index_seconds)
          .reduce((a, b) => a + b, 0)
          .toFixed(1)} s`,
      );
      console.log(
        `datatrove: ${dtMbs.toFixed(2)} MB/s; decisions equal on ${agree}/${docs.length} documents (planted set ${plantedSame}/${plantedAgree.length})`,
      );
      const differ = docs.filter((_, i) => theirs[i] !== ours[i]).slice(0, 5);
      for (const d of differ) console.log(`  differs: ${d.id} ours=${ours[docs.indexOf(d)]} datatrove=${theirs[docs.indexOf(d)]}`);
      const standIn = process.env.DECONT_TOKENIZER === "split";
      if (standIn)
        console.log(
          "datatrove's word tokenizer stood in for (DECONT_TOKENIZER=split): English str.split(), Chinese Python jieba (see bench/peers/datatrove-decont.py)",
        );
      peer = `${dtMbs.toFixed(2)} (datatrove${standIn ? ", spaCy stood in by str.split" : ""})`;
      ratio = `${(Math.max(...oursMbs) / dtMbs).toFixed(1)}x`;
      // a second round of ours after the peer: the machine is shared, report the range
      const again =
        bytes /
        1e6 /
        cpuSeconds(() => {
          for (const d of docs) findContamination(index, d.text);
        });
      console.log(`corpuskit again after datatrove: ${again.toFixed(1)} MB/s`);
      oursMbs.push(again);
    }
  } else console.log("datatrove: not run (set DATATROVE_SRC, see bench/peers/README.md)");
  record({
    what: "decontaminate, MB/s per core (sample + planted)",
    ours: `${Math.min(...oursMbs).toFixed(1)}-${Math.max(...oursMbs).toFixed(1)}`,
    ...(peer ? { peer, ratio } : {}),
    goal: ">= 20",
  });
  record({ what: "planted items caught / near misses flagged", ours: `${caught}/${plantedCount}, ${falsePositives}/${planted.length - plantedCount}` });
}
