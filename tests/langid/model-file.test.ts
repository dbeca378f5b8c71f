import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { readModelFile } from "../../src/langid/model-file.js";

const LID = "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz";
const bytes = readFileSync(LID);

describe("readModelFile", () => {
  it("reads lid.176.ftz: supervised, hierarchical softmax, 176 labels, a pruned and quantised input", () => {
    const m = readModelFile(bytes, LID);
    // fastText's published lid.176 settings: dim 16, char n-grams 2-4, 2M buckets
    expect(m.args).toMatchObject({ dim: 16, minn: 2, maxn: 4, bucket: 2_000_000, loss: "hs", model: 3, wordNgrams: 1 });
    expect(m.labels).toHaveLength(176);
    expect(m.labels.slice(0, 3)).toEqual(["__label__en", "__label__ru", "__label__de"]);
    expect(m.words[0]).toBe("</s>");
    expect(m.labelCounts).toEqual([...m.labelCounts].sort((a, b) => b - a));
    expect(m.pruneSize).toBe(m.pruneKeys.length);
    expect(m.inputRows).toBe(m.words.length + m.pruneSize);
    expect(m.input.length).toBe(m.inputRows * 16);
    // one output row per label; hierarchical softmax uses the first 175 for the inner tree nodes
    expect(m.outputRows).toBe(176);
    expect(m.input.every((x) => Number.isFinite(x))).toBe(true);
  });

  it("names the file and what is wrong for a file that is not a model, or is cut short", () => {
    expect(() => readModelFile(new TextEncoder().encode('{"not": "a model"}'), "x.json")).toThrow(InputError);
    expect(() => readModelFile(new TextEncoder().encode('{"not": "a model"}'), "x.json")).toThrow(/x\.json.*magic/);
    for (const cut of [3, 40, 5000, bytes.length - 1]) {
      expect(() => readModelFile(bytes.subarray(0, cut), "cut.ftz")).toThrow(/cut\.ftz.*truncated/);
    }
  });
});
