// Child process of bench/read.ts: read one file to the end and report peak RSS.
import { readJsonl } from "../src/index.js";

const t0 = performance.now();
let docs = 0;
for await (const _ of readJsonl(process.argv[2]!)) docs++;
const maxRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ docs, maxRssMB, seconds: (performance.now() - t0) / 1000 }));
