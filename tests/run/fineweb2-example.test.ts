// examples/fineweb2.yaml, run as a user runs it (four stages over two tasks), against the same steps
// in one process: language with FineWeb-2's per-language score thresholds, MinHash within each
// language with cluster sizes, and the three filters with preset "fineweb2". FineWeb-2's configs
// folder when there is one (CORPUSKIT_FINEWEB2_CONFIGS or ../shared/data), else the three languages
// of tests/fixtures/fineweb2-config-facts (FineWeb-2's own values for cmn_Hani, rus_Cyrl, deu_Latn).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Doc } from "../../src/doc.js";
import { minhashDedup } from "../../src/dedup/minhash/minhash-dedup.js";
import { FINEWEB2_CONFIGS_ENV } from "../../src/filters/fineweb2/configs.js";
import { fineweb2Filters } from "../../src/filters/fineweb2/filters.js";
import { languageFilter } from "../../src/filters/language.js";
import { read } from "../../src/io/read.js";
import { pipe } from "../../src/pipeline/pipe.js";
import { loadPipelineConfig } from "../../src/run/config.js";
import { runPipeline } from "../../src/run/run-pipeline.js";
import { SHARED_DATA } from "../../scripts/reference-text.js";
import { collect, FIXTURES, tempDir } from "../support.js";

const EXAMPLE = "examples/fineweb2.yaml";
const given = process.env[FINEWEB2_CONFIGS_ENV];
const shared = join(SHARED_DATA, "fineweb-2-configs", "configs");
const CONFIGS = given ?? (existsSync(shared) ? shared : resolve(FIXTURES, "fineweb2-config-facts"));

/** The run's output shards, read back in name order. */
function outputDocs(dir: string): Promise<Doc[]> {
  const files = readdirSync(dir)
    .filter((f) => /^\d{5}_\d{5}\.jsonl\.gz$/.test(f))
    .sort()
    .map((f) => join(dir, f));
  return collect(read(files));
}

describe(`examples/fineweb2.yaml (configs: ${CONFIGS})`, () => {
  const before = process.env[FINEWEB2_CONFIGS_ENV];
  beforeAll(() => {
    process.env[FINEWEB2_CONFIGS_ENV] = CONFIGS;
  });
  afterAll(() => {
    if (before === undefined) delete process.env[FINEWEB2_CONFIGS_ENV];
    else process.env[FINEWEB2_CONFIGS_ENV] = before;
  });

  it("runs as four stages over two tasks and keeps what the same steps keep in one process, with the same cluster sizes", async () => {
    const out = await tempDir();
    const { stats } = await runPipeline(EXAMPLE, { output: out, worldSize: 2, workers: 0 });
    const run = await outputDocs(out);

    const config = parse(readFileSync(EXAMPLE, "utf8")) as { input: { paths: string } };
    const alone = await collect(
      pipe(
        read(config.input.paths),
        languageFilter({ languageScore: "fineweb2" }),
        minhashDedup({ perLanguage: true, clusterSizes: true }),
        ...fineweb2Filters(),
      ),
    );
    const summary = (docs: Doc[]) =>
      docs.map((d) => [d.id, d.meta.language, d.meta.minhash_cluster_size]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(summary(run)).toEqual(summary(alone));

    // Chinese, Russian and German documents pass with their own thresholds; clusters were found
    const kept = (lang: string) => run.filter((d) => d.meta.language === lang).length;
    expect(kept("zh")).toBeGreaterThan(0);
    expect(kept("ru")).toBeGreaterThan(10);
    expect(run.some((d) => (d.meta.minhash_cluster_size as number) > 1)).toBe(true);
    // English has no FineWeb-2 config: its documents are counted, not silently judged as another language
    const step = (name: string) => stats.steps.find((s) => s.name === name)!;
    expect(step("gopher_quality").get("no_language_config")).toBeGreaterThan(0);
    expect(step("language").get("dropped_language_score_below_threshold")).toBeGreaterThan(0);
  });

  it("is a valid config whose filters carry the preset key", async () => {
    const config = await loadPipelineConfig(EXAMPLE);
    const presets = config.steps.filter((s) => (s as { preset?: string }).preset === "fineweb2").map((s) => s.step);
    expect(presets).toEqual(["gopher_repetition", "fineweb_quality", "gopher_quality"]);
    await expect(loadPipelineConfig({ input: "x", output: "y", steps: [{ step: "gopher_quality", preset: "fineweb3" } as never] })).rejects.toThrow(
      /steps(\[0\]|\.0)\.preset/,
    );
  });
});
