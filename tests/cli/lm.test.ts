// corpuskit lm train / lm cutoffs / score, end to end on real text.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseArpa } from "../../src/lm/index.js";
import { collect, runCli, tempDir } from "../support.js";
import { languageFilter, pipe, read } from "../../src/index.js";

describe("corpuskit lm and score", () => {
  it("trains a model, computes its cut-offs and scores documents with them", async () => {
    const dir = await tempDir();
    const model = join(dir, "en.arpa.gz");
    // the English licences of the sample corpus as reference text, its web pages as the sample
    const train = runCli("lm", "train", "--input", "examples/data/licenses.csv", "--output", model, "--order", "3", "--language", "en", "--json");
    expect(train.stderr).toBe("");
    expect(train.code).toBe(0);
    const stats = JSON.parse(train.stdout) as { tokens: number; countsKept: number[] };
    const arpa = parseArpa(gunzipSync(readFileSync(model)), model);
    expect(arpa.orders.map((o) => o.log10Probs.length)).toEqual(stats.countsKept);
    expect(stats.tokens).toBeGreaterThan(30_000);

    const cutoffs = join(dir, "en.cutoffs.json");
    const cut = runCli("lm", "cutoffs", "--model", model, "--input", "examples/data/web.jsonl.gz", "--output", cutoffs, "--language", "en");
    expect(cut.code).toBe(0);
    const table = JSON.parse(readFileSync(cutoffs, "utf8")) as { percentiles: number[]; documents: number };
    expect(table.percentiles).toHaveLength(101);
    // only the English documents: the other languages' are skipped and said, never scored with the English model
    const english = (await collect(pipe(read("examples/data/web.jsonl.gz"), languageFilter()))).filter((d) => d.meta.language === "en").length;
    expect(english).toBeGreaterThan(20);
    expect(english).toBeLessThan(224);
    expect(table.documents).toBe(english);
    expect(cut.stderr).toMatch(new RegExp(`note: skipped ${224 - english} documents in other languages than en \\(.*\\bzh \\d+`));
    expect(table.percentiles[30]!).toBeLessThanOrEqual(table.percentiles[60]!);

    const out = join(dir, "scored");
    const score = runCli(
      "score",
      "examples/data/licenses.csv",
      "-o",
      out,
      "--model",
      `en=${model}`,
      "--cutoffs",
      `en=${cutoffs}`,
      "--keep",
      "head,middle",
      "--json",
    );
    expect(score.code).toBe(0);
    const summary = JSON.parse(score.stdout) as { stats: { steps: { name: string; counters: Record<string, number> }[] } };
    const step = summary.stats.steps.find((s) => s.name === "perplexity")!;
    // licences are what the model was trained on: all of them rank in the head
    expect(step.counters.bucket_head).toBe(14);
    expect(readdirSync(out).some((f) => f.endsWith(".jsonl.gz"))).toBe(true);
  });

  it("rejects a bad flag value with exit 2 (a usage error) and one line naming it", () => {
    const run = runCli("score", "examples/data/licenses.csv", "-o", "/tmp/x", "--model", "en");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--model.*LANG=PATH/);
  });
});
