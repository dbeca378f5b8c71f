// corpuskit filter --preset fineweb2: the language step with FineWeb-2's per-language score
// thresholds and the three filters in FineWeb-2's order with their per-language settings, as the
// library's languageFilter + fineweb2Filters() give them; and its errors.
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fineweb2Filters } from "../../src/filters/fineweb2/filters.js";
import { languageFilter } from "../../src/filters/language.js";
import { read } from "../../src/io/read.js";
import { pipe } from "../../src/pipeline/pipe.js";
import { collect, FIXTURES, runCli, tempDir } from "../support.js";

// FineWeb-2's own values for cmn_Hani, rus_Cyrl and deu_Latn (see tests/fixtures/README.md)
const CONFIGS = resolve(FIXTURES, "fineweb2-config-facts");
const INPUT = "examples/data/crawl.wet.gz";

describe("corpuskit filter --preset fineweb2", () => {
  it("runs language ID and FineWeb-2's three filters, in its order, deciding as the library does", async () => {
    const out = await tempDir();
    const run = runCli("filter", INPUT, "-o", out, "--preset", "fineweb2", "--fineweb2-configs", CONFIGS, "--json", "--quiet");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { stats: { steps: { name: string; counters: Record<string, number> }[] } };
    const names = report.stats.steps.map((s) => s.name);
    expect(names.slice(1, 5)).toEqual(["language", "gopher_repetition", "fineweb_quality", "gopher_quality"]);
    // English, Japanese... have no config here: counted
    expect(report.stats.steps.find((s) => s.name === "gopher_quality")!.counters.no_language_config).toBeGreaterThan(0);
    const kept = await collect(read(join(out, "00000.jsonl.gz")));
    const alone = await collect(pipe(read(INPUT), languageFilter({ languageScore: "fineweb2", configs: CONFIGS }), ...fineweb2Filters({ configs: CONFIGS })));
    expect(kept.map((d) => d.id)).toEqual(alone.map((d) => d.id));
    expect(kept.length).toBeGreaterThan(0);
    expect(readdirSync(join(out, "rejected")).sort()).toEqual(expect.arrayContaining(["gopher_quality", "language"]));
  });

  it("names where to get the configs when the folder is missing, and refuses --fineweb2-configs alone or another preset", async () => {
    const dir = await tempDir();
    const missing = runCli("filter", INPUT, "-o", join(dir, "a"), "--preset", "fineweb2", "--fineweb2-configs", join(dir, "nowhere"), "--quiet");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nowhere does not exist.*huggingface\/fineweb-2/);
    const alone = runCli("filter", INPUT, "-o", join(dir, "b"), "--fineweb2-configs", CONFIGS, "--quiet");
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--fineweb2-configs.*--preset fineweb2/);
    expect(runCli("filter", INPUT, "-o", join(dir, "c"), "--preset", "fineweb3").code).toBe(2);
  });
});
