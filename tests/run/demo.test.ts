// npm start's job on the bundled sample corpus: reads every file and format, loses nothing.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatOf, read as readFiles, readJsonl } from "../../src/index.js";
import { runDemo } from "../../src/run/demo.js";
import { collect, tempDir } from "../support.js";

const DATA = "examples/data";
const dataFiles = readdirSync(DATA)
  .filter((f) => f !== "README.md")
  .sort();

describe("the bundled sample corpus", () => {
  it("is at least 2 MB of text in every format the readers take", () => {
    const formats = new Set(dataFiles.map((f) => formatOf(f)));
    for (const format of ["jsonl", "text", "parquet", "warc", "csv"] as const) expect(formats).toContain(format);
    expect(dataFiles.some((f) => f.endsWith(".jsonl.gz"))).toBe(true);
    expect(dataFiles.some((f) => f.endsWith(".jsonl.zst"))).toBe(true);
    expect(dataFiles.some((f) => f.endsWith(".wet.gz"))).toBe(true);
    expect(dataFiles.some((f) => f.endsWith(".warc.gz"))).toBe(true);
  });

  it("runs end to end: every file read, every document written or dropped with a reason", async () => {
    const out = await tempDir();
    const { result, stats, tokens } = await runDemo({ data: DATA, output: out });
    const read = stats.get("read")!;
    expect(read.get("files")).toBe(dataFiles.length);
    expect(read.get("skipped_bad_record")).toBe(0);
    expect(read.get("skipped_bad_file")).toBe(0);
    expect(read.get("bytes_out")).toBeGreaterThan(2_000_000);
    const written = await collect(readJsonl(join(out, "documents")));
    expect(written).toHaveLength(result.documents);
    // nothing lost: every document read is written or sits in a rejected folder with its reason
    const dropped: { metadata: { filter_reason: string } }[] = [];
    for (const step of ["extract", "exact_dedup", "minhash_dedup", "gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality", "c4_badwords"]) {
      const dir = join(out, "rejected", step);
      if (readdirSync(out).includes("rejected") && readdirSync(join(out, "rejected")).includes(step)) {
        for (const d of await collect(readJsonl(dir))) dropped.push({ metadata: { filter_reason: String(d.meta.filter_reason) } });
      }
    }
    const emptied = stats.get("normalize")!.get("dropped");
    expect(written.length + dropped.length + emptied).toBe(read.get("forwarded"));
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.every((d) => d.metadata.filter_reason.length > 0)).toBe(true);
    // every document carries its language
    expect(written.every((d) => typeof d.meta.language === "string")).toBe(true);
    // the multilingual sample stays multilingual: Gopher's English word rules judge English only here
    expect(written.filter((d) => d.meta.language === "zh").length).toBeGreaterThan(20);
    // the demo keeps documents from most files, the WARC pages among them
    expect(new Set(written.map((d) => String(d.meta.file_path).split("/").pop())).size).toBeGreaterThanOrEqual(6);
    // Chinese from the GBK file decoded, not mojibake
    const gbk = await collect(readFiles(`${DATA}/zh-gbk.txt`, { split: "paragraph" }));
    expect(gbk.length).toBeGreaterThan(10);
    expect(gbk.filter((d) => /\p{Script=Han}/u.test(d.text)).length / gbk.length).toBeGreaterThan(0.8);
    expect(gbk.some((d) => d.text.includes("\uFFFD"))).toBe(false);
    expect(read.get("replacement_chars")).toBe(0);
    expect(statSync(join(out, "documents", "00000.jsonl.gz")).size).toBeGreaterThan(0);
    const deduplicated = stats.get("exact_dedup")!.get("dropped") + stats.get("minhash_dedup")!.get("dropped");
    const noContent = stats.get("extract")!.get("dropped");
    expect(stats.get("language")!.get("total")).toBe(read.get("forwarded") - noContent - emptied - deduplicated);
    // the WARC pages reach the filters as their main content: no markup, no site chrome (the crawl's
    // planted cookie banner and footer, the Debian pages' navigation bars)
    const warcRecords = (await collect(readFiles(`${DATA}/*.warc.gz`))).length;
    const extract = stats.get("extract")!;
    expect(extract.get("total")).toBe(read.get("forwarded"));
    expect(extract.get("passed_non_html")).toBe(read.get("forwarded") - warcRecords);
    const pages = written.filter((d) => String(d.meta.file_path).endsWith(".warc.gz"));
    // every page of the sample has a main content; most then fall to Gopher's alphabetic-words rule
    // (their tables of commands, cells joined by " | "), as they would in FineWeb
    expect(noContent).toBe(0);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const page of pages) {
      expect(page.text).not.toMatch(/<\/?(?:div|p|a|span|li|html|body)\b/i);
      expect(page.text).not.toContain("All rights reserved");
      expect(page.text).not.toContain("Click here to subscribe");
    }
    // the planted duplicates go: 15 exact copies in web.jsonl.gz alone, and the crawl's near-copies
    expect(stats.get("exact_dedup")!.get("dropped")).toBeGreaterThanOrEqual(15);
    expect(stats.get("minhash_dedup")!.get("dropped")).toBeGreaterThanOrEqual(4);
    // the kept documents, tokenized: one Megatron sequence per document, each ending in <|endoftext|>
    expect(tokens.documents).toBe(result.documents);
    expect(tokens.tokens).toBeGreaterThan(result.documents * 10);
    // the tokenization leg is in the run's Stats too (the table, stats.json and the report show it)
    expect(stats.get("tokenize")!.get("tokens")).toBe(tokens.tokens);
    const idx = readFileSync(join(out, "tokens", "train.idx"));
    expect(idx.subarray(0, 9).toString("latin1")).toBe("MMIDIDX\0\0");
    expect(Number(idx.readBigUInt64LE(18))).toBe(result.documents);
  });
});
