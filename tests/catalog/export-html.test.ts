// The catalog as an HTML page: one row per entry with the figures as numbers to sort by, the
// filter attributes findDatasets() would match on, escaped text, and only its own script.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DatasetSchema, datasets, exportCatalog, findDatasets } from "../../src/index.js";
import { CATALOG_PAGE_SCRIPT } from "../../src/catalog/catalog-page-script.js";
import { runCli } from "../support.js";

describe("exportCatalog html", () => {
  it("has a row per dataset with its sizes as sortable numbers", async () => {
    const html = await exportCatalog(datasets(), "html");
    const rows = [...html.matchAll(/<tr data-id="([^"]+)".*?<\/tr>/g)];
    expect(rows.map((m) => m[1])).toEqual(datasets().map((d) => d.id));
    for (const [row, id] of rows) {
      const d = datasets().find((x) => x.id === id)!;
      const values = [...row.matchAll(/<td class="num"(?: data-value="([^"]+)")?/g)].map((m) => (m[1] === undefined ? undefined : Number(m[1])));
      expect(values, id).toEqual([d.size.bytes?.value ?? d.size.compressedBytes?.value, d.size.tokens?.value, d.size.documents?.value]);
    }
  });

  it("marks each row with what the filters match, as findDatasets does", async () => {
    const html = await exportCatalog(datasets(), "html");
    // the page's language rule: a code, or a variant of it ("zh" finds "zh-Hant")
    const zhPretraining = [...html.matchAll(/<tr data-id="([^"]+)" data-languages="([^"]*)" data-stages="([^"]*)"/g)]
      .filter(([, , langs, stages]) => langs!.split(" ").some((c) => c === "zh" || c.startsWith("zh-")) && stages!.split(" ").includes("pretraining"))
      .map((m) => m[1]);
    expect(zhPretraining).toEqual(findDatasets({ language: "zh", stage: "pretraining" }).map((d) => d.id));
    expect(zhPretraining.length).toBeGreaterThan(3);
    expect(html).toMatch(/<option value="zh">zh Chinese \(\d+\)<\/option>/);
    expect(html).toContain('<option value="pretraining">');
  });

  it("allows only its own script, by hash, and loads nothing", async () => {
    const html = await exportCatalog(datasets(), "html");
    const hash = createHash("sha256").update(CATALOG_PAGE_SCRIPT).digest("base64");
    expect(html).toContain(`script-src &#39;sha256-${hash}&#39;`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script>${CATALOG_PAGE_SCRIPT}</script>`);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/<link\b/);
  });

  it("escapes entry text", async () => {
    const entry = DatasetSchema.parse({
      ...datasets()[0],
      id: "hostile",
      name: `<img src=x onerror="alert(1)">`,
      description: `A description with </td><script>alert(1)</script> in it.`,
      homepage: "https://example.org/?a=1&b=2",
    });
    const html = await exportCatalog([entry], "html");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain('href="https://example.org/?a=1&amp;b=2"');
  });

  it("corpuskit catalog export --format html prints the page", () => {
    const run = runCli("catalog", "export", "--format", "html");
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith("<!doctype html>")).toBe(true);
    expect(run.stdout).toContain(`<span id="shown">${datasets().length}</span>`);
  });
});
