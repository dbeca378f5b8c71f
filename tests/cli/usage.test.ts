// What a new user meets first on the command line: usage errors exit 2 and name the flag, never the
// library option behind it.
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, UsageError } from "../../src/errors.js";
import { inFlags } from "../../src/cli/schema-flags.js";
import { languageStep } from "../../src/filters/language.js";
import { tokenizeStep } from "../../src/tokenize/tokenize-step.js";
import { FIXTURES, runCli, tempDir } from "../support.js";

describe("usage errors", () => {
  it("an out-of-range flag exits 2 and names the flag", async () => {
    const out = await tempDir();
    const run = runCli("filter", `${FIXTURES}/udhr.jsonl`, "-o", out, "--lang-threshold", "2", "-q");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--lang-threshold/);
    expect(run.stderr).not.toMatch(/[^-]threshold|languageFilter/);
  });

  it("a missing output folder exits 2", () => {
    const run = runCli("filter", `${FIXTURES}/udhr.jsonl`, "--lang", "en", "-q");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/-o/);
  });

  it("a tokenizer without end-of-text says --no-eos, not addEos", async () => {
    const dir = await tempDir();
    const tokenizer = join(dir, "t.json");
    // a trained tokenizer whose only special token is not an end-of-text one
    expect(runCli("tokenizer", "train", "--vocab-size", "300", "--input", `${FIXTURES}/udhr.jsonl`, "--output", tokenizer, "--special", "<pad>").code).toBe(0);
    const run = runCli("tokenize", "--tokenizer", tokenizer, `${FIXTURES}/udhr.jsonl`, join(dir, "train"), "-q");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no end-of-text token; run with --no-eos/);
    expect(run.stderr).not.toMatch(/addEos/);
  });

  it("inFlags names each issue's flag on its own line and leaves keys without flags alone", () => {
    const issues = [
      { code: "too_big", path: ["threshold"], message: "Too big", maximum: 1, origin: "number", input: 2 },
      { code: "custom", path: ["languages"], message: "Bad code", input: "x" },
    ] as never;
    const error = inFlags(new ConfigError("languageFilter", "x", issues), [languageStep]) as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message.split("\n").slice(1)).toEqual(["  --lang-threshold: Too big", "  --lang: Bad code"]);
    const other = new ConfigError("tokenize", "x", [{ code: "custom", path: ["tokenizer"], message: "m", input: 1 }] as never);
    expect(inFlags(other, [languageStep])).toBe(other);
    const fix = new ConfigError("tokenize", "x", [{ code: "custom", path: ["addEos"], message: "no eos", params: { fix: false }, input: 1 }] as never);
    expect((inFlags(fix, [tokenizeStep]) as Error).message).toBe("tokenize: no eos; run with --no-eos");
  });
});

describe("--lang codes", () => {
  it("a code that is no label of the model is a usage error listing close labels", async () => {
    const out = await tempDir();
    const run = runCli("filter", `${FIXTURES}/udhr.jsonl`, "-o", out, "--lang", "english", "-q");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--lang: "english" is not a label of the language model; close labels: en/);
  });

  it("eng keeps what en keeps", async () => {
    const out = await tempDir();
    const kept = (lang: string) =>
      JSON.parse(runCli("filter", `${FIXTURES}/udhr.jsonl`, "-o", join(out, lang), "--lang", lang, "-q", "--json").stdout).output.documents;
    const en = kept("en");
    expect(en).toBeGreaterThan(0);
    expect(kept("eng")).toBe(en);
  });
});

describe("corpuskit run output", () => {
  it("an output under a file is an OutputError (exit 1), not an internal error", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "file"), "not a folder\n");
    const config = join(dir, "c.json");
    await writeFile(config, JSON.stringify({ input: "examples/data/web.jsonl.gz", output: join(dir, "out") }));
    const run = runCli("run", config, "-o", join(dir, "file", "out"), "-q", "--workers", "0");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/OutputError: .*file.*ENOTDIR/);
    expect(run.stderr).not.toMatch(/unexpected error/);
  });
});

describe("corpuskit run workers", () => {
  it("--workers above the cores is capped, with a note", async () => {
    const dir = await tempDir();
    const config = join(dir, "c.json");
    await writeFile(config, JSON.stringify({ input: `${FIXTURES}/udhr.jsonl`, steps: [{ step: "language", languages: ["en"] }], output: join(dir, "out") }));
    const run = runCli("run", config, "-q", "--workers", "64");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(`^note: 64 workers asked, ${availableParallelism()} cores available: running ${availableParallelism()} workers`, "m"),
    );
  });
});

describe("tokenizer train", () => {
  it("a vocabulary smaller than asked says why and how to get more", async () => {
    const dir = await tempDir();
    const run = runCli("tokenizer", "train", "--vocab-size", "32000", "--input", `${FIXTURES}/udhr.jsonl`, "--output", join(dir, "t.json"));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^note: [\d,]+ tokens of the 32,000 asked: after [\d,]+ merges no pair of tokens occurs 2 times or more .*--min-frequency/m);
  });
});
