import { describe, expect, it } from "vitest";
import { pipe, sink, type Doc } from "../../src/index.js";
import { perplexity } from "../../src/score/perplexity.js";
import type { ScoringModel } from "../../src/score/scoring-model.js";
import { collect } from "../support.js";

/** A model that gives every token (and </s>) probability 1/V, and records what it was asked. */
function uniform(v: number): ScoringModel & { seen: string[][] } {
  const seen: string[][] = [];
  return { seen, score: (tokens) => (seen.push([...tokens]), -(tokens.length + 1) * Math.log10(v)) };
}

const table = (language: string, p30: number, p60: number) => ({
  language,
  percentiles: Array.from({ length: 101 }, (_, p) => (p < 30 ? p : p < 60 ? p30 : p60)),
});

describe("perplexity", () => {
  it("scores each line after CCNet's normalization, with one </s> per line (DocLM)", async () => {
    const model = uniform(500);
    const docs: Doc[] = [{ id: "a", text: "Hello, World 42!\n\nSecond LINE — café", meta: { language: "en" } }];
    const [doc] = await collect(pipe(docs, perplexity({ models: { en: model }, cutoffs: { en: table("en", 340, 520) } })));
    // the uniform model makes the perplexity exactly V whatever the tokens, which checks the arithmetic
    expect(doc!.meta.perplexity).toBe(500);
    expect(doc!.meta.bucket).toBe("middle");
    // lowercase, digits to 0, — to " - ", accents stripped; the empty line is scored too, as DocLM does
    expect(model.seen).toEqual([["hello", ",", "world", "00", "!"], [], ["second", "line", "-", "cafe"]]);
  });

  it("in ccnet-mined mode scores the whole document as one sequence, newlines deleted without a space", async () => {
    const model = uniform(100);
    const docs: Doc[] = [{ id: "a", text: "first line ends\nsecond starts", meta: { language: "en" } }];
    const [doc] = await collect(pipe(docs, perplexity({ models: { en: model }, mode: "ccnet-mined" })));
    expect(model.seen).toEqual([["first", "line", "endssecond", "starts"]]);
    expect(doc!.meta.perplexity).toBe(100);
  });

  it("weights lines by their tokens: 10^(-sum of log10 / (tokens + lines))", async () => {
    // a model that gives log10 -1 per token on the first line and -2 on the second
    let call = 0;
    const model: ScoringModel = { score: (t) => (call++ === 0 ? -1 : -2) * (t.length + 1) };
    const [doc] = await collect(pipe([{ id: "a", text: "a b c\nd", meta: { language: "en" } }] as Doc[], perplexity({ models: { en: model } })));
    // (4 * 1 + 2 * 2) / 6 = 4/3 -> 10^(4/3) = 21.544... -> 21.5
    expect(doc!.meta.perplexity).toBe(21.5);
  });

  it("gives 'all' and no perplexity to a language without a model, and counts buckets in Stats", async () => {
    const docs: Doc[] = [
      { id: "en", text: "some words", meta: { language: "en" } },
      { id: "xx", text: "texte", meta: { language: "fr" } },
      { id: "none", text: "no language", meta: {} },
    ];
    const pipeline = pipe(docs, perplexity({ models: { en: uniform(10) }, cutoffs: { en: table("en", 340, 520) } }));
    const out = await collect(pipeline);
    expect(out.map((d) => [d.id, d.meta.bucket, d.meta.perplexity])).toEqual([
      ["en", "head", 10],
      ["xx", "all", undefined],
      ["none", "all", undefined],
    ]);
    const stats = pipeline.stats.get("perplexity")!;
    expect([stats.get("bucket_head"), stats.get("bucket_all"), stats.get("no_model"), stats.get("scored")]).toEqual([1, 2, 2, 1]);
  });

  it("keeps only the buckets asked for and sends the others to `rejected` with their reason", async () => {
    const rejected: Doc[] = [];
    const keepRejected = sink("keep", async (input: AsyncIterable<Doc>) => {
      for await (const d of input) rejected.push(d);
    });
    const models = { en: uniform(1000), zh: uniform(50) };
    const docs: Doc[] = [
      { id: "tail", text: "words", meta: { language: "en" } },
      { id: "head", text: "词语", meta: { language: "zh" } },
    ];
    const cutoffs = { en: table("en", 340, 520), zh: table("zh", 1460, 1950) };
    const kept = await collect(pipe(docs, perplexity({ models, cutoffs, keep: ["head", "middle"], rejected: keepRejected })));
    expect(kept.map((d) => d.id)).toEqual(["head"]);
    expect(rejected.map((d) => [d.id, d.meta.bucket, d.meta.filter_reason])).toEqual([["tail", "tail", "bucket_tail"]]);
  });

  it("refuses options it does not know, naming the key", () => {
    expect(() => perplexity({ mode: "per-doc" as "per-line" })).toThrow(/mode/);
  });
});
