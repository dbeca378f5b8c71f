// One document each rule drops and one it keeps, built from real text (the English UDHR), asserting
// the reason -- the rules datatrove's own cases (datatrove-cases.test.ts) do not reach.
import { describe, expect, it } from "vitest";
import { c4Quality, pipe, type Doc } from "../../src/index.js";
import { collect } from "../support.js";
import { reasonOf, sentences } from "./udhr-english.js";

describe("c4Quality rules on real text", () => {
  const lines = sentences.slice(0, 8);
  it("removes lines without terminal punctuation, javascript and policy lines, and keeps the rest", async () => {
    const text = [...lines, "Please enable JavaScript to view this page.", "Read our privacy policy before you continue.", "Home | About | Contact"].join("\n");
    const pipeline = pipe([{ id: "t", text, meta: {} }] as Doc[], c4Quality());
    const [doc] = await collect(pipeline);
    expect(doc!.text).toBe(lines.map((l) => l.trim()).join("\n"));
    const c = pipeline.stats.get("c4_quality")!;
    expect([c.get("line_removed_javascript"), c.get("line_removed_policy"), c.get("line_removed_no_terminal_punct")]).toEqual([1, 1, 1]);
  });
  it("removes citation marks as C4 does", async () => {
    const [doc] = await collect(
      pipe([{ id: "t", text: lines.map((l, i) => `${l.slice(0, -1)}[${i}]${l.slice(-1)}`).join("\n"), meta: {} }] as Doc[], c4Quality()),
    );
    expect(doc!.text).not.toMatch(/\[\d+]/);
  });
  it("counts sentences as datatrove (spaCy's sentencizer): not after Mr. or p.m., but at end.The", async () => {
    // spaCy: 1 sentence per line (Mr., Dr. and p.m. are single tokens), 2 for the run-on line
    const line = "We met Mr. Smith and Dr. Jones at 3 p.m. on the hill.";
    expect(await reasonOf(c4Quality(), Array(5).fill(line).join("\n"))).toBeUndefined();
    expect(await reasonOf(c4Quality(), Array(4).fill(line).join("\n"))).toBe("too_few_sentences");
    expect(await reasonOf(c4Quality(), [...Array(3).fill(line), "It ended.The next one began."].join("\n"))).toBeUndefined();
  });
  it("passes other languages through untouched when limited to English", async () => {
    const text = "人人生而自由，在尊严和权利上一律平等。";
    expect(await reasonOf(c4Quality(), text, { language: "zh" })).toBe("too_few_sentences");
    expect(await reasonOf(c4Quality({ languages: ["en"] }), text, { language: "zh" })).toBeUndefined();
  });
});
