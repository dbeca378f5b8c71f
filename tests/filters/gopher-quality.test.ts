// One document each rule drops and one it keeps, built from real text (the English UDHR), asserting
// the reason -- the rules datatrove's own cases (datatrove-cases.test.ts) do not reach.
import { describe, expect, it } from "vitest";
import { gopherQuality } from "../../src/index.js";
import { english, reasonOf, sentences } from "./udhr-english.js";

describe("gopherQuality rules on real text", () => {
  it("keeps the English UDHR", async () => expect(await reasonOf(gopherQuality(), english)).toBeUndefined());
  it("gopher_long_doc", async () => expect(await reasonOf(gopherQuality({ maxDocWords: 200 }), english)).toBe("gopher_long_doc"));
  it("gopher_too_many_bullets", async () => expect(await reasonOf(gopherQuality(), sentences.map((s) => `• ${s}`).join("\n"))).toBe("gopher_too_many_bullets"));
  it("gopher_too_many_end_ellipsis", async () =>
    expect(await reasonOf(gopherQuality(), sentences.map((s) => `${s.slice(0, -1)}...`).join("\n"))).toBe("gopher_too_many_end_ellipsis"));
  it("gopher_enough_stop_words", async () => {
    const noStopWords = english.replace(/\b(the|be|to|of|and|that|have|with)\b/g, "");
    expect(await reasonOf(gopherQuality(), noStopWords)).toBe("gopher_enough_stop_words");
  });
});
