// npm run bench -- spacy-words [--sample SAMPLE.jsonl]: splitWords in the languages datatrove
// tokenizes with their own spaCy rules (German, French, Russian, Spanish, Italian, Portuguese,
// Dutch; English as the control), against spaCy 3.7.5's own tokenizer on the same documents in the
// same run (bench/peers/spacy-words-speed.py; PYTHONPATH and DATATROVE_PYTHON as bench/peers/README.md
// says). SAMPLE is bench/peers/dump-sample.ts's output (default /tmp/corpuskit-peers/sample.jsonl).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { splitWords } from "../src/text/words.js";
import { record } from "./report.js";

const LANGUAGES = ["en", "de", "fr", "ru", "es", "it", "pt", "nl"];

export async function benchSpacyWords(): Promise<void> {
  const args = process.argv;
  const i = args.indexOf("--sample");
  const sample = i >= 0 ? args[i + 1]! : "/tmp/corpuskit-peers/sample.jsonl";
  if (!existsSync(sample)) {
    console.log(`spacy-words: ${sample} is missing (npx tsx bench/peers/dump-sample.ts ${sample})`);
    return;
  }
  const rows = readFileSync(sample, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; metadata: { language?: string } });
  const python = process.env.DATATROVE_PYTHON ?? "python3";
  const here = dirname(fileURLToPath(import.meta.url));
  console.log("splitWords per language against spacy.blank(lang), best of 3 (MB/s per core)");
  for (const lang of LANGUAGES) {
    const docs = rows.filter((r) => r.metadata.language === lang).map((r) => r.text);
    if (docs.length === 0) continue;
    const mb = docs.reduce((s, d) => s + Buffer.byteLength(d), 0) / 1e6;
    splitWords("warm up", lang);
    let ours = Infinity;
    for (let r = 0; r < 3; r++) {
      const texts = docs.map((d) => Buffer.from(d).toString()); // fresh strings: splitWords' cache cannot answer
      const t0 = performance.now();
      for (const text of texts) splitWords(text, lang);
      ours = Math.min(ours, (performance.now() - t0) / 1000);
    }
    // the peer right after ours, language by language (the machine is shared: neighbours, not a batch)
    const run = spawnSync(python, [join(here, "peers/spacy-words-speed.py"), sample, lang], { encoding: "utf8" });
    const peer = run.status === 0 && run.stdout.trim() ? (JSON.parse(run.stdout.trim()) as { seconds: number }) : undefined;
    const peerText = peer ? `spaCy ${(mb / peer.seconds).toFixed(2).padStart(6)} MB/s  ratio ${(peer.seconds / ours).toFixed(1)}x` : "spaCy: not run";
    console.log(`  ${lang} (${docs.length} docs, ${mb.toFixed(2)} MB)`.padEnd(28) + ` ours ${(mb / ours).toFixed(2).padStart(6)} MB/s  ${peerText}`);
    const row = { what: `words ${lang} (splitWords), MB/s per core`, ours: (mb / ours).toFixed(2) };
    record(peer ? { ...row, peer: (mb / peer.seconds).toFixed(2), ratio: `${(peer.seconds / ours).toFixed(1)}x` } : row);
  }
}
