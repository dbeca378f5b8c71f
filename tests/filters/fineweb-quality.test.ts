// One document each rule drops and one it keeps, built from real text (the English UDHR), asserting
// the reason -- the rules datatrove's own cases (datatrove-cases.test.ts) do not reach.
import { describe, expect, it } from "vitest";
import { finewebQuality } from "../../src/index.js";
import { paragraphs, prose, reasonOf, sentences } from "./udhr-english.js";

describe("finewebQuality rules on real text", () => {
  it("keeps the Declaration's sentences", async () => expect(await reasonOf(finewebQuality(), prose)).toBeUndefined());
  it("line_punct_ratio on its headings", async () =>
    expect(await reasonOf(finewebQuality(), paragraphs.filter((p) => !/[.;:]$/.test(p)).join("\n"))).toBe("line_punct_ratio"));
  it("char_dup_ratio", async () => expect(await reasonOf(finewebQuality(), [...sentences, sentences[1]!, sentences[2]!].join("\n"))).toBe("char_dup_ratio"));
  it("list_ratio", async () => {
    // one short distinct item per line, as in a link list
    const list = [...new Set(sentences.map((s) => `${s.split(" ").slice(0, 2).join(" ")}.`))].join("\n");
    expect(await reasonOf(finewebQuality({ shortLineThr: 1 }), list)).toBe("list_ratio");
  });
});
