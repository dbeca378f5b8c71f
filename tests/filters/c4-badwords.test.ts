// c4BadWords: datatrove's list choices and matching, on English, Chinese and Spanish text.
import { describe, expect, it } from "vitest";
import { c4BadWords, pipe, type Doc } from "../../src/index.js";
import { collect } from "../support.js";

describe("c4BadWords", () => {
  it("drops an English document with a listed word as a whole word, not inside another word", async () => {
    const docs: Doc[] = [
      { id: "bad", text: "This page is full of porn links.", meta: { language: "en" } },
      { id: "scunthorpe", text: "The town of Scunthorpe has a football club.", meta: { language: "en" } },
      { id: "clean", text: "A perfectly ordinary sentence about gardening.", meta: {} },
    ];
    const pipeline = pipe(docs, c4BadWords());
    expect((await collect(pipeline)).map((d) => d.id)).toEqual(["scunthorpe", "clean"]);
    expect(pipeline.stats.get("c4_badwords")!.get("dropped_document_removed_with_badwords")).toBe(1);
  });

  it("matches Chinese words inside the text, and allows 性 as datatrove does", async () => {
    const docs: Doc[] = [
      { id: "allowed", text: "这是一个关于性别平等的讨论。", meta: { language: "zh" } },
      { id: "listed", text: "这个网站有很多色情内容。", meta: { language: "zh" } },
    ];
    expect((await collect(pipe(docs, c4BadWords()))).map((d) => d.id)).toEqual(["allowed"]);
  });

  it("as datatrove, never matches list entries with capitals (it lowercases the text only); lowercaseList does", async () => {
    const doc: Doc[] = [{ id: "es", text: "Un asesinato en la ciudad.", meta: { language: "es" } }]; // the list has "Asesinato"
    expect(await collect(pipe(doc, c4BadWords()))).toHaveLength(1);
    expect(await collect(pipe(doc, c4BadWords({ lowercaseList: true })))).toEqual([]);
  });

  it("uses the English list C4 and datatrove pin; the package's later entries on request", async () => {
    const doc: Doc[] = [{ id: "en", text: "A course on sexual health for teenagers.", meta: { language: "en" } }];
    expect(await collect(pipe(doc, c4BadWords()))).toHaveLength(1);
    expect(await collect(pipe(doc, c4BadWords({ englishList: "naughty-words" })))).toEqual([]);
  });

  it("a language without a list is an error unless told to let it pass", async () => {
    const doc: Doc[] = [{ id: "x", text: "Habari ya asubuhi.", meta: { language: "sw" } }];
    await expect(collect(pipe(doc, c4BadWords()))).rejects.toThrow(/no bad-words list for language "sw"/);
    expect(await collect(pipe(doc, c4BadWords({ failOnMissingLanguage: false })))).toHaveLength(1);
  });
});
