// The run report as HTML text: the figures of the stats appear as they are, and text from
// documents and configs is escaped. What a browser shows is in browser.test.ts.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, InputError, PipelineStats, reportHtml, writeRunReport } from "../../src/index.js";
import { runCli, tempDir } from "../support.js";

const HOSTILE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> & 'quoted' "text"`;

/** Stats as a small run records them: a source, a filter that dropped two documents, a sink. */
function sampleStats(): PipelineStats {
  const stats = new PipelineStats();
  const read = stats.create("read");
  read.add("forwarded", 5);
  read.add("bytes_out", 5000);
  const lang = stats.create("language");
  for (const [k, v] of Object.entries({ total: 5, forwarded: 5, bytes_in: 5000, bytes_out: 5000, language_en: 3, language_zh: 2 })) lang.add(k, v);
  const ppl = stats.create("perplexity");
  for (const [k, v] of Object.entries({ total: 5, forwarded: 5, bytes_in: 5000, bytes_out: 5000 })) ppl.add(k, v);
  const edges = [1, 10, 100, 1000, 10000];
  for (const v of [50, 300, 400, 2000]) ppl.observe("perplexity_en", v, edges);
  ppl.mark("perplexity_en", "head", 200, edges);
  ppl.mark("perplexity_en", "tail", 1500, edges);
  const filter = stats.create("gopher_quality");
  for (const [k, v] of Object.entries({ total: 5, forwarded: 3, dropped: 2, bytes_in: 5000, bytes_out: 3100, dropped_gopher_short_doc: 2 })) filter.add(k, v);
  filter.sample("gopher_short_doc", { id: "doc-<1>", text: HOSTILE });
  filter.sample("gopher_short_doc", { id: "doc-2", text: "x".repeat(900) });
  filter.seconds = 0.5;
  const write = stats.create("write_jsonl");
  write.add("total", 3);
  write.add("bytes_in", 3100);
  stats.seconds = 1.25;
  return stats;
}

describe("reportHtml", () => {
  it("shows each step's documents and bytes in and out as in the stats", () => {
    const stats = sampleStats();
    const html = reportHtml(stats);
    for (const step of stats.toJSON().steps) {
      const row = html.match(new RegExp(`<tr data-step="${step.name}">.*?</tr>`))?.[0];
      expect(row, step.name).toBeDefined();
      const field = (f: string) => row!.match(new RegExp(`data-field="${f}"(?: data-value="(\\d+)")?>([^<]*)<`))!;
      for (const [f, key] of [
        ["docs-in", "total"],
        ["docs-out", "forwarded"],
        ["bytes-in", "bytes_in"],
        ["bytes-out", "bytes_out"],
        ["dropped", "dropped"],
      ] as const) {
        const value = step.counters[key];
        expect(field(f)[1], `${step.name} ${f}`).toBe(value === undefined ? undefined : String(value));
        expect(field(f)[2], `${step.name} ${f}`).toBe(value === undefined ? "–" : value.toLocaleString("en-US"));
      }
    }
    expect(html).toContain('data-summary="docs-read" data-value="5"');
    expect(html).toContain('data-summary="docs-kept" data-value="3"');
    expect(html).toMatch(/data-reason="gopher_short_doc" data-count="2"/);
    expect(html).toMatch(/data-language="en" data-count="3"/);
  });

  it("draws the perplexity histogram with its head and tail cut-offs", () => {
    const html = reportHtml(sampleStats());
    const svg = html.match(/<svg class="histogram" data-histogram="perplexity_en".*?<\/svg>/s)?.[0];
    expect(svg).toBeDefined();
    expect(svg).toContain('data-mark="head" data-value="200"');
    expect(svg).toContain('data-mark="tail" data-value="1500"');
    expect([...svg!.matchAll(/data-count="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([1, 2, 1]);
    expect([...svg!.matchAll(/data-region="(\w+)"/g)].map((m) => m[1])).toEqual(["head", "middle", "tail"]);
  });

  it("escapes sample documents, ids and names: a <script> sample is text", () => {
    const stats = sampleStats();
    stats.create('<b onmouseover="x">step</b>').add("total", 1);
    const html = reportHtml(stats);
    expect(html).not.toContain("<script>window.__pwned");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b onmouseover");
    expect(html).toContain(
      "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt; &amp; &#39;quoted&#39; &quot;text&quot;",
    );
    expect(html).toContain('data-id="doc-&lt;1&gt;"');
    expect(html).toContain("&lt;b onmouseover=&quot;x&quot;&gt;step&lt;/b&gt;");
    // the long sample is cut, and says so
    expect(html).toContain("first 600 of 900 characters");
  });

  it("is one self-contained page: no script, nothing fetched, a policy that forbids both", () => {
    const html = reportHtml(sampleStats());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:; script-src &#39;none&#39;`,
    );
  });

  it("takes the JSON stats.json holds, and names what is wrong with other JSON", () => {
    const stats = sampleStats();
    expect(reportHtml(JSON.parse(JSON.stringify(stats.toJSON())))).toBe(reportHtml(stats));
    expect(() => reportHtml({ steps: [{ name: "x" }] } as never)).toThrow(InputError);
    expect(() => reportHtml(stats, { titel: "x" } as never)).toThrow(ConfigError);
    expect(reportHtml(stats, { title: "A & B" })).toContain("<title>A &amp; B</title>");
  });

  it("leaves out what a run did not record", () => {
    const stats = new PipelineStats();
    stats.create("read").add("forwarded", 1);
    const html = reportHtml(stats);
    for (const id of ["drops", "languages", "histograms", "tokens", "samples"]) expect(html).not.toContain(`<section id="${id}"`);
    expect(html).toContain('<section id="funnel"');
    expect(reportHtml({ steps: [], seconds: 0 })).toContain(
      '<div class="card" data-summary="docs-read"><div class="muted">documents read</div><div class="big">–</div></div>',
    );
  });
});

describe("writeRunReport and corpuskit report", () => {
  it("finds stats.json, else an earlier version's .logs/stats.json, or takes a file", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, ".logs"));
    const older = sampleStats();
    older.seconds = 9;
    await writeFile(join(dir, ".logs", "stats.json"), JSON.stringify(older.toJSON()));
    expect((await writeRunReport(dir, join(dir, "r.html"))).statsFile).toBe(join(dir, ".logs", "stats.json"));
    expect(await readFile(join(dir, "r.html"), "utf8")).toContain('data-summary="seconds" data-value="9"');
    await writeFile(join(dir, "stats.json"), JSON.stringify(sampleStats().toJSON()));
    const found = await writeRunReport(dir, join(dir, "r.html"));
    expect(found.statsFile).toBe(join(dir, "stats.json"));
    expect(await readFile(join(dir, "r.html"), "utf8")).toContain('data-summary="seconds" data-value="1.25"');
    const direct = await writeRunReport(join(dir, ".logs", "stats.json"), join(dir, "sub", "r2.html"));
    expect(direct.statsFile).toBe(join(dir, ".logs", "stats.json"));
    expect(await readFile(join(dir, "sub", "r2.html"), "utf8")).toContain('data-summary="seconds" data-value="9"');
  });

  it("names the folder or file when there are no stats to report", async () => {
    const dir = await tempDir();
    await expect(writeRunReport(dir, join(dir, "r.html"))).rejects.toThrow(new RegExp(`${dir}: no stats here: expected stats.json`));
    await mkdir(join(dir, ".logs"));
    await writeFile(join(dir, ".logs", "run.json"), "{}");
    await expect(writeRunReport(dir, join(dir, "r.html"))).rejects.toThrow(/the run has not finished.*merge-stats DIR --allow-incomplete/);
    await writeFile(join(dir, "stats.json"), "{ not json");
    await expect(writeRunReport(dir, join(dir, "r.html"))).rejects.toThrow(InputError);
    await writeFile(join(dir, "stats.json"), JSON.stringify({ steps: "no" }));
    await expect(writeRunReport(dir, join(dir, "r.html"))).rejects.toThrow(/stats.json: not a run's stats \(steps:/);
  });

  it("corpuskit report DIR writes DIR/report.html and prints its path", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "stats.json"), JSON.stringify(sampleStats().toJSON()));
    const run = runCli("report", dir, "--title", "sample run");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`report: ${join(dir, "report.html")}\n`);
    expect(await readFile(join(dir, "report.html"), "utf8")).toContain("<title>sample run</title>");
    const missing = runCli("report", join(dir, "nothing"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`InputError: ${join(dir, "nothing")}: no such file or folder`);
  });
});
