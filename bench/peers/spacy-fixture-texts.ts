// npx tsx bench/peers/spacy-fixture-texts.ts > texts.jsonl
//   python3 bench/peers/spacy-tokens.py texts.jsonl --out tests/fixtures/spacy-en-tokens.jsonl
//
// Picks the English paragraphs of tests/fixtures/spacy-en-tokens.jsonl: from the bundled sample
// corpus (Debian documentation, licences), WikiText-2 (Wikipedia) and the lingua test sentences
// (web text; five sentences joined per record) in ../shared/data. Deterministic: the same files
// give the same records. Paragraphs rich in what spaCy's English rules treat specially
// (contractions, abbreviations, units after numbers, hyphens, URLs and e-mails, quotes, ellipses,
// emoticons) come first; the rest of each source's share is spread evenly over the remaining ones.
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { read } from "../../src/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const shared = resolve(root, "../shared/data");
const MAX_CHARS = 900;

const FEATURES = [
  /\b\w+(?:n't|'s|'re|'ll|'ve|'d|'m)\b/giu, // contractions and possessives
  /\b(?:cannot|gonna|gotta|dont|cant|wont|im)\b/giu, // exceptions without an apostrophe
  /\b(?:[A-Z]\.){2,}|\b(?:Mr|Mrs|Dr|Inc|Ltd|Co|St|vs|etc|e\.g|i\.e)\./gu, // abbreviations
  /\d+(?:km|kg|mb|MB|GB|cm|mm|m|g|%)\b|\d+(?:am|pm)\b/gu, // units and times after numbers
  /\w-\w|\d-\d|\w—\w|--/gu, // hyphens and dashes inside words
  /https?:\/\/|www\.|\S+@\S+\.\w+/gu, // URLs and e-mail addresses
  /["“”‘’«»]|'\w/gu, // quotes
  /\.{2,}|…/gu, // ellipses
  /[:;]-?[()DP]|\(\w\)|\[\d+\]/gu, // emoticons, list markers, citations
];

function score(text: string): number {
  let s = 0;
  for (const re of FEATURES) s += Math.min(3, text.match(re)?.length ?? 0);
  return s;
}

/** `share` records: the best-scoring half, then every k-th of the rest (input order kept). */
function pick(candidates: { id: string; text: string }[], share: number): { id: string; text: string }[] {
  const ranked = candidates.map((c, i) => ({ c, i, s: score(c.text) })).sort((a, b) => b.s - a.s || a.i - b.i);
  const best = ranked.slice(0, Math.ceil(share / 2));
  const rest = ranked.slice(best.length).sort((a, b) => a.i - b.i);
  const step = Math.max(1, Math.floor(rest.length / (share - best.length)));
  const spread = rest.filter((_, k) => k % step === 0).slice(0, share - best.length);
  return [...best, ...spread].sort((a, b) => a.i - b.i).map((r) => r.c);
}

const records: { id: string; source: string; text: string }[] = [];

// 1. the sample corpus: paragraphs (at blank lines) of its English documents and licences
process.chdir(root);
const sample: { id: string; text: string }[] = [];
for await (const d of read("examples/data/*.{jsonl.gz,jsonl.zst,csv,wet.gz}")) {
  const lang = String(d.meta.lang ?? d.meta.warc_language ?? (d.meta.title ? "en" : ""));
  if (lang !== "en" && lang !== "eng") continue;
  d.text.split(/\n{2,}/).forEach((text, k) => {
    if (text.trim().length >= 40 && text.length <= MAX_CHARS) sample.push({ id: `${d.id}#${k + 1}`, text });
  });
}
for (const r of pick(sample, 170)) records.push({ id: `sample:${r.id}`, source: "examples/data (bundled sample corpus)", text: r.text });

// 2. WikiText-2 test split: Wikipedia paragraphs (tokenized by its makers: " , ", " @-@ ")
const wikitext = resolve(shared, "wikitext-2/test.txt");
if (existsSync(wikitext)) {
  const paragraphs = readFileSync(wikitext, "utf8")
    .split("\n")
    .map((l, i) => ({ id: `wikitext-2-test:${i + 1}`, text: l.trim() }))
    .filter((p) => p.text.length >= 40 && p.text.length <= MAX_CHARS && !p.text.startsWith("="));
  for (const r of pick(paragraphs, 40)) records.push({ ...r, source: "WikiText-2 test split (Wikipedia, CC BY-SA 3.0)" });
}

// 3. lingua's English test sentences (Leipzig web corpora), five per record
const lingua = resolve(shared, "lingua-testdata/sentences.tsv.gz");
if (existsSync(lingua)) {
  const sentences = gunzipSync(readFileSync(lingua))
    .toString("utf8")
    .split("\n")
    .filter((l) => l.startsWith("en\t"))
    .map((l) => l.slice(3));
  const groups: { id: string; text: string }[] = [];
  for (let i = 0; i + 5 <= sentences.length; i += 5) groups.push({ id: `lingua-en-sentences:${i + 1}-${i + 5}`, text: sentences.slice(i, i + 5).join(" ") });
  for (const r of pick(groups, 60)) records.push({ ...r, source: "lingua test data, English sentences (Apache-2.0)" });
}

for (const r of records) process.stdout.write(JSON.stringify(r) + "\n");
process.stderr.write(`${records.length} records\n`);
