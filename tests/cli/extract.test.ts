// corpuskit extract: the sample's real WARC pages to their main text, behind the URL filter, with
// the steps' flags from their descriptors.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractText, readJsonl, readWarc } from "../../src/index.js";
import { collect, runCli, tempDir } from "../support.js";

describe("corpuskit extract", () => {
  it("writes each page's main text, as extractText gives it, with its title", async () => {
    const out = join(await tempDir(), "out");
    const run = runCli("extract", "examples/data/pages.warc.gz", "-o", out, "--url-filter", "--no-tables", "-q", "--json");
    expect(run.code, run.stderr).toBe(0);
    const pages = await collect(readWarc("examples/data/pages.warc.gz"));
    const docs = await collect(readJsonl(`${out}/*.jsonl.gz`));
    expect(docs.map((d) => d.id)).toEqual(pages.map((p) => p.id));
    for (const [i, doc] of docs.entries()) {
      const expected = extractText(pages[i]!.text, { tables: false });
      expect(doc.text).toBe(expected.text);
      expect(doc.meta.title).toBe(expected.title);
      expect(doc.text.length).toBeLessThan(pages[i]!.text.length / 2);
    }
    const stats = JSON.parse(run.stdout) as { stats: { steps: { name: string }[] } };
    expect(stats.stats.steps.map((s) => s.name)).toEqual(["read", "url_filter", "extract", "write_jsonl"]);
  });

  it("drops pages of a blocked domain into rejected/url_filter", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    const pages = await collect(readWarc("examples/data/pages.warc.gz"));
    // the pages are www.debian.org's: a listed host that is not the registered domain is datatrove's `subdomain`
    const host = new URL(String(pages[0]!.meta.url)).hostname;
    const list = join(dir, "domains");
    await import("node:fs/promises").then((fs) => fs.writeFile(list, `${host}\n`));
    const run = runCli("extract", "examples/data/pages.warc.gz", "-o", out, "--url-filter", "--block-domains", list, "-q", "--json");
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { output: { documents: number }; stats: { steps: { name: string; counters: Record<string, number> }[] } };
    expect(summary.output.documents).toBe(0);
    expect(summary.stats.steps.find((s) => s.name === "url_filter")!.counters.dropped_subdomain).toBe(pages.length);
    expect(await collect(readJsonl(`${out}/rejected/url_filter/*.jsonl.gz`))).toHaveLength(pages.length);
  });

  it("refuses a value outside a step's choices as a usage error", () => {
    expect(runCli("extract", "examples/data/pages.warc.gz", "out", "--favor", "speed").code).toBe(2);
  });
});
