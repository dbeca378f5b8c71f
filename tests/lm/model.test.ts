// The scorer against KenLM's query on the same models (tests/fixtures/lm/kenlm-query.json), and
// against the backoff formula written out plainly on strings, on real sentences.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ArpaData } from "../../src/lm/arpa-data.js";
import { parseArpa, readArpa } from "../../src/lm/arpa-read.js";
import { loadArpa, NGramModel } from "../../src/lm/model.js";
import { lmplzTokens } from "../../src/lm/vocabulary.js";
import { FIXTURES } from "../support.js";

const DIR = `${FIXTURES}/lm`;
const MODELS = { o3: "wikitext-2-test-150.o3", o5: "wikitext-2-test-150.o5", "o5-prune-0-1-1": "wikitext-2-test-150.o5-prune-0-1-1" } as const;
type Scores = { total: number; oov: number; tokens: [string, number, number][] };
const QUERY = JSON.parse(readFileSync(`${DIR}/kenlm-query.json`, "utf8")) as { sentences: ({ text: string } & Record<keyof typeof MODELS, Scores>)[] };

/**
 * The ARPA backoff model by its definition: log10 p(w | h) is the listed value of "h w" if there
 * is one, else bo(h) (0 if h is not listed) + log10 p(w | h without its first word); an unknown word
 * is <unk>. Keys are the n-grams' words joined by spaces.
 */
class ReferenceScorer {
  private readonly probs = new Map<string, number>();
  private readonly backoffs = new Map<string, number>();
  private readonly order: number;
  constructor(arpa: ArpaData) {
    this.order = arpa.orders.length;
    arpa.orders.forEach((o, i) => {
      const n = i + 1;
      for (let e = 0; e < o.log10Probs.length; e++) {
        const key = Array.from(o.ids.subarray(e * n, e * n + n), (id) => arpa.vocab[id]).join(" ");
        this.probs.set(key, o.log10Probs[e]!);
        if (o.backoffs) this.backoffs.set(key, o.backoffs[e]!);
      }
    });
  }
  private logProb(word: string, history: string[]): number {
    const gram = [...history, word].join(" ");
    if (this.probs.has(gram)) return this.probs.get(gram)!;
    if (history.length === 0) return this.probs.get("<unk>")!;
    return (this.backoffs.get(history.join(" ")) ?? 0) + this.logProb(word, history.slice(1));
  }
  score(tokens: string[], bos = true, eos = true): number[] {
    const words = tokens.map((t) => (this.probs.has(t) ? t : "<unk>"));
    const seen = bos ? ["<s>"] : [];
    const out: number[] = [];
    for (const w of eos ? [...words, "</s>"] : words) {
      out.push(this.logProb(w, seen.slice(Math.max(0, seen.length - (this.order - 1)))));
      seen.push(w);
    }
    return out;
  }
}

describe("NGramModel", () => {
  for (const [name, file] of Object.entries(MODELS) as [keyof typeof MODELS, string][]) {
    it(`gives KenLM query's scores, token by token and in total: ${name}`, async () => {
      const model = await loadArpa(`${DIR}/${file}.arpa.gz`);
      for (const sentence of QUERY.sentences) {
        const expected = sentence[name];
        const got = model.fullScores(lmplzTokens(sentence.text));
        expect(got.map((t) => t.ngramLength)).toEqual(expected.tokens.map((t) => t[2]));
        // query prints each float as its shortest decimal, so reading it back gives the same float
        expect(got.map((t) => t.log10Prob)).toEqual(expected.tokens.map((t) => Math.fround(t[1])));
        expect(model.score(lmplzTokens(sentence.text))).toBe(Math.fround(expected.total));
        expect(got.filter((t) => t.oov).length).toBe(expected.oov);
      }
    });
  }

  it("agrees with the backoff formula on strings, to 1e-4 log10, on real and on scrambled sentences", async () => {
    const lines = readFileSync(`${DIR}/wikitext-2-test-150.txt`, "utf8")
      .split("\n")
      .map(lmplzTokens)
      .filter((l) => l.length > 0);
    // reversed lines have word pairs the model never saw: every path through the backoffs is taken
    const sentences = [...QUERY.sentences.map((s) => lmplzTokens(s.text)), ...lines, ...lines.map((l) => [...l].reverse())];
    for (const file of Object.values(MODELS)) {
      const arpa = await readArpa(`${DIR}/${file}.arpa.gz`);
      const model = NGramModel.fromArpa(arpa);
      const reference = new ReferenceScorer(arpa);
      for (const tokens of sentences) {
        for (const [bos, eos] of [
          [true, true],
          [false, true],
          [true, false],
        ] as const) {
          const expected = reference.score(tokens, bos, eos);
          // KenLM, and so the model, add up a sentence in float; summed in double, a paragraph of
          // 300 words drifts by about 1e-4 from that, which is not what this test is about
          const sum = expected.reduce((a, b) => Math.fround(a + b), 0);
          expect(Math.abs(model.score(tokens, bos, eos) - sum)).toBeLessThan(1e-4);
          model.fullScores(tokens, bos, eos).forEach((t, i) => expect(Math.abs(t.log10Prob - expected[i]!)).toBeLessThan(1e-5));
        }
      }
    }
  });

  it("scores an unknown word as <unk>, and as -100 (KenLM's default) when the model has no <unk>", () => {
    const withUnk = parseArpa(["\\data\\", "ngram 1=4", "", "\\1-grams:", "-2\t<unk>", "0\t<s>", "-0.5\t</s>", "-0.25\tcat", "", "\\end\\", ""].join("\n"));
    const model = NGramModel.fromArpa(withUnk);
    expect(model.fullScores(["dog"], false, false)).toEqual([{ log10Prob: -2, ngramLength: 1, oov: true }]);
    expect(model.score(["cat", "dog"])).toBe(-0.25 - 2 - 0.5);
    const withoutUnk = parseArpa(["\\data\\", "ngram 1=3", "", "\\1-grams:", "0\t<s>", "-0.5\t</s>", "-0.25\tcat", "", "\\end\\", ""].join("\n"));
    expect(NGramModel.fromArpa(withoutUnk).score(["dog"])).toBe(-100.5);
  });

  it("gives KenLM's perplexity, </s> counted as a token", async () => {
    const model = await loadArpa(`${DIR}/${MODELS.o3}.arpa.gz`);
    const tokens = lmplzTokens("Robert is an English film actor .");
    expect(model.perplexity(tokens)).toBeCloseTo(10 ** (-model.score(tokens) / 8), 10);
  });
});
