// The main job on the bundled sample corpus, as a library function so tests and the CLI run the
// same thing: read every format, take the web pages' main content out of their HTML, clean the text,
// drop exact and near duplicates, identify the language, score perplexity, run the Gopher, C4, FineWeb and C4 bad-words filters (each dropping
// into its own rejected folder), write JSONL shards, then tokenize what was kept into Megatron files.
import { join } from "node:path";
import { c4BadWords } from "../filters/c4-badwords.js";
import { c4Quality } from "../filters/c4-quality.js";
import { finewebQuality } from "../filters/fineweb-quality.js";
import { gopherQuality } from "../filters/gopher-quality.js";
import { gopherRepetition } from "../filters/gopher-repetition.js";
import { languageFilter } from "../filters/language.js";
import { read } from "../io/read.js";
import { writeJsonl, type WriteSummary } from "../io/write-jsonl.js";
import { readJsonl } from "../io/formats/jsonl.js";
import { tokenize } from "../tokenize/tokenize-step.js";
import { loadTokenizer } from "../tokenize/text-tokenizer.js";
import { writeTokens, type WriteTokensSummary } from "../tokenize/write-tokens.js";
import { pipe, pipeWith, type PipeResult } from "../pipeline/pipe.js";
import { withProgress } from "./progress.js";
import { normalize } from "../clean/normalize.js";
import { extract } from "../extract/extract.js";
import { perplexity } from "../score/perplexity.js";
import { exactDedup } from "../dedup/exact-dedup.js";
import { minhashDedup } from "../dedup/minhash/minhash-dedup.js";

export interface DemoOptions {
  data: string;
  output: string;
  /** No progress lines on stderr. */
  quiet?: boolean;
  /** Folders the sample's glob passes over (the output, when it sits in the data folder). */
  exclude?: string[];
}

export async function runDemo(options: DemoOptions): Promise<PipeResult<WriteSummary> & { tokens: WriteTokensSummary }> {
  const rejected = (name: string) => ({ rejected: writeJsonl(join(options.output, "rejected", name)) });
  // Every data file of the sample; the folder's README.md describes the data and is not part of it.
  const source = read(`${options.data}/*.{jsonl,jsonl.gz,jsonl.zst,csv,tsv,parquet,txt,warc.gz,wet.gz}`, {
    // The GBK text file is split into paragraphs; every other format has its own records.
    split: "paragraph",
    addFilePath: true,
    onError: "skip",
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...rejected("unreadable"),
  });
  const run = await pipe(
    withProgress(source, { label: "demo", mode: options.quiet ? "none" : "auto" }),
    // the WARC responses are raw HTML: their main content, as FineWeb takes it from a crawl; every
    // other file already holds text and passes through
    extract({ nonHtml: "pass", ...rejected("extract") }),
    normalize(),
    // the planted duplicates: exact copies (simplified text), then near-copies (MinHash, 14x8)
    exactDedup(rejected("exact_dedup")),
    minhashDedup(rejected("minhash_dedup")),
    // annotate only: the sample is multilingual on purpose
    languageFilter(),
    // CCNet perplexity with the bundled English and Chinese models: annotates meta.perplexity and
    // meta.bucket (head/middle/tail; "all" for the other languages) and counts the buckets
    perplexity(),
    gopherRepetition(rejected("gopher_repetition")),
    // datatrove checks mean word length and Gopher's English stop words on every language, which
    // drops nearly all Chinese (words under 2 characters, no "the"); the sample is multilingual on
    // purpose, so here those two rules judge English only
    gopherQuality({ englishOnlyWordRules: true, ...rejected("gopher_quality") }),
    // C4's line rules are English rules: applied to English documents only
    c4Quality({ languages: ["en"], filterNoTerminalPunct: false, ...rejected("c4_quality") }),
    finewebQuality(rejected("fineweb_quality")),
    c4BadWords({ failOnMissingLanguage: false, ...rejected("c4_badwords") }),
    writeJsonl(join(options.output, "documents"), { maxDocsPerShard: 1000 }),
  );
  // The kept documents, tokenized for training: cl100k_base ids with <|endoftext|> between
  // documents, in Megatron-LM's .bin/.idx
  const tokenizer = await loadTokenizer("cl100k_base");
  // (into the same Stats: the run's table and report show the tokenization leg too)
  const tokens = await pipeWith(
    { stats: run.stats },
    readJsonl(join(options.output, "documents")),
    tokenize({ tokenizer }),
    writeTokens(join(options.output, "tokens", "train"), { format: "megatron", vocabSize: tokenizer.vocabSize, tokenizer: "cl100k_base" }),
  );
  return { ...run, tokens: (tokens as PipeResult<WriteTokensSummary>).result };
}
