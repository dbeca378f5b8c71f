// npx tsx bench/peers/compare-fix-text.ts
// fix_text's mojibake and C1 repair against ftfy's fix_encoding (line by line, as ftfy's fix_text
// calls it) on the sample corpus's documents three ways: as they are (nothing may change), as
// mojibake (their UTF-8 bytes read as Windows-1252, the undefined bytes as C1 controls) and as
// Latin-1 mojibake. For each: documents where ours equals ftfy's output, and where each side gives
// back the original text. ftfy runs from FTFY_SRC (a python-ftfy checkout) with Debian's Python.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { repairText } from "../../src/clean/fix-text.js";
import { read } from "../../src/io/read.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const python = process.env.FTFY_PYTHON ?? "/usr/bin/python3";
const files = ["web.jsonl.gz", "books.jsonl.zst", "zh-gbk.txt", "udhr.parquet", "licenses.csv", "crawl.wet.gz"].map((f) => resolve(root, "examples/data", f));
const originals: { id: string; text: string }[] = [];
for await (const d of read(files)) originals.push({ id: d.id, text: d.text });

const CP1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const misread = (text: string, cp1252: boolean) =>
  Array.from(Buffer.from(text, "utf8"), (b) => (cp1252 && b >= 0x80 && b < 0xa0 ? CP1252[b - 0x80]! : String.fromCharCode(b))).join("");

const variants: Record<string, string[]> = {
  clean: originals.map((d) => d.text),
  "utf8-as-cp1252": originals.map((d) => misread(d.text, true)),
  "utf8-as-latin1": originals.map((d) => misread(d.text, false)),
};
mkdirSync("/tmp/corpuskit-peers", { recursive: true });
for (const [name, texts] of Object.entries(variants)) {
  const input = `/tmp/corpuskit-peers/fix-text-${name}.jsonl`;
  writeFileSync(input, texts.map((text, i) => JSON.stringify({ id: String(i), text })).join("\n") + "\n");
  const run = spawnSync(python, [resolve(root, "bench/peers/ftfy-fix.py"), input], { encoding: "utf8", maxBuffer: 1 << 30, env: process.env });
  if (run.status !== 0) throw new Error(`ftfy-fix.py failed: ${run.stderr}`);
  const rows = run.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { text: string; seconds: number; mb: number });
  const timing = rows.pop()!;
  const t0 = performance.now();
  const ours = texts.map((t) => repairText(t, { entities: "never" }).text);
  const seconds = (performance.now() - t0) / 1000;
  let same = 0;
  let oursBack = 0;
  let ftfyBack = 0;
  const changed = texts.filter((t, i) => t !== originals[i]!.text).length;
  texts.forEach((_, i) => {
    if (ours[i] === rows[i]!.text) same++;
    else if (process.env.VERBOSE) console.log(`differs: ${originals[i]!.id}`);
    if (ours[i] === originals[i]!.text) oursBack++;
    if (rows[i]!.text === originals[i]!.text) ftfyBack++;
  });
  console.log(
    `${name}: ${texts.length} documents (${changed} damaged); ours = ftfy ${same}; original restored: ours ${oursBack}, ftfy ${ftfyBack}; ` +
      `${(timing.mb / seconds).toFixed(1)} MB/s ours, ${(timing.mb / timing.seconds).toFixed(1)} MB/s ftfy`,
  );
}
