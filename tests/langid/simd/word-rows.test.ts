// The WebAssembly SIMD word sums against the JavaScript ones they replace: the same labels and the
// same scores to the last bit, on every sample document and paragraph and every UDHR declaration
// (tests/langid/texts.ts), for k = 5 so that more than the best label is compared. (Native
// fastText's own results are checked in ../predict.test.ts, which runs with the kernel on.)
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readModelFile } from "../../../src/langid/model-file.js";
import { FastTextClassifier } from "../../../src/langid/predict.js";
import { wordRowsKernel } from "../../../src/langid/simd/word-rows.js";
import { lidTexts } from "../texts.js";

const LID = "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz";
const bytes = readFileSync(LID);

describe("word-rows kernel", () => {
  it("loads in Node 20 (WebAssembly SIMD), so the other tests run it", () => {
    const file = readModelFile(bytes, LID);
    expect(
      wordRowsKernel(file.input, { nwords: file.words.length, minn: file.args.minn, maxn: file.args.maxn, bucket: file.args.bucket, prune: undefined }, 4),
    ).not.toBeNull();
  });

  it("gives the scalar path's labels and scores, bit for bit, on the sample and the UDHR", async () => {
    const texts = (await lidTexts()).map((t) => t.text);
    // words the cache skips (over 32 units), one longer than the kernel's scratch, a label token
    texts.push(`${"abcdéf".repeat(12)} __label__en ${"x".repeat(30_000)} done`);
    const simd = FastTextClassifier.fromBytes(bytes, LID);
    const scalar = FastTextClassifier.fromBytes(bytes, LID, { simd: false });
    const differ: number[] = [];
    texts.forEach((t, i) => {
      const a = simd.predict(t, { k: 5, newline: "space" });
      const b = scalar.predict(t, { k: 5, newline: "space" });
      if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(i);
    });
    expect(texts.length).toBeGreaterThan(3000);
    // and the predictions are real ones: most texts get a label above 0.5
    expect(texts.filter((t) => (simd.predict(t, { newline: "space" })[0]?.score ?? 0) > 0.5).length).toBeGreaterThan(texts.length / 2);
    expect(differ).toEqual([]);
  });
});
