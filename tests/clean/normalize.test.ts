// The normalize step: cleanText on every document, empty ones dropped and counted.
import { describe, expect, it } from "vitest";
import { cleanText, normalize, pipe, type Doc } from "../../src/index.js";
import { collect } from "../support.js";

describe("normalize step", () => {
  it("cleans text and counts the documents it changed", async () => {
    const docs: Doc[] = [
      { id: "a", text: "clean text", meta: {} },
      { id: "b", text: "Cafe\u0301\r\nline\u00a0two\u0007   \n\n\n\nend", meta: {} },
      { id: "c", text: "\u0000\u0001  ", meta: {} },
    ];
    const pipeline = pipe(docs, normalize());
    const out = await collect(pipeline);
    expect(out.map((d) => d.text)).toEqual(["clean text", "Café\nline two\n\nend"]);
    expect(pipeline.stats.get("normalize")!.get("changed")).toBe(2);
    expect(pipeline.stats.get("normalize")!.get("dropped_empty")).toBe(1);
    expect(cleanText(cleanText(docs[1]!.text))).toBe(cleanText(docs[1]!.text));
  });
});
