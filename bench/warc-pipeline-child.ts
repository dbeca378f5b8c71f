// Child process of bench/extract-warc.ts: FineWeb's pipeline from a WARC file (datatrove's
// examples/fineweb.py: WarcReader -> URLFilter -> Trafilatura -> LanguageFilter -> GopherRepetition ->
// GopherQuality -> C4Quality -> FineWebQuality -> writer) on one thread, sampling RSS as it goes so
// the parent can see whether memory stays flat as the input grows.
import { statSync } from "node:fs";
import {
  c4Quality,
  extract,
  finewebQuality,
  gopherQuality,
  gopherRepetition,
  languageFilter,
  pipe,
  read,
  step,
  urlFilter,
  writeJsonl,
  type Doc,
} from "../src/index.js";

const [warc, out] = process.argv.slice(2) as [string, string];
const total = statSync(warc).size;
let html = 0;
let pages = 0;
const samples: { inputMB: number; rssMB: number }[] = [];
const sample = () => samples.push({ inputMB: html / 1e6, rssMB: process.memoryUsage().rss / 1e6 });
const timer = setInterval(sample, 250);
// counts the HTML that reaches the pipeline (the WARC is gzip per record: its size is not the work)
const measure = step("measure", async function* (docs: AsyncIterable<Doc>) {
  for await (const doc of docs) {
    html += doc.text.length;
    pages++;
    yield doc;
  }
});
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { result, stats } = await pipe(
  read(warc),
  measure,
  urlFilter(),
  extract(),
  languageFilter({ languages: ["en"] }),
  gopherRepetition(),
  gopherQuality(),
  c4Quality(),
  finewebQuality(),
  writeJsonl(out),
);
clearInterval(timer);
sample();
const cpu = process.cpuUsage(cpu0);
const steps: Record<string, number> = {};
for (const s of stats.steps) steps[s.name] = s.seconds;
console.log(
  JSON.stringify({
    warcMB: total / 1e6,
    htmlMB: html / 1e6,
    pages,
    kept: result.documents,
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    samples,
    steps,
  }),
);
