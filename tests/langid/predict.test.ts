import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FastTextClassifier } from "../../src/langid/predict.js";
import { FIXTURES, tempDir } from "../support.js";
import { lidTexts } from "./texts.js";

const LID = "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz";
const PYTHON = "/usr/bin/python3";
const hasNativeFastText = spawnSync(PYTHON, ["-c", "import fasttext"]).status === 0;
const lid = FastTextClassifier.fromBytes(readFileSync(LID), LID);

/** Native fastText's predictions (bench/peers/fasttext-lid.py) for `texts` with `model`. */
async function nativePredict(model: string, texts: string[], k: number): Promise<{ labels: string[]; scores: number[] }[]> {
  const dir = await tempDir();
  const input = join(dir, "texts.jsonl");
  writeFileSync(input, texts.map((text) => JSON.stringify({ text })).join("\n") + "\n");
  const out = execFileSync(PYTHON, ["bench/peers/fasttext-lid.py", model, input, "predict", String(k)], { maxBuffer: 256 << 20 }).toString("utf8");
  return out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { labels: string[]; scores: number[] });
}

/**
 * Texts whose best label differs from native fastText's (unless native's first two labels score
 * within 1e-4 of each other: a tie that summing in another order may break either way), and the
 * largest difference between native's score for a label and ours for the same label.
 */
function compare(ours: { label: string; score: number }[][], native: { labels: string[]; scores: number[] }[]): { differ: string[]; maxDiff: number } {
  const differ: string[] = [];
  let maxDiff = 0;
  ours.forEach((o, i) => {
    const n = native[i]!;
    const tie = n.scores.length > 1 && n.scores[0]! - n.scores[1]! < 1e-4;
    if (o[0]?.label !== n.labels[0] && !tie) differ.push(`${i}: ours ${JSON.stringify(o.slice(0, 3))} native ${JSON.stringify(n)}`);
    const byLabel = new Map(o.map((x) => [x.label, x.score]));
    n.labels.forEach((label, j) => (maxDiff = Math.max(maxDiff, Math.abs((byLabel.get(label) ?? 0) - n.scores[j]!))));
  });
  return { differ, maxDiff };
}

describe("FastTextClassifier with lid.176.ftz", () => {
  it("gives native fastText's label and score on 600 UDHR paragraphs in 40 languages", () => {
    const native = JSON.parse(readFileSync(`${FIXTURES}/lid-native.json`, "utf8")) as { text: string; label: string; score: number }[];
    const ours = native.map((n) => lid.predict(n.text, { newline: "space" }));
    const { differ, maxDiff } = compare(
      ours,
      native.map((n) => ({ labels: [n.label], scores: [n.score] })),
    );
    expect(differ).toEqual([]);
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it("gives native fastText's label and score on every sample document, sample paragraph and UDHR declaration (committed native results)", async () => {
    const texts = await lidTexts();
    const native = readFileSync(`${FIXTURES}/lid-native-corpus.jsonl`, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { key: string; label: string; score: number });
    expect(native.map((n) => n.key)).toEqual(texts.map((t) => t.key));
    expect(texts.length).toBeGreaterThan(3000);
    const { differ, maxDiff } = compare(
      texts.map((t) => lid.predict(t.text, { newline: "space" })),
      native.map((n) => ({ labels: [n.label], scores: [n.score] })),
    );
    expect(differ).toEqual([]);
    expect(maxDiff).toBeLessThan(1e-4);
  }, 300_000);

  it("reads a newline as fastText reads a line: it ends the text (the rest is ignored), or counts as a space", () => {
    const en = "All human beings are born free and equal in dignity and rights.";
    const fr = "Tous les êtres humains naissent libres et égaux en dignité et en droits.";
    expect(lid.predict(`${en}\n${fr}`)).toEqual(lid.predict(en));
    expect(lid.predict(`${en}\n${fr}`, { newline: "space" })).toEqual(lid.predict(`${en} ${fr}`));
    // a literal </s> ends the line too, and tokens with the label prefix are not input
    expect(lid.predict(`${en} </s> ${fr}`)).toEqual(lid.predict(en));
    expect(lid.predict(`__label__fr ${en}`)).toEqual(lid.predict(en));
  });

  it("returns k labels best first, every label for k = -1 (that scores above fastText's 1e-5 floor), and leaves out those below the threshold", () => {
    const text = "Tous les êtres humains naissent libres et égaux en dignité et en droits.";
    const all = lid.predict(text, { k: -1 });
    expect(all.length).toBeGreaterThan(20);
    expect(all.map((s) => s.score)).toEqual([...all.map((s) => s.score)].sort((a, b) => b - a));
    expect(lid.predict(text, { k: 3 })).toEqual(all.slice(0, 3));
    expect(lid.predict(text, { k: -1, threshold: 0.001 })).toEqual(all.filter((s) => s.score >= 0.001));
  });

  it("gives the same scores whether a word's vector came from its cache or was just computed", () => {
    // with a clause of an unspaced script, longer than the cache takes
    const text =
      "Everyone has the right to life, liberty and security of person. 人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。";
    const fresh = FastTextClassifier.fromBytes(readFileSync(LID));
    const first = fresh.predict(text, { k: 5 });
    expect(fresh.predict(text, { k: 5 })).toEqual(first);
    expect(lid.predict(text, { k: 5 })).toEqual(first);
  });
});

describe.skipIf(!hasNativeFastText)("FastTextClassifier against native fastText run now (python3-fasttext)", () => {
  it("top 3 labels and scores on every sample document, paragraph and UDHR declaration", async () => {
    const texts = (await lidTexts()).map((t) => t.text);
    const native = await nativePredict(LID, texts, 3);
    const { differ, maxDiff } = compare(
      texts.map((t) => lid.predict(t, { k: -1, newline: "space" })),
      native,
    );
    expect(differ).toEqual([]);
    expect(maxDiff).toBeLessThan(1e-4);
  }, 300_000);

  it("every label fastText reports (k = -1) on 300 UDHR declarations", async () => {
    const texts = (await lidTexts())
      .filter((t) => t.key.startsWith("udhr/"))
      .slice(0, 300)
      .map((t) => t.text);
    const native = await nativePredict(LID, texts, -1);
    const ours = texts.map((t) => lid.predict(t, { k: -1, newline: "space" }));
    const { differ, maxDiff } = compare(ours, native);
    expect(differ).toEqual([]);
    expect(maxDiff).toBeLessThan(1e-4);
    // the same labels clear fastText's floor, but for those right at it
    const close = ours.filter((o, i) => Math.abs(o.length - native[i]!.labels.length) > 2);
    expect(close).toEqual([]);
  }, 300_000);

  it("models trained now with every loss, word n-grams, .bin and quantised .ftz", async () => {
    const dir = await tempDir();
    const paragraphs = JSON.parse(readFileSync(`${FIXTURES}/lid-native.json`, "utf8")) as { udhr: string; text: string }[];
    const train = join(dir, "train.txt");
    writeFileSync(train, paragraphs.map((p) => `__label__${p.udhr} ${p.text.replace(/\n/g, " ")}`).join("\n") + "\n");
    // dim 9 with dsub 2 leaves a last sub-quantiser of one column
    const python = `
import sys, fasttext
train, out = sys.argv[1], sys.argv[2]
for loss in ["hs", "softmax", "ova", "ns"]:
    m = fasttext.train_supervised(input=train, loss=loss, dim=9, epoch=25, lr=0.5, minn=2, maxn=4, wordNgrams=2, bucket=50000, thread=1, verbose=0, seed=1)
    m.save_model(f"{out}/{loss}.bin")
    m.quantize(input=train, qnorm=True, cutoff=2000, retrain=False, dsub=2)
    m.save_model(f"{out}/{loss}.ftz")
`;
    execFileSync(PYTHON, ["-c", python, train, dir]);
    const texts = (await lidTexts()).filter((_, i) => i % 7 === 0).map((t) => t.text);
    for (const loss of ["hs", "softmax", "ova", "ns"]) {
      for (const ext of ["bin", "ftz"]) {
        const path = join(dir, `${loss}.${ext}`);
        const model = FastTextClassifier.fromBytes(readFileSync(path), path);
        const native = await nativePredict(path, texts, 2);
        const { differ, maxDiff } = compare(
          texts.map((t) => model.predict(t, { k: -1, newline: "space" })),
          native,
        );
        expect(differ.join("\n"), `${loss}.${ext}`).toEqual("");
        expect(maxDiff, `${loss}.${ext}`).toBeLessThan(1e-4);
      }
    }
  }, 600_000);
});
