// The fast n-gram code (typed hash tables, rolling hashes) against the plain definition datatrove
// writes, on real multilingual text: the shares must be identical, not close.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nGramShares } from "../../src/filters/gopher-ngrams.js";
import { read, splitWords } from "../../src/index.js";
import { collect, FIXTURES } from "../support.js";

const len = (s: string) => [...s].length;

function naiveTop(words: string[], n: number, text: string): number | undefined {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const g = words.slice(i, i + n).join(" ");
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let best: string | undefined;
  let c = 0;
  for (const [g, k] of counts) if (k > c) [best, c] = [g, k];
  return best === undefined ? undefined : (len(best) * c) / len(text);
}

function naiveDup(words: string[], n: number, text: string): number {
  const seen = new Set<string>();
  let repeated = 0;
  let i = 0;
  while (i + n <= words.length) {
    const g = words.slice(i, i + n).join("");
    if (seen.has(g)) {
      repeated += len(g);
      i += n;
    } else {
      seen.add(g);
      i++;
    }
  }
  return repeated / len(text);
}

describe("n-gram shares", () => {
  it("equal the plain definition on the UDHR fixtures and every document of the sample corpus", async () => {
    const texts = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const sample = (await collect(read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,txt,wet.gz}", { split: "paragraph" }))).map((d) => d.text);
    // repeated text, and a pair of boundary-shifted n-grams that only the no-separator join makes equal
    const crafted = [
      "ab c d e f g h ab c d e f g h",
      "ab c d e f a bc d e f",
      `${"spam eggs ".repeat(40)}end`,
      "😀 a 𠀀 b 😀 a 𠀀 b c d e f 😀 a 𠀀 b c d e f g",
      "𝔘𝔫𝔦 𝔠𝔬𝔡𝔢 𝔘𝔫𝔦 𝔠𝔬𝔡𝔢 𝔘𝔫𝔦 𝔠𝔬𝔡𝔢",
    ];
    for (const text of [...texts, ...sample, ...crafted]) {
      const words = splitWords(text);
      const { top, dup } = nGramShares(text, words, [2, 3, 4], [5, 6, 7, 8, 9, 10]);
      for (const n of [2, 3, 4]) expect(top.get(n)).toBe(naiveTop(words, n, text));
      for (const n of [5, 6, 7, 8, 9, 10]) expect(dup.get(n)).toBe(naiveDup(words, n, text));
    }
  });
});
