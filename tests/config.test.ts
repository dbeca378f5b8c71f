import { readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, STEP_NAMES, loadPipelineConfig, readJsonl, runPipeline } from "../src/index.js";
import { collect, FIXTURES, tempDir } from "./support.js";

describe("runPipeline", () => {
  it("runs examples/fineweb.yaml on the sample corpus", async () => {
    const out = await tempDir();
    const { result, stats } = await runPipeline("examples/fineweb.yaml", { output: out });
    expect(stats.steps.map((s) => s.name)).toEqual(["read", "normalize", "language", "gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality", "write_jsonl"]);
    expect(result.documents).toBeGreaterThan(0);
    const docs = await collect(readJsonl(out));
    expect(docs.every((d) => d.meta.language === "en")).toBe(true);
    expect(stats.get("language")!.get("dropped")).toBeGreaterThan(0);
  });

  it("runs examples/ccnet.yaml: line dedup, language, perplexity keeping head and middle", async () => {
    const out = await tempDir();
    const { result, stats } = await runPipeline("examples/ccnet.yaml", { output: out });
    expect(stats.steps.map((s) => s.name)).toEqual(["read", "normalize", "line_dedup", "language", "perplexity", "write_jsonl"]);
    const docs = await collect(readJsonl(out));
    expect(docs.length).toBe(result.documents);
    expect(docs.length).toBeGreaterThan(10);
    expect(docs.every((d) => ["en", "zh"].includes(d.meta.language!) && ["head", "middle"].includes(d.meta.bucket!))).toBe(true);
    expect(stats.get("perplexity")!.get("dropped_bucket_tail")).toBeGreaterThan(0);
  });

  it("takes JSON with steps by name and writes each step's drops to its own folder", async () => {
    const dir = await tempDir();
    const config = join(dir, "p.json");
    await writeFile(config, JSON.stringify({ input: `${FIXTURES}/udhr.jsonl`, steps: [{ step: "language", languages: ["en", "fr"] }], output: { dir: join(dir, "out"), compression: "none" }, rejected: join(dir, "rejected") }));
    const { result } = await runPipeline(config);
    expect(result.documents).toBe(2);
    expect(readdirSync(join(dir, "rejected"))).toEqual(["00_language"]);
  });

  it("reports a bad key with its path", async () => {
    await expect(runPipeline({ input: "x.jsonl", steps: [{ step: "gopher_quality", minDocWordz: 5 } as never], output: "out" })).rejects.toThrow(ConfigError);
    await expect(runPipeline({ input: "x.jsonl", steps: [{ step: "gopher_quality", minDocWords: "many" } as never], output: "out" })).rejects.toThrow(/steps\[0\]\.minDocWords|steps\.0\.minDocWords/);
    await expect(runPipeline({ input: "x.jsonl", steps: [{ step: "no_such_step" } as never], output: "out" })).rejects.toThrow(ConfigError);
  });

  it("loads YAML as data only: a code tag is not run", async () => {
    const dir = await tempDir();
    const config = join(dir, "evil.yaml");
    await writeFile(config, 'input: !!js/function "function () { process.exit(99) }"\nsteps: []\noutput: out\n');
    await expect(loadPipelineConfig(config)).rejects.toThrow(ConfigError);
    await expect(runPipeline(config)).rejects.toThrow(/not a plain YAML config: Unresolved tag/);
  });

  it("knows every step the filters issue names", () => {
    expect(STEP_NAMES).toEqual(expect.arrayContaining(["normalize", "language", "gopher_quality", "gopher_repetition", "c4_quality", "c4_badwords", "fineweb_quality"]));
  });
});
