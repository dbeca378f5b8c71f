// npx tsx bench/peers/compare-spacy-words.ts [--sample S.jsonl] [--out DIR]
//
// Our words (splitWords) against spaCy's, language by language, on the sample documents of the
// languages datatrove tokenizes with their own spaCy rules (spacy.blank("de"), "fr"...: German,
// French, Spanish, Portuguese, Italian, Dutch, Russian) and English as the control. Prints, per
// language, the documents whose token lists are equal and the tokens that differ most (ours
// against spaCy's, as multisets), which is where per-language rules are missing. spaCy runs in the
// same run through spacy-tokens.py --language-field (PYTHONPATH and DATATROVE_PYTHON as for
// compare-filters.ts; see README.md).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { splitWords } from "../../src/text/words.js";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const LANGUAGES = ["en", "de", "fr", "es", "pt", "it", "nl", "ru"];
const samplePath = resolve(opt("sample", "/tmp/corpuskit-peers/sample.jsonl"));
const outDir = resolve(opt("out", "/tmp/corpuskit-peers"));
mkdirSync(outDir, { recursive: true });
if (!existsSync(samplePath)) throw new Error(`${samplePath} is missing: run npx tsx bench/peers/dump-sample.ts ${samplePath} first`);

interface Row {
  id: string;
  text: string;
  lang: string;
}
const rows: Row[] = readFileSync(samplePath, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; text: string; metadata: { language?: string } })
  .filter((r) => LANGUAGES.includes(r.metadata.language ?? ""))
  .map((r) => ({ id: r.id, text: r.text, lang: r.metadata.language! }));
const textsPath = join(outDir, "spacy-words-texts.jsonl");
const tokensPath = join(outDir, "spacy-words-tokens.jsonl");
writeFileSync(textsPath, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
const python = process.env.DATATROVE_PYTHON ?? "python3";
const run = spawnSync(python, [join(here, "spacy-tokens.py"), textsPath, "--out", tokensPath, "--language-field", "lang"], { stdio: "inherit" });
if (run.status !== 0) throw new Error(`spacy-tokens.py failed (${run.status})`);
const spacy = new Map(
  readFileSync(tokensPath, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const r = JSON.parse(l) as { id: string; tokens: string[] };
      return [r.id, r.tokens] as const;
    }),
);

const counts = (tokens: string[]) => {
  const m = new Map<string, number>();
  for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
};
const report: Record<string, unknown> = {};
for (const lang of LANGUAGES) {
  const docs = rows.filter((r) => r.lang === lang);
  if (docs.length === 0) continue;
  let equal = 0;
  let tokens = 0;
  let differing = 0;
  const onlyOurs = new Map<string, number>();
  const onlySpacy = new Map<string, number>();
  for (const doc of docs) {
    const ours = splitWords(doc.text, lang);
    const theirs = spacy.get(doc.id)!;
    tokens += theirs.length;
    if (ours.length === theirs.length && ours.every((t, i) => t === theirs[i])) {
      equal++;
      continue;
    }
    const a = counts(ours);
    const b = counts(theirs);
    for (const [t, n] of a) if (n > (b.get(t) ?? 0)) onlyOurs.set(t, (onlyOurs.get(t) ?? 0) + n - (b.get(t) ?? 0));
    for (const [t, n] of b) {
      const extra = n - (a.get(t) ?? 0);
      if (extra > 0) {
        onlySpacy.set(t, (onlySpacy.get(t) ?? 0) + extra);
        differing += extra;
      }
    }
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 12)
      .map(([t, n]) => `${t} ${n}`);
  report[lang] = { documents: docs.length, equal, spacyTokens: tokens, spacyTokensMissingInOurs: differing, topOurs: top(onlyOurs), topSpacy: top(onlySpacy) };
  console.log(
    `${lang}  ${equal}/${docs.length} documents with spaCy's exact tokens; ${differing} of ${tokens} spaCy tokens not in ours\n` +
      `    ours only:  ${top(onlyOurs).join(" | ")}\n    spaCy only: ${top(onlySpacy).join(" | ")}`,
  );
}
writeFileSync(join(outDir, "compare-spacy-words.json"), JSON.stringify(report, null, 2));
