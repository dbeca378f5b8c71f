// The report and the catalog page in a real browser: Debian's Chromium, headless, driven by
// playwright-core. The report of the sample run (`corpuskit demo`, what `npm start` runs) must show
// the figures of its stats.json, run nothing from a document, and fetch nothing; the catalog page
// must filter and sort as findDatasets() and the numbers say. Screenshots go to the folder
// CORPUSKIT_SCREENSHOTS names, to look at; without it to the test's temporary folder, never into
// the repository.
// Runs when /usr/bin/chromium exists (`apt-get install -y chromium`; .ci/run installs it); with
// CORPUSKIT_REQUIRE_BROWSER=1 it fails instead of skipping when Chromium is missing.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { datasets, exportCatalog, findDatasets, gopherQuality, makeDoc, pipe, sink, writeReport, type PipelineStatsJson } from "../../src/index.js";
import { runCli, tempDir } from "../support.js";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const available = existsSync(CHROMIUM);
const required = process.env.CORPUSKIT_REQUIRE_BROWSER === "1";
const why = `no ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does)`;
const browserIt = available || required ? it : it.skip;
const title = (name: string) => (available || required ? name : `${name} (skipped: ${why})`);
/** Where a test's screenshot goes. */
async function screenshots(): Promise<string> {
  const dir = process.env.CORPUSKIT_SCREENSHOTS ? resolve(process.env.CORPUSKIT_SCREENSHOTS) : await tempDir();
  await mkdir(dir, { recursive: true });
  return dir;
}

let browser: Browser | undefined;

/** Chromium, launched once; fails with the reason when it was required but is not installed. */
async function launched(): Promise<Browser> {
  expect(available, `CORPUSKIT_REQUIRE_BROWSER=1 but ${why}`).toBe(true);
  if (!browser) {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }
  return browser;
}

afterAll(async () => {
  await browser?.close();
});

/** A page that records every request leaving the file (there must be none) and every script error. */
async function open(path: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await (await launched()).newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(pathToFileURL(path).href);
  return { page, requests, errors };
}

/** The little of the DOM these checks read (the project compiles without lib "dom"). */
interface PageElement {
  dataset: Record<string, string | undefined>;
  innerText: string;
  offsetParent: unknown;
  cells: PageElement[];
  querySelectorAll(selector: string): Iterable<PageElement>;
}

const number = (text: string) => (text.trim() === "–" ? undefined : Number(text.replace(/,/g, "")));

describe("in Chromium", () => {
  browserIt(
    title("the sample run's report shows the numbers of its stats.json, with perplexity cut-offs"),
    async () => {
      await launched();
      const out = await tempDir();
      const demo = runCli("demo", "--output", out, "--quiet");
      expect(demo.code, demo.stderr).toBe(0);
      const reportPath = join(out, "report.html");
      expect(demo.stdout).toContain(`report: ${reportPath}\n`);
      const stats = JSON.parse(await readFile(join(out, "stats.json"), "utf8")) as PipelineStatsJson;
      const { page, requests, errors } = await open(reportPath);

      // the funnel table: every step's documents and bytes, as the stats have them
      const shown = await page.$$eval("table.funnel tbody tr", (rows: PageElement[]) =>
        rows.map((r) => ({
          step: r.dataset.step!,
          cells: Object.fromEntries([...r.querySelectorAll("td[data-field]")].map((td) => [td.dataset.field!, td.innerText])),
        })),
      );
      expect(shown.map((r) => r.step)).toEqual(stats.steps.map((s) => s.name));
      for (const [i, step] of stats.steps.entries()) {
        const cells = shown[i]!.cells;
        expect(number(cells["docs-in"]!), `${step.name} docs in`).toBe(step.counters.total);
        expect(number(cells["docs-out"]!), `${step.name} docs out`).toBe(step.counters.forwarded);
        expect(number(cells["dropped"]!), `${step.name} dropped`).toBe(step.counters.dropped);
        expect(number(cells["bytes-in"]!), `${step.name} bytes in`).toBe(step.counters.bytes_in);
        expect(number(cells["bytes-out"]!), `${step.name} bytes out`).toBe(step.counters.bytes_out);
      }
      const read = stats.steps[0]!;
      const written = stats.steps[stats.steps.length - 1]!;
      expect(number(await page.innerText('[data-summary="docs-read"] .big'))).toBe(read.counters.forwarded);
      expect(number((await page.innerText('[data-summary="docs-kept"] .big')).split(" ")[0]!)).toBe(written.counters.total);

      // the drop reasons of every step that dropped, and the language mix
      for (const step of stats.steps.filter((s) => (s.counters.dropped ?? 0) > 0)) {
        const bars = await page.$$eval(`#drops [data-step="${step.name}"] g.bar`, (gs: PageElement[]) =>
          gs.map((g) => [g.dataset.reason!, Number(g.dataset.count)]),
        );
        expect(Object.fromEntries(bars), step.name).toEqual(
          Object.fromEntries(
            Object.entries(step.counters)
              .filter(([k]) => k.startsWith("dropped_"))
              .map(([k, v]) => [k.slice("dropped_".length), v]),
          ),
        );
      }
      const zh = stats.steps.find((s) => s.name === "language")!.counters.language_zh;
      expect(await page.getAttribute('#languages g.bar[data-language="zh"]', "data-count")).toBe(String(zh));

      // a perplexity histogram per language the run scored, every document in its bars, the cut-offs drawn
      const histograms = stats.steps.flatMap((s) => Object.entries(s.histograms ?? {}));
      expect(histograms.length).toBeGreaterThan(0);
      for (const [name, h] of histograms) {
        const svg = page.locator(`svg[data-histogram="${name}"]`);
        await expect(svg.isVisible()).resolves.toBe(true);
        const counts = await svg.locator("rect.bin").evaluateAll((rs: PageElement[]) => rs.map((r) => Number(r.dataset.count)));
        expect(
          counts.reduce((a, b) => a + b, 0),
          name,
        ).toBe(h.counts.reduce((a, b) => a + b, 0));
        for (const [mark, value] of Object.entries(h.marks ?? {})) {
          const line = svg.locator(`g.mark[data-mark="${mark}"]`);
          await expect(line.isVisible()).resolves.toBe(true);
          expect(Number(await line.getAttribute("data-value"))).toBe(value);
        }
      }
      expect(histograms.some(([, h]) => h.marks?.head !== undefined && h.marks?.tail !== undefined)).toBe(true);

      await page.screenshot({ path: join(await screenshots(), "report.png"), fullPage: true });
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
    180_000,
  );

  browserIt(title("a dropped document with <script> and an onerror image shows as text and runs nothing"), async () => {
    await launched();
    const dir = await tempDir();
    const hostile = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;
    const docs = [makeDoc("hostile", hostile), makeDoc("fine", "This sentence is long enough to keep. ".repeat(20))];
    const { stats } = await pipe(
      docs,
      gopherQuality(),
      sink("drain", async (d: AsyncIterable<unknown>) => {
        for await (const _ of d);
      }),
    );
    expect(stats.get("gopher_quality")!.samples.gopher_short_doc?.[0]?.text).toBe(hostile);
    const path = await writeReport(stats, join(dir, "report.html"));
    const { page, requests, errors } = await open(path);
    await page.click('details.samples[data-reason="gopher_short_doc"] summary');
    const pre = page.locator('article.sample[data-id="hostile"] pre');
    await expect(pre.isVisible()).resolves.toBe(true);
    expect(await pre.innerText()).toBe(hostile);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  browserIt(title("the catalog page filters to the Chinese pretraining sets and sorts sizes by value"), async () => {
    await launched();
    const dir = await tempDir();
    const path = join(dir, "catalog.html");
    await writeFile(path, await exportCatalog(datasets(), "html"));
    const { page, requests, errors } = await open(path);
    const visible = () => page.$$eval("#catalog tbody tr", (rows: PageElement[]) => rows.filter((r) => r.offsetParent !== null).map((r) => r.dataset.id!));
    expect(await visible()).toEqual(datasets().map((d) => d.id));

    await page.selectOption("#language", "zh");
    await page.selectOption("#stage", "pretraining");
    const expected = findDatasets({ language: "zh", stage: "pretraining" }).map((d) => d.id);
    expect(expected.length).toBeGreaterThan(3);
    expect(await visible()).toEqual(expected);
    expect(await page.innerText("#shown")).toBe(String(expected.length));
    expect(new URL(page.url()).hash).toBe("#language=zh&stage=pretraining");

    // the search box narrows further, and clearing it brings the rows back
    await page.fill("#q", "wudao");
    expect(await visible()).toEqual(findDatasets({ language: "zh", stage: "pretraining", text: "wudao" }).map((d) => d.id));
    await page.fill("#q", "");
    expect(await visible()).toEqual(expected);

    // sizes sort by bytes, not by their text ("9 GB" before "10 GB"); unknown sizes last either way
    const sizes = async () =>
      page.$$eval("#catalog tbody tr", (rows: PageElement[]) =>
        rows.filter((r) => r.offsetParent !== null).map((r) => (r.cells[4]!.dataset.value === undefined ? null : Number(r.cells[4]!.dataset.value))),
      );
    await page.click('#catalog th:has-text("bytes")');
    const up = await sizes();
    const known = up.filter((v): v is number => v !== null);
    expect(known.length).toBeGreaterThan(2);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    expect(up.slice(known.length).every((v) => v === null)).toBe(true);
    await page.click('#catalog th:has-text("bytes")');
    const down = await sizes();
    expect(down.filter((v) => v !== null)).toEqual([...known].reverse());
    expect(await page.getAttribute('#catalog th:has-text("bytes")', "aria-sort")).toBe("descending");
    expect((await visible()).sort()).toEqual([...expected].sort());

    await page.screenshot({ path: join(await screenshots(), "catalog.png"), fullPage: true });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
