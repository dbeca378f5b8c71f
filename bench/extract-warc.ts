// The FineWeb pipeline from WARC (part of `npm run bench -- extract`): a WARC of N MB of real pages
// (the article-extraction benchmark's 181 pages repeated under new URLs, one gzip member per record as
// Common Crawl writes them) run through bench/warc-pipeline-child.ts in a child process, at two
// sizes: MB/s of HTML per core, and peak RSS at both sizes (flat memory: the bigger input must not
// need more). Sizes: EXTRACT_BENCH_WARC_MB="100,1000" (default "50,200": a quick run).
import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { WARCRecord, WARCSerializer } from "warcio";
import { record } from "./report.js";

export interface WarcPage {
  id: string;
  html: string;
}

/** Write (or reuse) a WARC of about `mb` MB of HTML made of `pages` repeated. */
async function makeWarc(pages: WarcPage[], mb: number): Promise<string> {
  const path = join(tmpdir(), `corpuskit-bench-pages-${mb}mb.warc.gz`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  const part = `${path}.part`;
  const out = createWriteStream(part);
  let bytes = 0;
  for (let round = 0; bytes < mb * 1e6; round++) {
    for (const page of pages) {
      const body = Buffer.from(page.html, "utf8");
      const url = `https://bench.example.org/${round}/${page.id}.html`;
      const rec = WARCRecord.create(
        {
          url,
          date: "2024-05-01T09:00:00Z",
          type: "response",
          warcVersion: "WARC/1.0",
          statusline: "HTTP/1.1 200 OK",
          httpHeaders: { "Content-Type": "text/html; charset=utf-8", "Content-Length": String(body.length) },
        },
        [body],
      );
      if (!out.write(await WARCSerializer.serialize(rec, { gzip: true }))) await once(out, "drain");
      bytes += body.length;
      if (bytes >= mb * 1e6) break;
    }
  }
  out.end();
  await once(out, "finish");
  execFileSync("mv", [part, path]);
  return path;
}

interface ChildResult {
  warcMB: number;
  htmlMB: number;
  pages: number;
  kept: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  samples: { inputMB: number; rssMB: number }[];
  steps: Record<string, number>;
}

function runChild(warc: string): ChildResult {
  const out = mkdtempSync(join(tmpdir(), "corpuskit-warc-out-"));
  try {
    const json = execFileSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "warc-pipeline-child.ts"), warc, out], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
      stdio: ["ignore", "pipe", "inherit"],
    });
    return JSON.parse(json.trim().split("\n").pop()!) as ChildResult;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function benchWarcPipeline(pages: WarcPage[]): Promise<void> {
  const sizes = (process.env.EXTRACT_BENCH_WARC_MB ?? "50,200").split(",").map(Number);
  console.log(`FineWeb pipeline from WARC (read, url_filter, extract, language en, Gopher x2, C4, FineWeb, write), one thread:`);
  const results: ChildResult[] = [];
  for (const mb of sizes) {
    const warc = await makeWarc(pages, mb);
    const r = runChild(warc);
    results.push(r);
    // RSS as the input goes through: start-up done at a tenth, then whether it keeps growing
    const at = (share: number) => r.samples.find((s) => s.inputMB >= r.htmlMB * share)?.rssMB ?? r.samples.at(-1)?.rssMB ?? 0;
    const curve = [0.1, 0.25, 0.5, 0.75, 1].map((share) => `${share * 100}% ${at(share).toFixed(0)}`).join(", ");
    const top = Object.entries(r.steps)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([n, s]) => `${n} ${s.toFixed(1)} s`)
      .join(", ");
    console.log(
      `  ${r.htmlMB.toFixed(0)} MB of HTML (${r.warcMB.toFixed(0)} MB gzipped WARC), ${r.pages} pages, ${r.kept} kept: ` +
        `${(r.htmlMB / r.cpuSeconds).toFixed(1)} MB/s of HTML per CPU-second (${r.seconds.toFixed(0)} s wall); ` +
        `peak RSS ${r.maxRssMB.toFixed(0)} MB; most time (wall): ${top}`,
    );
    console.log(`    RSS (MB) by share of the input read: ${curve}`);
  }
  const first = results[0]!;
  const last = results.at(-1)!;
  record({
    what: "FineWeb pipeline from WARC, MB/s of HTML per core",
    ours: `${(last.htmlMB / last.cpuSeconds).toFixed(1)}`,
    goal: "-",
  });
  if (results.length > 1) {
    console.log(
      `  peak RSS ${first.maxRssMB.toFixed(0)} MB at ${first.htmlMB.toFixed(0)} MB, ${last.maxRssMB.toFixed(0)} MB at ${last.htmlMB.toFixed(0)} MB of HTML`,
    );
    record({
      what: `peak RSS over ${first.htmlMB.toFixed(0)} -> ${last.htmlMB.toFixed(0)} MB of HTML`,
      ours: `${first.maxRssMB.toFixed(0)} -> ${last.maxRssMB.toFixed(0)} MB`,
      goal: "flat",
    });
  }
}
