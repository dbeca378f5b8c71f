// Shows: any async generator function is a step; step() only gives it a name for the Stats.
// This one cuts each document into paragraphs, so the pipeline's count changes from step to step.
// Run: npx tsx examples/03-own-step.ts [output-dir]
import { formatStatsTable, pipe, readParquet, step, writeJsonl, type Doc } from "corpuskit";

const paragraphs = step("paragraphs", async function* (docs: AsyncIterable<Doc>) {
  for await (const doc of docs) {
    const parts = doc.text.split(/\n\s*\n/);
    for (let i = 0; i < parts.length; i++) yield { id: `${doc.id}/${i}`, text: parts[i]!, meta: { ...doc.meta, paragraph: i } };
  }
});

const out = process.argv[2] ?? "out/example-03";

const { result, stats } = await pipe(readParquet("examples/data/udhr.parquet"), paragraphs, writeJsonl(out, { compression: "zstd", maxDocsPerShard: 1000 }));
console.log(formatStatsTable(stats));
console.log(`${result.documents} paragraphs in ${result.shards.length} zstd shards`);
