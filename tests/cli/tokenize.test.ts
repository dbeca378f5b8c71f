// corpuskit tokenize and corpuskit tokenizer train, end to end on the sample corpus.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTokenizer } from "../../src/tokenize/text-tokenizer.js";
import { read } from "../../src/io/read.js";
import { readMegatron } from "../tokenize/megatron-reader.js";
import { collect, runCli, tempDir } from "../support.js";

describe("corpuskit tokenize", () => {
  it("writes Megatron files whose documents are the texts' cl100k ids and <|endoftext|>", async () => {
    const prefix = join(await tempDir(), "train");
    const run = runCli("tokenize", "--tokenizer", "cl100k_base", "--format", "megatron", "examples/data/licenses.csv", prefix, "--json");
    expect(run.stderr).toMatch(/^tokenize: done, \d+ docs, [^\n]*\n$/);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { output: { documents: number; tokens: number; dtype: string } };
    const data = readMegatron(prefix);
    const texts = (await collect(read("examples/data/licenses.csv"))).map((d) => d.text);
    const cl100k = await loadTokenizer("cl100k_base");
    expect(data.documents).toEqual(texts.map((t) => [...cl100k.encode(t), cl100k.eos]));
    // 100,277 ids do not fit uint16: Megatron's int32
    expect([data.dtype, summary.output.dtype]).toEqual(["int32", "int32"]);
    expect(summary.output.tokens).toBe(data.documents.flat().length);
  });

  it("writes nanoGPT's uint16 array for GPT-2 with a JSON sidecar", async () => {
    const prefix = join(await tempDir(), "train");
    expect(runCli("tokenize", "--tokenizer", "gpt2", "--format", "bin", "examples/data/licenses.csv", "-o", prefix).code).toBe(0);
    const sidecar = JSON.parse(readFileSync(`${prefix}.json`, "utf8")) as { dtype: string; tokens: number; documents: number };
    expect(sidecar.dtype).toBe("uint16");
    expect(readFileSync(`${prefix}.bin`).length).toBe(sidecar.tokens * 2);
    expect(sidecar.documents).toBe(14);
  });

  it("trains a tokenizer.json that tokenizes the sample back to its text", async () => {
    const out = join(await tempDir(), "tokenizer.json");
    const run = runCli("tokenizer", "train", "--input", "examples/data/licenses.csv", "--output", out, "--vocab-size", "600");
    expect(run.code).toBe(0);
    const ours = await loadTokenizer(out);
    expect(ours.vocabSize).toBe(600);
    for (const d of await collect(read("examples/data/licenses.csv"))) expect(ours.decode(ours.encode(d.text))).toBe(d.text);
  });
});
