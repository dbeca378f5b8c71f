// npx tsx bench/peers/compare-pii.ts [--rounds 3]
// Emails and IPv4 addresses: corpuskit's pii step against datatrove's PIIFormatter on the whole
// sample corpus (one document per record), in the same run. Both sides get the same texts; ours runs
// with emails and IPs only and IPv6 off (datatrove's pattern has IPv4 only). Agreement is counted on
// the output texts (document by document) and on the items each side replaced; every disagreement is
// printed. Timing: format() alone on the Python side, findPii + replacement on ours, alternating rounds.
//
//   DATATROVE_SRC=/tmp/datatrove   (a datatrove source tree; see bench/peers/README.md)
//   DATATROVE_PYTHON=/usr/bin/python3
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findPii, redactSpans, PiiOptions } from "../../src/clean/pii.js";
import { read } from "../../src/io/read.js";
import type { Doc } from "../../src/doc.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const rounds = Number(process.argv[process.argv.indexOf("--rounds") + 1] ?? 3) || 3;
const python = process.env.DATATROVE_PYTHON ?? "/usr/bin/python3";
if (!process.env.DATATROVE_SRC) {
  console.error("compare-pii.ts: set DATATROVE_SRC to a datatrove source tree (see bench/peers/README.md)");
  process.exit(2);
}
const files = ["web.jsonl.gz", "books.jsonl.zst", "zh-gbk.txt", "udhr.parquet", "licenses.csv", "crawl.wet.gz", "crawl.warc.gz"].map((f) =>
  resolve(root, "examples/data", f),
);
const docs: Doc[] = [];
for await (const d of read(files)) docs.push(d);
const input = "/tmp/corpuskit-peers/pii-sample.jsonl";
mkdirSync(dirname(input), { recursive: true });
writeFileSync(input, docs.map((d, i) => JSON.stringify({ id: `${i}:${d.id}`, text: d.text })).join("\n") + "\n");
const mb = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0) / 1e6;

const options = { phone: false, cnId: false, card: false, iban: false, ipv6: false };
const o = PiiOptions.parse(options);
const lists = { email: [o.emailReplacement].flat(), ip: [o.ipReplacement].flat(), phone: [], cn_id: [], card: [], iban: [] };
function ours(): { texts: string[]; items: { email: string[]; ip: string[] }[]; seconds: number } {
  const t0 = performance.now();
  const texts: string[] = [];
  const items: { email: string[]; ip: string[] }[] = [];
  for (const d of docs) {
    const spans = findPii(d.text, options);
    texts.push(redactSpans(d.text, spans, lists));
    items.push({
      email: spans.filter((s) => s.kind === "email").map((s) => d.text.slice(s.start, s.end)),
      ip: spans.filter((s) => s.kind === "ip").map((s) => d.text.slice(s.start, s.end)),
    });
  }
  return { texts, items, seconds: (performance.now() - t0) / 1000 };
}
function theirs() {
  const run = spawnSync(python, [resolve(root, "bench/peers/pii-datatrove.py"), input], { encoding: "utf8", maxBuffer: 1 << 30, env: process.env });
  if (run.status !== 0) throw new Error(`pii-datatrove.py failed: ${run.stderr}`);
  const lines = run.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const timing = lines.pop() as { seconds: number };
  return { rows: lines as { id: string; text: string; emails: string[]; ips: string[] }[], seconds: timing.seconds };
}

const oursTimes: number[] = [];
const theirTimes: number[] = [];
let a = ours();
let b = theirs();
for (let r = 0; r < rounds; r++) {
  b = theirs();
  theirTimes.push(b.seconds);
  a = ours();
  oursTimes.push(a.seconds);
}
let sameText = 0;
const count = { email: [0, 0, 0], ip: [0, 0, 0] }; // [both, ours only, datatrove only]
const multiset = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
docs.forEach((d, i) => {
  const row = b.rows[i]!;
  if (row.text === a.texts[i]) sameText++;
  else console.log(`text differs: ${d.id}`);
  for (const [kind, mine, peer] of [
    ["email", a.items[i]!.email, row.emails],
    ["ip", a.items[i]!.ip, row.ips],
  ] as const) {
    const m = multiset(mine);
    const p = multiset(peer);
    for (const [k, n] of m) {
      const both = Math.min(n, p.get(k) ?? 0);
      count[kind][0] = count[kind][0]! + both;
      count[kind][1] = count[kind][1]! + n - both;
      if (n > both) console.log(`${kind} ours only: ${k} (${d.id})`);
    }
    for (const [k, n] of p) {
      const extra = n - Math.min(n, m.get(k) ?? 0);
      count[kind][2] = count[kind][2]! + extra;
      if (extra > 0) console.log(`${kind} datatrove only: ${k} (${d.id})`);
    }
  }
});
const range = (xs: number[]) => `${(mb / Math.max(...xs)).toFixed(1)}-${(mb / Math.min(...xs)).toFixed(1)} MB/s`;
console.log(`${docs.length} documents, ${mb.toFixed(2)} MB; identical output text: ${sameText}/${docs.length}`);
for (const kind of ["email", "ip"] as const) console.log(`${kind}: both ${count[kind][0]}, ours only ${count[kind][1]}, datatrove only ${count[kind][2]}`);
console.log(`speed over ${rounds} alternating rounds: corpuskit ${range(oursTimes)}, datatrove PIIFormatter ${range(theirTimes)}`);
