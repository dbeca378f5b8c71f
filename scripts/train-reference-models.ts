// Trains the reference language models bundled in models/ and their cut-off tables:
//   models/{en,zh}.arpa.gz       interpolated modified Kneser-Ney 5-grams (lmplz's estimator,
//                                --prune 0 0 1 --discount_fallback) over words.ts tokens of
//                                CCNet-normalized lines
//   models/{en,zh}.cutoffs.json  percentiles 0..100 of document perplexity ("per-line" mode) on a web sample
// The reference text is in scripts/reference-text.ts; models/README.md gives sources and licenses.
//
// Needs: ../shared/data (WikiText-2, the Dolma CC sample) and, from Debian:
//   apt-get install -y manpages-zh debian-reference-zh-cn
// Run: npx tsx scripts/train-reference-models.ts [en|zh ...]
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { read } from "../src/io/read.js";
import { languageFilter } from "../src/filters/language.js";
import { pipe } from "../src/pipeline/pipe.js";
import { trainKneserNey } from "../src/lm/train.js";
import { writeArpa } from "../src/lm/arpa-write.js";
import { loadArpa } from "../src/lm/index.js";
import { sampleCutoffs } from "../src/score/sample-cutoffs.js";
import { ccnetNormalize } from "../src/text/normalize.js";
import { splitWords } from "../src/text/words.js";
import type { Doc } from "../src/doc.js";
import { chineseReference, englishReference, SHARED_DATA } from "./reference-text.js";

const OUT = "models";
const ORDER = 5;
const PRUNE = [0, 0, 1]; // drop 3- to 5-grams seen once: 47 MB -> 6.5 MB of ARPA for English (measured with lmplz)

const REFERENCE: Record<string, () => Iterable<string>> = { en: englishReference, zh: chineseReference };

// The web sample each language's cut-offs come from. CCNet took its percentiles from a Common Crawl
// sample; the Dolma CC sample is one (2019-07, CC BY / BY-SA pages) but holds only 4 Chinese pages,
// so Chinese adds the Chinese documents of the bundled sample corpus (Debian docs and crawl pages).
const CUTOFF_SAMPLE: Record<string, { inputs: string[]; source: string }> = {
  en: {
    inputs: [join(SHARED_DATA, "dolma-cc-sample", "cc-main-2019-30-ccby-sample.jsonl.gz")],
    source: "Dolma's Common Crawl sample (CC-MAIN-2019-30, 395 CC BY/BY-SA pages), the pages fastText labels en",
  },
  zh: {
    inputs: [join(SHARED_DATA, "dolma-cc-sample", "cc-main-2019-30-ccby-sample.jsonl.gz"), "examples/data/*.{jsonl.gz,jsonl.zst,txt,parquet,wet.gz}"],
    source: "the pages fastText labels zh in Dolma's Common Crawl sample and in corpuskit's bundled sample corpus (paragraphs of the GBK file)",
  },
};

async function* sentences(language: string): AsyncGenerator<string[]> {
  for (const line of REFERENCE[language]!()) {
    const tokens = splitWords(ccnetNormalize(line), language);
    if (tokens.length > 0) yield tokens;
  }
}

async function cutoffDocs(language: string): Promise<Doc[]> {
  const docs: Doc[] = [];
  const source = read(CUTOFF_SAMPLE[language]!.inputs, { split: "paragraph" });
  for await (const doc of pipe(source, languageFilter({ languages: [language], threshold: 0.5 }))) docs.push(doc);
  return docs;
}

async function main(): Promise<void> {
  const languages = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(REFERENCE);
  mkdirSync(OUT, { recursive: true });
  for (const language of languages) {
    const started = performance.now();
    const { arpa, statistics } = await trainKneserNey(sentences(language), {
      order: ORDER,
      prune: PRUNE,
      discountFallback: [0.5, 1, 1.5],
      source: `${language} reference text`,
    });
    const path = join(OUT, `${language}.arpa.gz`);
    await writeArpa(arpa, path);
    console.log(
      `${language}: ${statistics.sentences} lines, ${statistics.tokens} tokens; n-grams kept ${statistics.countsKept.join(" ")} -> ${path} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    const model = await loadArpa(path);
    const docs = await cutoffDocs(language);
    const table = await sampleCutoffs(docs, { model, language, modelName: `${language}.arpa.gz`, source: CUTOFF_SAMPLE[language]!.source });
    writeFileSync(join(OUT, `${language}.cutoffs.json`), `${JSON.stringify(table, null, 2)}\n`);
    console.log(`${language}: cut-offs from ${table.documents} documents: p30 ${table.percentiles[30]}, p60 ${table.percentiles[60]}`);
  }
}

await main();
