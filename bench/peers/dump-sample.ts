// npx tsx bench/peers/dump-sample.ts [OUT.jsonl]   (default /tmp/corpuskit-peers/sample.jsonl)
// Writes the documents bench/filters.ts measures (the bundled sample corpus, split into paragraphs)
// as JSONL for the datatrove peer script: {"id", "text", "metadata": {"language", "language_score"}},
// with the language from languageFilter() (fastText lid.176, annotate only), so that both sides see
// the same text and the same metadata.language.
import { mkdirSync, createWriteStream } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { languageFilter, loadLanguageModel, pipe, read, type Doc } from "../../src/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = resolve(process.argv[2] ?? "/tmp/corpuskit-peers/sample.jsonl");

process.chdir(root); // the glob is relative to the package root, as in bench/filters.ts
const docs: Doc[] = [];
for await (const d of read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,txt,wet.gz}", { split: "paragraph" })) docs.push(d);
await loadLanguageModel();
const annotated: Doc[] = [];
for await (const d of pipe(docs, languageFilter())) annotated.push(d);
if (annotated.length !== docs.length) throw new Error(`languageFilter dropped documents (${docs.length} -> ${annotated.length}); it should only annotate`);

mkdirSync(dirname(out), { recursive: true });
const w = createWriteStream(out);
// A few records share an id in the sample (the same license text in two files): the 2nd, 3rd...
// get "#2", "#3"... so that decisions can be matched by id.
const seen = new Map<string, number>();
let bytes = 0;
for (const d of annotated) {
  const k = (seen.get(d.id) ?? 0) + 1;
  seen.set(d.id, k);
  const id = k === 1 ? d.id : `${d.id}#${k}`;
  bytes += Buffer.byteLength(d.text);
  const line = JSON.stringify({ id, text: d.text, metadata: { language: d.meta.language, language_score: d.meta.language_score } });
  if (!w.write(line + "\n")) await new Promise<void>((r) => w.once("drain", () => r()));
}
await new Promise<void>((r, j) => w.end((e?: Error | null) => (e ? j(e) : r())));
const languages = new Map<string, number>();
for (const d of annotated) languages.set(String(d.meta.language), (languages.get(String(d.meta.language)) ?? 0) + 1);
const top = [...languages]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 12)
  .map(([l, n]) => `${l}:${n}`)
  .join(" ");
console.log(`wrote ${annotated.length} documents, ${(bytes / 1e6).toFixed(2)} MB, ${languages.size} languages (${top} ...) to ${out}`);
