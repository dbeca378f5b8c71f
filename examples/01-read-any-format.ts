// Shows: read() picks the reader by extension, so one call reads JSONL (plain, gzip, zstd), CSV,
// Parquet, GBK text and WET files alike, and every document has the same shape.
// Run: npx tsx examples/01-read-any-format.ts [paths or globs...]
import { pipe, read } from "corpuskit";

const inputs = process.argv.slice(2);
// the sample corpus that comes with the package, one file per format
const sample = ["web.jsonl.gz", "books.jsonl.zst", "licenses.csv", "udhr.parquet", "zh-gbk.txt", "crawl.wet.gz"].map((f) => `examples/data/${f}`);
const source = read(inputs.length > 0 ? inputs : sample, {
  addFilePath: true,
});

const perFile = new Map<string, number>();
const pipeline = pipe(source);
for await (const doc of pipeline) {
  const file = String(doc.meta.file_path);
  perFile.set(file, (perFile.get(file) ?? 0) + 1);
}
for (const [file, count] of perFile) console.log(`${count.toString().padStart(6)}  ${file}`);
const stats = pipeline.stats.get("read")!;
console.log(`${stats.get("forwarded")} documents, ${(stats.get("bytes_out") / 1e3).toFixed(1)} kB of text from ${stats.get("files")} files`);
