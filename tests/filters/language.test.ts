import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { languageFilter, loadLanguageModel, pipe, type Doc } from "../../src/index.js";
import { collect, FIXTURES } from "../support.js";

const native = JSON.parse(readFileSync(`${FIXTURES}/lid-native.json`, "utf8")) as { id: string; udhr: string; text: string; label: string; score: number }[];
const TEXT_LF_1 =
  "I wish it need not have happened in my time,' said Frodo. 'So do I,' said Gandalf, 'and so do all who live to see such times. But that is not for them to decide. All we have to decide is what to do with the time that is given us.'";

describe("languageFilter", () => {
  it("agrees with native fastText (python3-fasttext, same lid.176.ftz) on 600 paragraphs in 40 languages", async () => {
    const model = await loadLanguageModel();
    let agree = 0;
    let maxDiff = 0;
    for (const item of native) {
      const p = model.predict(item.text);
      if (p.language === item.label) agree++;
      maxDiff = Math.max(maxDiff, Math.abs(p.score - item.score));
    }
    expect(native.length).toBeGreaterThanOrEqual(500);
    expect(new Set(native.map((n) => n.udhr)).size).toBeGreaterThanOrEqual(30);
    expect(agree).toBe(native.length);
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it("keeps and drops as datatrove's tests do (languages en and it)", async () => {
    const docs: Doc[] = [
      { id: "en", text: TEXT_LF_1, meta: {} },
      { id: "fr", text: "Un magicien n'est jamais en retard Frodon Sacquet. Pas plus qu'il est en avance. Il arrive précisément à l'heure prévue.", meta: {} },
      { id: "pt", text: "Um mago nunca chega tarde, Frodo Bolseiro. Nem cedo. Ele chega precisamente na hora que pretende.", meta: {} },
      { id: "it", text: "Un mago non è mai in ritardo, Frodo Baggins. Né in anticipo. Arriva precisamente quando intende farlo.", meta: {} },
    ];
    const rejected: Doc[] = [];
    const { sink } = await import("../../src/index.js");
    const keepRejected = sink("keep", async (input: AsyncIterable<Doc>) => {
      for await (const d of input) rejected.push(d);
    });
    const pipeline = pipe(docs, languageFilter({ languages: ["en", "it"], rejected: keepRejected }));
    const kept = await collect(pipeline);
    expect(kept.map((d) => [d.id, d.meta.language])).toEqual([
      ["en", "en"],
      ["it", "it"],
    ]);
    expect(rejected.map((d) => [d.id, d.meta.language, d.meta.filter_reason])).toEqual([
      ["fr", "fr", "language_not_wanted"],
      ["pt", "pt", "language_not_wanted"],
    ]);
    expect(Number(kept[0]!.meta.language_score)).toBeGreaterThan(0.65);
    expect(pipeline.stats.get("language")!.get("dropped_language_not_wanted")).toBe(2);
  });

  it("annotates only when no languages are given", async () => {
    const docs: Doc[] = native.filter((_, i) => i % 50 === 0).map((n) => ({ id: n.id, text: n.text, meta: {} }));
    const out = await collect(pipe(docs, languageFilter()));
    expect(out).toHaveLength(docs.length);
    expect(out.every((d) => typeof d.meta.language === "string" && typeof d.meta.language_score === "number")).toBe(true);
  });

  it("loads another fastText model from disk", async () => {
    const path = "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz";
    const out = await collect(
      pipe([{ id: "zh", text: "人人生而自由，在尊严和权利上一律平等。", meta: {} }] as Doc[], languageFilter({ model: path, languages: ["zh"] })),
    );
    expect(out.map((d) => d.meta.language)).toEqual(["zh"]);
  });
});
