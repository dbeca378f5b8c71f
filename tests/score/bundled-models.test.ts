// The bundled reference models on held-out real text: encyclopedic prose ranks in the head,
// boilerplate and spam in the tail. None of this text was in their training data
// (scripts/reference-text.ts says what was).
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { languageFilter, pipe, read, type Doc } from "../../src/index.js";
import { perplexity } from "../../src/score/perplexity.js";
import { bundledCutoffs, bundledModelPath } from "../../src/score/bundled.js";
import { englishHeldOut, SHARED_DATA } from "../../scripts/reference-text.js";
import { collect } from "../support.js";

const scored = (docs: Doc[]) => collect(pipe(docs, perplexity()));

async function sample(): Promise<Doc[]> {
  return collect(pipe(read("examples/data/*.{jsonl.gz,wet.gz}"), languageFilter()));
}

describe("bundled models", () => {
  it("ship an English and a Chinese model with cut-off tables", () => {
    for (const language of ["en", "zh"]) {
      expect(bundledModelPath(language)).toMatch(new RegExp(`models/${language}\\.arpa\\.gz$`));
      const table = bundledCutoffs(language)!;
      expect(table.percentiles).toHaveLength(101);
      expect(table.percentiles[30]!).toBeLessThan(table.percentiles[60]!);
    }
    expect(bundledModelPath("fr")).toBeUndefined();
  });

  it.skipIf(!existsSync(SHARED_DATA))("rank held-out English Wikipedia paragraphs in the head (needs ../shared/data)", async () => {
    const docs = englishHeldOut().map((text, i) => ({ id: `wiki-${i}`, text, meta: { language: "en" } }));
    const out = await scored(docs);
    const head = out.filter((d) => d.meta.bucket === "head").length;
    expect(out.length).toBeGreaterThan(200);
    expect(head / out.length).toBeGreaterThan(0.8);
  });

  it("rank English cookie banners, sign-in walls and tag clouds in the tail", async () => {
    const junk = (await sample()).filter((d) => ["junk-cookie-en", "junk-login-en", "junk-tags-en"].includes(d.id));
    expect(junk).toHaveLength(3);
    expect((await scored(junk)).map((d) => [d.id, d.meta.bucket])).toEqual(junk.map((d) => [d.id, "tail"]));
  });

  it("rank Chinese boilerplate in the tail, held-out Chinese book text above it", async () => {
    const docs = await sample();
    // the lines every Chinese crawl page repeats: cookie banner, menu, footer, navigation
    const pages = docs.filter((d) => d.meta.language === "zh" && String(d.meta.url ?? "").includes("/zh/"));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    const seen = new Map<string, number>();
    for (const p of pages) for (const line of new Set(p.text.split("\n"))) seen.set(line, (seen.get(line) ?? 0) + 1);
    const boilerplate = [...seen].filter(([line, n]) => n >= pages.length - 1 && line.trim() !== "").map(([line]) => line);
    expect(boilerplate.length).toBeGreaterThan(10);
    const soft404 = docs.find((d) => d.id === "junk-404-zh")!;
    const book = docs.filter((d) => d.id.startsWith("debref-zh-") && !d.id.endsWith("-copy"));
    expect(book.length).toBeGreaterThan(5);
    const [bp, notFound, ...sections] = await scored([{ id: "boilerplate", text: boilerplate.join("\n"), meta: { language: "zh" } }, soft404, ...book]);
    expect(bp!.meta.bucket).toBe("tail");
    expect(notFound!.meta.bucket).toBe("tail");
    // Debian Reference chapters 3-4 (the model read chapters 6-12, and manuals, no encyclopedia:
    // none installs offline in Chinese): most rank above the tail, every one above the boilerplate
    expect(sections.filter((d) => d.meta.bucket !== "tail").length / sections.length).toBeGreaterThan(0.5);
    expect(sections.some((d) => d.meta.bucket === "head")).toBe(true);
    expect(Math.max(...sections.map((d) => d.meta.perplexity!))).toBeLessThan(bp!.meta.perplexity!);
  });

  it("score the languages a user's models leave out, unless bundled: false; the Stats say which model scored what", async () => {
    const docs: Doc[] = [
      { id: "en", text: "The committee met on Tuesday to discuss the budget for the coming year.", meta: { language: "en" } },
      { id: "zh", text: "委员会星期二开会讨论明年的预算。", meta: { language: "zh" } },
      { id: "de", text: "Der Ausschuss traf sich am Dienstag, um den Haushalt zu besprechen.", meta: { language: "de" } },
    ];
    // a German model (any ARPA file does: here the bundled English one under the German label)
    const run = async (bundled: boolean) => {
      const step = perplexity({ models: { de: bundledModelPath("en")! }, bundled });
      const out = pipe(docs, step);
      const scored = await collect(out);
      return { scored, stats: out.stats.get("perplexity")! };
    };
    const withBundled = await run(true);
    expect(withBundled.scored.map((d) => typeof d.meta.perplexity)).toEqual(["number", "number", "number"]);
    expect(withBundled.stats.get("scored_en_bundled_model")).toBe(1);
    expect(withBundled.stats.get("scored_zh_bundled_model")).toBe(1);
    expect(withBundled.stats.get("scored_de_given_model")).toBe(1);
    const only = await run(false);
    expect(only.scored.map((d) => typeof d.meta.perplexity)).toEqual(["undefined", "undefined", "number"]);
    expect(only.stats.get("no_model")).toBe(2);
  });
});
