// The merge loop, checked two ways: small cases worked out by hand, and a plain implementation of
// the definition (recount every pair after every merge) that must give the same merges as the
// incremental trainer on the UDHR fixture. (hf-trainer.test.ts compares with Hugging Face's trainer.)
import { describe, expect, it } from "vitest";
import { BYTE_CHAR, BYTE_ID } from "../../../src/tokenize/bpe/byte-level.js";
import { learnMerges } from "../../../src/tokenize/bpe/learn-merges.js";
import { WordCounter } from "../../../src/tokenize/bpe/word-counts.js";
import { udhrFixture } from "./texts.js";

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));
const mergeStrings = (wordCounts: Map<string, number>, maxTokens = 1000, minFrequency = 1) => {
  const { tokens, merges } = learnMerges(wordCounts, { maxTokens, minFrequency });
  return merges.map(([l, r]) => `${tokens[l]} ${tokens[r]}`);
};

describe("learnMerges", () => {
  it("merges left to right without overlaps: aaa is aa+a, not a+aa", () => {
    // (a, a) occurs twice in "aaa" and is merged once, at the left; then (aa, a) once
    expect(mergeStrings(counts({ aaa: 1 }))).toEqual(["a a", "aa a"]);
    // "aaaa" -> "aa aa" -> "aaaa": the pair (aa, aa), not (aa, a)
    expect(mergeStrings(counts({ aaaa: 1 }))).toEqual(["a a", "aa aa"]);
  });

  it("takes the most frequent pair, counting each word as often as it occurs", () => {
    expect(mergeStrings(counts({ ab: 1, cd: 3 }))).toEqual(["c d", "a b"]);
    expect(mergeStrings(counts({ abc: 2, bcd: 2, xy: 3 }))).toEqual(["b c", "x y", "a bc", "bc d"]);
  });

  it("breaks ties by the smaller ids, which follow the byte-level characters' code points, not byte values", () => {
    expect(mergeStrings(counts({ cd: 1, ab: 1 }))).toEqual(["a b", "c d"]);
    // space (byte 0x20, "Ġ" = U+0120) sorts after "a" (0x61): its id is 220, a's is 64
    expect(BYTE_ID[0x20]).toBe(220);
    expect(BYTE_ID[0x61]).toBe(64);
    expect(mergeStrings(counts({ " b": 1, ab: 1 }))).toEqual(["a b", "Ġ b"]);
  });

  it("stops at the vocabulary size and below minFrequency", () => {
    expect(mergeStrings(counts({ ab: 3, cd: 1 }), 1000, 2)).toEqual(["a b"]);
    expect(mergeStrings(counts({ ab: 3, cd: 2 }), 257)).toEqual(["a b"]);
    const { tokens } = learnMerges(counts({ ab: 3, cd: 2 }), { maxTokens: 257, minFrequency: 1 });
    expect(tokens).toHaveLength(257);
  });

  it("learns from the words' UTF-8 bytes", () => {
    // "é" is C3 A9, which GPT-2's map writes "Ã©"
    expect(mergeStrings(counts({ é: 2 }))).toEqual(["Ã ©"]);
  });

  it.each(["cl100k", "gpt2"] as const)("gives the merges of a full recount after every merge, on the UDHR fixture (%s words)", (name) => {
    const counter = new WordCounter(name, [], 1_000_000);
    for (const { text } of udhrFixture) counter.add(text);
    const ours = mergeStrings(counter.counts, 256 + 800, 2);
    expect(ours.length).toBeGreaterThan(500);
    expect(ours).toEqual(referenceMerges(counter.counts, 800, 2));
  });
});

/** BPE by its definition: count every adjacent pair in every word, merge the best, repeat. */
function referenceMerges(wordCounts: Map<string, number>, maxMerges: number, minFrequency: number): string[] {
  const tokens = [...BYTE_CHAR].sort();
  const ids = new Map(tokens.map((t, i) => [t, i]));
  const words = [...wordCounts].map(([word, count]) => ({ symbols: Array.from(new TextEncoder().encode(word), (b) => ids.get(BYTE_CHAR[b]!)!), count }));
  const merges: string[] = [];
  while (tokens.length < 256 + maxMerges) {
    const pairCounts = new Map<string, number>();
    for (const { symbols, count } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]},${symbols[i + 1]}`;
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + count);
      }
    }
    let best: [number, number] | undefined;
    let bestCount = 0;
    for (const [key, count] of pairCounts) {
      const [l, r] = key.split(",").map(Number) as [number, number];
      if (count > bestCount || (count === bestCount && best && (l < best[0] || (l === best[0] && r < best[1])))) {
        best = [l, r];
        bestCount = count;
      }
    }
    if (!best || bestCount < minFrequency) break;
    const [l, r] = best;
    const text = tokens[l]! + tokens[r]!;
    let id = ids.get(text);
    if (id === undefined) {
      id = tokens.length;
      tokens.push(text);
      ids.set(text, id);
    }
    merges.push(`${tokens[l]} ${tokens[r]}`);
    for (const word of words) {
      const out: number[] = [];
      for (let i = 0; i < word.symbols.length; i++) {
        if (word.symbols[i] === l && word.symbols[i + 1] === r) {
          out.push(id);
          i++;
        } else out.push(word.symbols[i]!);
      }
      word.symbols = out;
    }
  }
  return merges;
}
