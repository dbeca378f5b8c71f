import { readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ConfigError, STEP_NAMES, loadPipelineConfig, readJsonl, runPipeline } from "../../src/index.js";
import { collect, FIXTURES, tempDir } from "../support.js";

/**
 * An example config as its file says, with its `rejected` folder moved to `rejected`: the file's
 * own (out/fineweb/rejected) is in the repository, where a test must not write.
 */
async function exampleConfig(file: string, rejected: string): Promise<Record<string, unknown>> {
  const config = parse(await readFile(file, "utf8")) as Record<string, unknown>;
  expect(typeof config.rejected).toBe("string");
  return { ...config, rejected };
}

describe("config errors name the key expected and the closest valid name", () => {
  it("a misspelt key, step or input shape, one issue a line", async () => {
    const message = (raw: unknown) =>
      loadPipelineConfig(raw as never).then(
        () => "",
        (e: Error) => e.message,
      );
    expect(await message({ input: { path: "x" }, output: "o" })).toMatch(/input: expected a path or glob.*"path": did you mean "paths"\?/);
    expect(await message({ input: "x", output: "o", steps: [{ step: "languge" }] })).toMatch(
      /steps\.0\.step: unknown step "languge"; did you mean "language"\?/,
    );
    expect(await message({ input: "x", output: "o", steps: [{ step: "gopher_quality", minDocWord: 3 }] })).toMatch(
      /steps\.0: unknown key "minDocWord"; did you mean "minDocWords"\?/,
    );
    const two = await message({ input: "x", output: "o", rejcted: "r", steps: [{ step: "tokenize", addEOS: true }] });
    expect(two.split("\n").slice(1)).toEqual([
      expect.stringMatching(/^  steps\.0: unknown key "addEOS"; did you mean "addEos"\?/),
      expect.stringMatching(/^  the config: unknown key "rejcted"; did you mean "rejected"\?/),
    ]);
  });
});

describe("runPipeline", () => {
  it("runs examples/fineweb.yaml on the sample corpus", async () => {
    const out = await tempDir();
    const rejected = join(await tempDir(), "rejected");
    const { result, stats } = await runPipeline((await exampleConfig("examples/fineweb.yaml", rejected)) as never, { output: out });
    expect(stats.steps.map((s) => s.name)).toEqual([
      "read",
      "normalize",
      "language",
      "gopher_repetition",
      "gopher_quality",
      "c4_quality",
      "fineweb_quality",
      "write_jsonl",
    ]);
    expect(result.documents).toBeGreaterThan(0);
    const docs = await collect(readJsonl(out));
    expect(docs.every((d) => d.meta.language === "en")).toBe(true);
    expect(stats.get("language")!.get("dropped")).toBeGreaterThan(0);
    expect(readdirSync(rejected).length).toBeGreaterThan(0);
  });

  it("runs examples/ccnet.yaml: line dedup, language, perplexity keeping head and middle", async () => {
    const out = await tempDir();
    const { result, stats } = await runPipeline((await exampleConfig("examples/ccnet.yaml", join(await tempDir(), "rejected"))) as never, { output: out });
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
    await writeFile(
      config,
      JSON.stringify({
        input: `${FIXTURES}/udhr.jsonl`,
        steps: [{ step: "language", languages: ["en", "fr"] }],
        output: { dir: join(dir, "out"), compression: "none" },
        rejected: join(dir, "rejected"),
      }),
    );
    const { result } = await runPipeline(config);
    expect(result.documents).toBe(2);
    expect(readdirSync(join(dir, "rejected"))).toEqual(["language"]);
  });

  it("reports a bad key with its path", async () => {
    await expect(runPipeline({ input: "x.jsonl", steps: [{ step: "gopher_quality", minDocWordz: 5 } as never], output: "out" })).rejects.toThrow(ConfigError);
    await expect(runPipeline({ input: "x.jsonl", steps: [{ step: "gopher_quality", minDocWords: "many" } as never], output: "out" })).rejects.toThrow(
      /steps\[0\]\.minDocWords|steps\.0\.minDocWords/,
    );
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
    expect(STEP_NAMES).toEqual(
      expect.arrayContaining(["normalize", "language", "gopher_quality", "gopher_repetition", "c4_quality", "c4_badwords", "fineweb_quality"]),
    );
  });
});

describe("hostile configs", () => {
  it("a YAML alias bomb (billion laughs) is a ConfigError, refused at once", async () => {
    const dir = await tempDir();
    const config = join(dir, "laughs.yaml");
    // nine anchors, each a list of nine aliases of the one before: 9^9 nodes once expanded
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    await writeFile(config, `${lines.join("\n")}\ninput: x.jsonl\noutput: out\n`);
    const error = await loadPipelineConfig(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    // the yaml library counts aliases before it expands them: this message means nothing was expanded
    expect((error as Error).message).toMatch(/laughs\.yaml: not a plain YAML config: Excessive alias count/);
  });

  it("a few ordinary aliases still load", async () => {
    const dir = await tempDir();
    const config = join(dir, "anchors.yaml");
    await writeFile(
      config,
      `input: ${FIXTURES}/udhr.jsonl\nsteps:\n  - &q { step: gopher_quality, minDocWords: 5 }\n  - *q\noutput: { dir: out, compression: none }\n`,
    );
    const loaded = await loadPipelineConfig(config);
    expect(loaded.steps).toHaveLength(2);
  });

  it("__proto__, constructor and prototype keys in a JSON or YAML config are inert: refused by name, nothing polluted", async () => {
    const dir = await tempDir();
    const files = {
      "top.json": '{"input": "x.jsonl", "output": "out", "__proto__": {"polluted": true, "tasks": 99}}',
      "nested.json":
        '{"input": "x.jsonl", "output": {"dir": "out", "__proto__": {"polluted": true}}, "steps": [{"step": "normalize", "constructor": {"prototype": {"polluted": true}}}]}',
      "options.json": '{"input": {"paths": "x.jsonl", "options": {"__proto__": {"onError": "skip"}}}, "output": "out"}',
      "top.yaml": "input: x.jsonl\noutput: out\n__proto__:\n  polluted: true\n",
      "merge.yaml": "base: &b { __proto__: { polluted: true } }\ninput: x.jsonl\noutput:\n  <<: *b\n  dir: out\n",
    };
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(dir, name), text);
      const error = await loadPipelineConfig(join(dir, name)).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(ConfigError);
      expect((error as Error).message, name).toMatch(/unknown key/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
    }
    // passed as an object, the same
    const parsed = JSON.parse('{"input": "x.jsonl", "output": "out", "__proto__": {"tasks": 99}}') as Record<string, unknown>;
    await expect(loadPipelineConfig(parsed as never)).rejects.toThrow(ConfigError);
  });
});
