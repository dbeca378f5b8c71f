// Child process of bench/read.ts and bench/read-codecs.ts: read one file to the end with the built package (dist/, what
// users run; `npm ci` builds it) and report peak RSS. Plain JavaScript, so no TypeScript loader's
// own memory is counted as the reader's.
import { read } from "../dist/index.js";

const t0 = performance.now();
let docs = 0;
// argv[3]: reader options as JSON (the codecs bench raises maxExpansion for its repetitive corpus)
for await (const _ of read(process.argv[2], JSON.parse(process.argv[3] ?? "{}"))) docs++;
const maxRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ docs, maxRssMB, seconds: (performance.now() - t0) / 1000 }));
