// npm run bench -- url_filter
// urlFilter against datatrove's URLFilter run from its source (DATATROVE_SRC, see bench/peers/README.md;
// also needs Debian's python3-tldextract and python3-ahocorasick) on the same 60,000 URLs in the
// same run: every verdict compared, URLs a second for each. Without DATATROVE_SRC only ours is timed.
// The URLs: hosts built from a fixed list of registrable names under ICANN and private suffixes (co.uk,
// blogspot.com, github.io), paths from English words of the sample corpus mixed with words of the
// bundled lists (some upper-cased, which datatrove does not lowercase), and 5% of the registered
// domains and a few whole host names blocked. No goal: the URL filter is a small part of a WARC
// pipeline's time; the figure says how small.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipe, read, sink, type Doc } from "../src/index.js";
import { urlFilter } from "../src/extract/url-filter.js";
import urlWords from "../src/extract/data/url-words.json" with { type: "json" };
import { record } from "./report.js";

const N = 60_000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

async function makeUrls(): Promise<{ urls: string[]; blocked: string[] }> {
  const words: string[] = [];
  for await (const d of read("examples/data/licenses.csv")) for (const w of d.text.toLowerCase().match(/[a-z]{3,12}/g) ?? []) words.push(w);
  const next = rng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const suffixes = ["com", "org", "net", "de", "fr", "co.uk", "com.au", "blogspot.com", "github.io", "info", "example"];
  const listWords = [...urlWords.banned_words, ...urlWords.soft_banned_words, ...urlWords.banned_subwords];
  const names = Array.from({ length: 4000 }, (_, i) => `${pick(words)}${i % 7 === 0 ? "-" + pick(words) : ""}${i}`);
  const registered = names.map((n) => `${n}.${pick(suffixes)}`);
  const urls: string[] = [];
  for (let i = 0; i < N; i++) {
    const domain = pick(registered);
    const host = next() < 0.5 ? domain : `${pick(["www", "blog", "news", "shop", "m", pick(words)])}.${domain}`;
    const parts = Array.from({ length: 1 + Math.floor(next() * 6) }, () => {
      if (next() < 0.04) {
        const w = pick(listWords);
        return next() < 0.2 ? w.toUpperCase() : w;
      }
      return pick(words);
    });
    const query = next() < 0.3 ? `?id=${i}&ref=${pick(words)}` : "";
    urls.push(`${next() < 0.8 ? "https" : "http"}://${host}/${parts.join(pick(["/", "-", "_", "."]))}${query}`);
  }
  const blocked = registered.filter(() => next() < 0.05);
  blocked.push(...urls.slice(0, 40).map((u) => new URL(u).hostname));
  return { urls, blocked };
}

export async function benchUrlFilter(): Promise<void> {
  const { urls, blocked } = await makeUrls();
  const docs: Doc[] = urls.map((url, i) => ({ id: String(i), text: "x", meta: { url } }));
  const ours: (string | true)[] = new Array(N).fill(true);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const verdicts: (string | true)[] = new Array(N).fill(true);
    const rejected = sink("bench_rejected", async (stream: AsyncIterable<Doc>) => {
      for await (const d of stream) verdicts[Number(d.id)] = String(d.meta.filter_reason);
    });
    const t0 = performance.now();
    for await (const _ of pipe(docs, urlFilter({ extraDomains: blocked, rejected }))) void _;
    best = Math.min(best, (performance.now() - t0) / 1000);
    ours.splice(0, N, ...verdicts);
  }
  const oursRate = N / best;
  console.log(`ours: ${N} URLs in ${best.toFixed(3)} s = ${Math.round(oursRate)} URLs/s (best of 3); dropped ${ours.filter((v) => v !== true).length}`);

  const src = process.env.DATATROVE_SRC;
  if (!src) {
    console.log("datatrove: DATATROVE_SRC not set, peer not run (bench/peers/README.md)");
    record({ what: "url_filter, URLs/s", ours: String(Math.round(oursRate)) });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "corpuskit-bench-url-"));
  try {
    writeFileSync(join(dir, "urls.jsonl"), urls.map((url) => JSON.stringify({ url })).join("\n") + "\n");
    writeFileSync(join(dir, "domains.txt"), blocked.join("\n") + "\n");
    const py = spawnSync(
      "/usr/bin/python3",
      ["bench/peers/datatrove-url-filter.py", join(dir, "urls.jsonl"), join(dir, "domains.txt"), join(dir, "out.jsonl")],
      {
        encoding: "utf8",
        env: { ...process.env, PYTHONPATH: ["bench/peers/shims", process.env.PYTHONPATH].filter(Boolean).join(":") },
      },
    );
    if (py.status !== 0) throw new Error(`datatrove-url-filter.py failed: ${py.stderr}`);
    const peer = JSON.parse(py.stdout.trim().split("\n").pop()!) as { seconds: number };
    const theirs = readFileSync(join(dir, "out.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as string | true);
    const differ = theirs.map((v, i) => [i, v] as const).filter(([i, v]) => v !== ours[i]);
    const peerRate = N / peer.seconds;
    console.log(`datatrove URLFilter: ${Math.round(peerRate)} URLs/s (best of 3); ratio ${(oursRate / peerRate).toFixed(2)}x`);
    console.log(`verdicts: ${N - differ.length}/${N} identical`);
    for (const [i, v] of differ.slice(0, 10)) console.log(`  differ: ${urls[i]}  ours=${String(ours[i])}  datatrove=${String(v)}`);
    const reasons = new Map<string, number>();
    for (const v of theirs) if (v !== true) reasons.set(v, (reasons.get(v) ?? 0) + 1);
    console.log(`datatrove's drops: ${[...reasons].map(([k, n]) => `${k} ${n}`).join(", ")}`);
    record({
      what: "url_filter, URLs/s",
      ours: String(Math.round(oursRate)),
      peer: `${Math.round(peerRate)} (datatrove URLFilter)`,
      ratio: `${(oursRate / peerRate).toFixed(2)}x`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
