// npm run bench [-- NAME...]: runs the named benchmarks (all when none is named). Each prints its
// figures beside a peer measured in the same run; none of them is a pass/fail test.
import { benchFilters } from "./filters.js";
import { benchRead } from "./read.js";
import { benchReadCodecs } from "./read-codecs.js";
import { benchPerplexity } from "./perplexity.js";
import { benchDedup } from "./dedup.js";
import { benchMinhashDedup } from "./minhash-dedup.js";
import { benchTokenize } from "./tokenize.js";
import { benchTokenizeJson } from "./tokenize-json.js";
import { benchPipeline } from "./pipeline.js";
import { benchScale } from "./scale.js";
import { benchClean } from "./clean.js";
import { benchUrlFilter } from "./url-filter.js";
import { benchLangid } from "./langid.js";
import { benchDecont } from "./decont.js";
import { benchExtract } from "./extract.js";
import { benchExactStages } from "./exact-stages.js";
import { benchPipelinePeers } from "./pipeline-peers.js";
import { benchS3 } from "./s3.js";
import { benchSpacyWords } from "./spacy-words.js";
import { captured, writeReport } from "./report.js";

const BENCHES: Record<string, () => Promise<void>> = {
  read: async () => {
    await benchRead();
    await benchReadCodecs();
  },
  "read-codecs": () => benchReadCodecs(),
  filters: benchFilters,
  perplexity: benchPerplexity,
  dedup: benchDedup,
  "minhash-dedup": benchMinhashDedup,
  tokenize: benchTokenize,
  tokenize_json: benchTokenizeJson,
  pipeline: benchPipeline,
  scale: benchScale,
  clean: benchClean,
  url_filter: benchUrlFilter,
  langid: benchLangid,
  decont: benchDecont,
  extract: benchExtract,
  "exact-stages": benchExactStages,
  "pipeline-peers": benchPipelinePeers,
  s3: benchS3,
  "spacy-words": benchSpacyWords,
};

// names, then options a benchmark reads itself (scale: --mb N)
const args = process.argv.slice(2);
const names = args.filter((a, i) => !a.startsWith("--") && !(args[i - 1] ?? "").startsWith("--"));
for (const name of names) {
  if (!BENCHES[name]) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(", ")}`);
    process.exit(2);
  }
}
const outputs = new Map<string, string>();
for (const name of names.length > 0 ? names : Object.keys(BENCHES)) {
  outputs.set(name, await captured(name, BENCHES[name]!));
}
writeReport(Object.keys(BENCHES), outputs);
console.log("\nwritten: bench/REPORT.md");
