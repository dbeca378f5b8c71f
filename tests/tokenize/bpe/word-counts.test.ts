// Word counting, the first training pass: what is counted, and the cap on distinct words.
import { describe, expect, it } from "vitest";
import { WordCounter } from "../../../src/tokenize/bpe/word-counts.js";
import { sampleCorpus } from "./texts.js";

describe("WordCounter", () => {
  it("counts the pre-tokenizer's words and skips special tokens", () => {
    const counter = new WordCounter("cl100k", ["<|endoftext|>"], 1000);
    counter.add("the cat<|endoftext|>the cat");
    counter.add(" cat");
    expect([...counter.counts]).toEqual([
      ["the", 2],
      [" cat", 3],
    ]);
    expect(counter.statistics).toEqual({ texts: 2, words: 5, pruned: 0, prunings: 0 });
  });

  it("stays under maxWords by dropping the rarest words; the frequent ones keep their counts", async () => {
    const texts = await sampleCorpus();
    const full = new WordCounter("cl100k", [], 1_000_000);
    const capped = new WordCounter("cl100k", [], 20_000);
    for (const text of texts) {
      full.add(text);
      capped.add(text);
      expect(capped.counts.size).toBeLessThanOrEqual(20_000);
    }
    expect(full.counts.size).toBeGreaterThan(60_000);
    expect(capped.statistics.prunings).toBeGreaterThan(0);
    expect(capped.statistics.pruned).toBeGreaterThan(40_000);
    const top = [...full.counts].sort((a, b) => b[1] - a[1]).slice(0, 100);
    for (const [word, count] of top) expect(capped.counts.get(word), JSON.stringify(word)).toBe(count);
  });
});
