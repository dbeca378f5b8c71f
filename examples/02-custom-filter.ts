// Shows: a filter is a predicate returning keep or a drop reason; filter() turns it into a step that
// counts `dropped_<reason>` and writes every dropped document, with its reason, to `rejected`.
// Run: npx tsx examples/02-custom-filter.ts [input] [output-dir]
import { filter, formatStatsTable, pipe, readJsonl, writeJsonl } from "corpuskit";

const input = process.argv[2] ?? "examples/data/web.jsonl.gz";
const out = process.argv[3] ?? "out/example-02";

// Keep documents of at least 100 words, written mostly in Latin script.
const latinProse = filter(
  "latin_prose",
  (doc) => {
    const words = doc.text.split(/\s+/).filter(Boolean);
    if (words.length < 100) return { keep: false, reason: "too_few_words" };
    const letters = doc.text.match(/\p{L}/gu) ?? [];
    const latin = doc.text.match(/\p{Script=Latin}/gu) ?? [];
    return latin.length / Math.max(1, letters.length) >= 0.8 ? true : { keep: false, reason: "not_latin" };
  },
  { rejected: writeJsonl(`${out}/rejected`) },
);

const { result, stats } = await pipe(readJsonl(input), latinProse, writeJsonl(`${out}/kept`));
console.log(formatStatsTable(stats));
console.log(`kept ${result.documents} documents in ${result.shards.map((s) => s.path).join(", ")}`);
