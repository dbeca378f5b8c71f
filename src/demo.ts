// The main job on the bundled sample corpus, as a library function so tests and the CLI run the
// same thing. Steps are added here as they land (normalize, language, quality, perplexity, dedup,
// tokenize); today it reads every format and writes datatrove-shaped JSONL shards.
import { join } from "node:path";
import { read } from "./io/read.js";
import { writeJsonl, type WriteSummary } from "./io/write-jsonl.js";
import { pipe, type PipeResult } from "./pipeline/pipe.js";
import { withProgress } from "./pipeline/progress.js";

export interface DemoOptions {
  data: string;
  output: string;
}

export async function runDemo(options: DemoOptions): Promise<PipeResult<WriteSummary>> {
  // Every data file of the sample; the folder's README.md describes the data and is not part of it.
  const source = read(`${options.data}/*.{jsonl,jsonl.gz,jsonl.zst,csv,tsv,parquet,txt,warc.gz,wet.gz}`, {
    // The GBK text file is split into paragraphs; every other format has its own records.
    split: "paragraph",
    addFilePath: true,
    onError: "skip",
    rejected: writeJsonl(join(options.output, "rejected")),
  });
  return pipe(withProgress(source, { label: "demo" }), writeJsonl(join(options.output, "documents"), { maxDocsPerShard: 1000 }));
}
