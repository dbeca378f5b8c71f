import { describe, expect, it } from "vitest";
import { sampleCutoffs } from "../../src/score/sample-cutoffs.js";
import { FIXTURES } from "../support.js";

describe("sampleCutoffs", () => {
  it("tokenizes the sample as the model was trained, and records how", async () => {
    const seen: string[][] = [];
    const model = { score: (tokens: readonly string[]) => (seen.push([...tokens]), -(tokens.length + 1)) };
    const docs = [{ id: "a", text: "Hello world", meta: {} }];
    const words = await sampleCutoffs(docs, { model, language: "en" });
    const pieces = await sampleCutoffs(docs, { model, language: "en", tokenizer: { sentencepiece: `${FIXTURES}/lm/wikitext-2-test-150.spm.model` } });
    expect(seen[0]).toEqual(["hello", "world"]);
    expect(seen[1]!.join("")).toBe("▁hello▁world");
    expect([words.tokenizer, pieces.tokenizer]).toEqual(["words", `sentencepiece:${FIXTURES}/lm/wikitext-2-test-150.spm.model`]);
    expect(words.percentiles).toHaveLength(101);
  });
});
