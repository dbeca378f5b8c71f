// npm run bench -- extract
// Main-content extraction on the ScrapingHub article-extraction benchmark (181 news and blog pages with
// the annotated article body of each, read in place from ../shared/data; scored as its evaluate.py
// does) and on a second, held-out set of 16 Debian documentation pages (bench/extract-heldout.py), for ours and
// for @mozilla/readability + linkedom in the same run, one core, page already a string.
// Goals: F1 >= 0.958 (trafilatura 2.0's published score) and >= 20x readability's MB/s. Then the
// whole FineWeb pipeline from a WARC of those pages, and its memory at two input sizes (extract-warc.ts).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { extractText } from "../src/extract/extract.js";
import { scoreAll, scorePage, type Score } from "./extract-score.js";
import { record } from "./report.js";
import { benchWarcPipeline } from "./extract-warc.js";

// beside the clone (../shared/data), or beside the folder of worktrees; CORPUSKIT_SHARED_DATA overrides
const BENCHMARK =
  [process.env.CORPUSKIT_SHARED_DATA ?? "", join(import.meta.dirname, "../../shared/data"), join(import.meta.dirname, "../../../shared/data")]
    .filter((dir) => dir !== "")
    .map((dir) => join(dir, "article-extraction-benchmark"))
    .find((dir) => existsSync(dir)) ?? "../shared/data/article-extraction-benchmark";

interface Page {
  id: string;
  html: string;
  expected: string;
}

function loadBenchmark(): Page[] {
  const truth = JSON.parse(readFileSync(join(BENCHMARK, "ground-truth.json"), "utf8")) as Record<string, { articleBody: string }>;
  return Object.keys(truth)
    .sort()
    .map((id) => ({ id, html: gunzipSync(readFileSync(join(BENCHMARK, "html", `${id}.html.gz`))).toString("utf8"), expected: truth[id]!.articleBody }));
}

/** Held-out pages, annotated by bench/extract-heldout.py where Debian's documentation packages are installed. */
function loadHeldout(): Page[] {
  try {
    const json = execFileSync("/usr/bin/python3", [join(import.meta.dirname, "extract-heldout.py")], { encoding: "utf8", maxBuffer: 1 << 28 });
    return (JSON.parse(json) as { id: string; path: string; expected: string }[]).map((p) => ({
      id: p.id,
      html: readFileSync(p.path, "utf8"),
      expected: p.expected,
    }));
  } catch (error) {
    console.log(`extract: no held-out set (${(error as Error).message.split("\n")[0]})`);
    return [];
  }
}

type Extractor = (html: string) => string;

async function readability(): Promise<Extractor | undefined> {
  try {
    const { Readability } = await import("@mozilla/readability");
    const { parseHTML } = await import("linkedom");
    return (html) => {
      const { document } = parseHTML(html);
      return new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse()?.textContent ?? "";
    };
  } catch {
    return undefined;
  }
}

function run(pages: Page[], extractor: Extractor): { score: Score; seconds: number; outputs: string[] } {
  const outputs: string[] = [];
  const t0 = performance.now();
  for (const page of pages) outputs.push(extractor(page.html));
  const seconds = (performance.now() - t0) / 1000;
  return { score: scoreAll(pages.map((p, i) => ({ expected: p.expected, predicted: outputs[i]! }))), seconds, outputs };
}

const f = (x: number) => x.toFixed(3);

export async function benchExtract(): Promise<void> {
  if (!existsSync(BENCHMARK)) {
    console.log(`extract: ${BENCHMARK} not found, skipped`);
    return;
  }
  const pages = loadBenchmark();
  const heldout = loadHeldout();
  const mb = pages.reduce((n, p) => n + Buffer.byteLength(p.html), 0) / 1e6;
  console.log(`extract: ${pages.length} benchmark pages (${mb.toFixed(1)} MB), ${heldout.length} held-out pages; one core, alternating runs`);
  const ours: Extractor = (html) => extractText(html).text;
  const peer = process.env.EXTRACT_BENCH_PEER === "0" ? undefined : await readability();
  const rounds = Number(process.env.EXTRACT_BENCH_ROUNDS ?? 3);
  const speeds: Record<string, number[]> = { ours: [], readability: [] };
  let oursRun = run(pages, ours);
  let peerRun = peer ? run(pages, peer) : undefined;
  for (let r = 0; r < rounds; r++) {
    oursRun = run(pages, ours);
    speeds.ours!.push(mb / oursRun.seconds);
    if (peer) {
      peerRun = run(pages, peer);
      speeds.readability!.push(mb / peerRun.seconds);
    }
  }
  const line = (name: string, s: Score, mbs: number[]) =>
    console.log(
      `  ${name.padEnd(22)} F1 ${f(s.f1)}  P ${f(s.precision)}  R ${f(s.recall)}  empty ${s.empty}  ${Math.min(...mbs).toFixed(1)}-${Math.max(...mbs).toFixed(1)} MB/s`,
    );
  console.log("benchmark (181 pages):");
  line("corpuskit extract", oursRun.score, speeds.ours!);
  if (peerRun) line("readability+linkedom", peerRun.score, speeds.readability!);
  if (peerRun) {
    const ratios = speeds.ours!.map((s, i) => s / speeds.readability![i]!);
    console.log(`  speed ratio ours/readability per round: ${ratios.map((x) => x.toFixed(1)).join(", ")}`);
    record({
      what: "extract MB/s (181 pages)",
      ours: `${Math.max(...speeds.ours!).toFixed(1)}`,
      peer: `${Math.max(...speeds.readability!).toFixed(1)} (readability+linkedom)`,
      ratio: `${Math.min(...ratios).toFixed(1)}-${Math.max(...ratios).toFixed(1)}x`,
      goal: ">= 20x",
    });
  }
  record({ what: "extract F1 (181 pages)", ours: f(oursRun.score.f1), peer: peerRun ? f(peerRun.score.f1) : undefined, goal: ">= 0.958" });
  if (heldout.length > 0) {
    const hmb = heldout.reduce((n, p) => n + Buffer.byteLength(p.html), 0) / 1e6;
    console.log(`held-out (${heldout.length} Debian Reference and Python documentation pages, ${hmb.toFixed(1)} MB):`);
    const h = run(heldout, ours);
    line("corpuskit extract", h.score, [hmb / h.seconds]);
    if (peer) {
      const hp = run(heldout, peer);
      line("readability+linkedom", hp.score, [hmb / hp.seconds]);
    }
    if (process.env.EXTRACT_BENCH_DUMP) {
      writeFileSync(
        `${process.env.EXTRACT_BENCH_DUMP}.heldout`,
        JSON.stringify(heldout.map((p, i) => ({ id: p.id, ...scorePage(p.expected, h.outputs[i]!), ours: h.outputs[i] }))),
      );
    }
    record({ what: "extract F1 (held-out)", ours: f(h.score.f1) });
  }
  await benchWarcPipeline(pages);
  if (process.env.EXTRACT_BENCH_DUMP) {
    const rows = pages.map((p, i) => ({ id: p.id, ...scorePage(p.expected, oursRun.outputs[i]!), ours: oursRun.outputs[i], peer: peerRun?.outputs[i] }));
    writeFileSync(process.env.EXTRACT_BENCH_DUMP, JSON.stringify(rows));
  }
}
