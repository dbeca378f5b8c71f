// Interpolated modified Kneser-Ney on a five-sentence corpus, checked two ways: values worked out by
// hand from the counts (the comments show the arithmetic), and a plain implementation of the
// definitions on strings and Maps in double precision, which must agree with the trainer on every
// n-gram. (tests/lm/lmplz.test.ts compares the trainer with lmplz itself.)
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import type { ArpaData } from "../../src/lm/arpa-data.js";
import { trainKneserNey } from "../../src/lm/train.js";

const CORPUS = ["the dog sat down", "a dog ran", "a cat sat down", "the dog sat", "the dog sat"];
const sentences = CORPUS.map((s) => s.split(" "));

type Entry = { prob: number; backoff: number };

/** "w1 w2" -> log10 prob and backoff, from the trainer's output. */
function entries(arpa: ArpaData): Map<string, Entry> {
  const out = new Map<string, Entry>();
  arpa.orders.forEach((order, i) => {
    const n = i + 1;
    for (let e = 0; e < order.log10Probs.length; e++) {
      const words = Array.from(order.ids.subarray(e * n, e * n + n), (id) => arpa.vocab[id]).join(" ");
      out.set(words, { prob: order.log10Probs[e]!, backoff: order.backoffs?.[e] ?? 0 });
    }
  });
  return out;
}

/**
 * Modified Kneser-Ney as Chen & Goodman (1998) define it, with lmplz's conventions (Heafield et
 * al. 2013): adjusted counts are continuation counts except for the highest order and for
 * n-grams starting with <s>; discounts per order from n1..n4; unigrams interpolate with the
 * uniform distribution over the vocabulary without <s>; <s> has probability 1.
 */
function referenceKneserNey(text: string[][], order: number): Map<string, Entry> {
  const padded = text.map((s) => ["<s>", ...s, "</s>"]);
  const raw = new Map<string, number>();
  const grams: Set<string>[] = Array.from({ length: order + 1 }, () => new Set());
  for (const words of padded) {
    for (let n = 1; n <= order; n++) {
      for (let i = 0; i + n <= words.length; i++) {
        const g = words.slice(i, i + n).join(" ");
        if (g === "<s>") continue;
        raw.set(g, (raw.get(g) ?? 0) + 1);
        grams[n]!.add(g);
      }
    }
  }
  const adjusted = new Map<string, number>();
  for (let n = 1; n <= order; n++) {
    for (const g of grams[n]!) {
      if (n === order || g.startsWith("<s> ")) adjusted.set(g, raw.get(g)!);
      else adjusted.set(g, [...grams[n + 1]!].filter((longer) => longer.split(" ").slice(1).join(" ") === g).length);
    }
  }
  grams[1]!.add("<unk>").add("<s>");
  adjusted.set("<unk>", 0).set("<s>", 0);
  const discounts: number[][] = [[]];
  for (let n = 1; n <= order; n++) {
    const k = [0, 1, 2, 3, 4].map((c) => [...grams[n]!].filter((g) => adjusted.get(g) === c).length);
    const y = k[1]! / (k[1]! + 2 * k[2]!);
    discounts.push([0, 1 - (2 * y * k[2]!) / k[1]!, 2 - (3 * y * k[3]!) / k[2]!, 3 - (4 * y * k[4]!) / k[3]!]);
  }
  const D = (n: number, a: number) => discounts[n]![Math.min(a, 3)]!;
  // per context: the sum of adjusted counts after it, and gamma
  const denominator = new Map<string, number>();
  const gamma = new Map<string, number>();
  for (let n = 1; n <= order; n++) {
    const mass = new Map<string, number>();
    for (const g of grams[n]!) {
      const context = g.split(" ").slice(0, -1).join(" ");
      const a = adjusted.get(g)!;
      denominator.set(context, (denominator.get(context) ?? 0) + a);
      if (a > 0) mass.set(context, (mass.get(context) ?? 0) + D(n, a));
    }
    for (const [context, m] of mass) gamma.set(context, m / denominator.get(context)!);
  }
  const vocabularySize = grams[1]!.size - 1;
  const p = new Map<string, number>();
  const out = new Map<string, Entry>();
  for (let n = 1; n <= order; n++) {
    for (const g of grams[n]!) {
      const words = g.split(" ");
      const context = words.slice(0, -1).join(" ");
      let prob: number;
      if (g === "<s>") prob = 1;
      else if (g === "<unk>") prob = gamma.get("")! / vocabularySize;
      else {
        const u = (adjusted.get(g)! - D(n, adjusted.get(g)!)) / denominator.get(context)!;
        const lower = n === 1 ? 1 / vocabularySize : p.get(words.slice(1).join(" "))!;
        prob = u + gamma.get(context)! * lower;
      }
      p.set(g, prob);
      const last = words[words.length - 1];
      const isContext = n < order && last !== "</s>" && last !== "<unk>" && gamma.has(g);
      out.set(g, { prob: Math.log10(prob), backoff: isContext ? Math.log10(gamma.get(g)!) : 0 });
    }
  }
  return out;
}

describe("trainKneserNey on a tiny corpus", () => {
  it("gives the hand-computed bigram model", async () => {
    const { arpa, statistics } = await trainKneserNey(sentences, { order: 2 });
    const m = entries(arpa);
    const log10 = Math.log10;
    // Bigram counts: <s> the 3, the dog 3, dog sat 3 | <s> a 2, sat down 2, sat </s> 2, down </s> 2 |
    // a dog, a cat, dog ran, cat sat, ran </s> 1 each: n1 = 5, n2 = 4, n3 = 3, n4 = 0, so
    // Y = 5/13, D1 = 1 - 2Y*4/5 = 5/13, D2 = 2 - 3Y*3/4 = 59/52, D3+ = 3 - 4Y*0/3 = 3.
    expect(statistics.discounts[1]![0]).toBeCloseTo(5 / 13, 6);
    expect(statistics.discounts[1]![1]).toBeCloseTo(59 / 52, 6);
    expect(statistics.discounts[1]![2]).toBe(3);
    // Unigram adjusted counts = distinct words before: the 1 (<s>), a 1, cat 1, ran 1, down 1,
    // dog 2 (the, a), sat 2 (dog, cat), </s> 3 (sat, down, ran): n1 = 5, n2 = 2, n3 = 1, n4 = 0:
    // Y = 5/9, D1 = 5/9, D2 = 2 - 3Y/2 = 7/6, D3+ = 3; the total is 5 + 4 + 3 = 12.
    expect(statistics.discounts[0]![0]).toBeCloseTo(5 / 9, 6);
    expect(statistics.discounts[0]![1]).toBeCloseTo(7 / 6, 6);
    // gamma() = (5 D1 + 2 D2 + 1 D3+) / 12 = (25/9 + 7/3 + 3) / 12 = 73/108, spread uniformly over
    // the 9 words other than <s>: 73/972 each.
    const spread = 73 / 972;
    expect(m.get("<unk>")!.prob).toBeCloseTo(log10(spread), 6);
    expect(m.get("the")!.prob).toBeCloseTo(log10((1 - 5 / 9) / 12 + spread), 6); // 109/972
    expect(m.get("dog")!.prob).toBeCloseTo(log10((2 - 7 / 6) / 12 + spread), 6); // 281/1944
    expect(m.get("</s>")!.prob).toBeCloseTo(log10((3 - 3) / 12 + spread), 6); // D3+ = 3 takes it all
    expect(m.get("<s>")!.prob).toBe(0);
    // After "a": a dog 1, a cat 1, total 2, gamma(a) = 2 D1 / 2 = 5/13 (its backoff);
    // p(dog | a) = (1 - 5/13)/2 + 5/13 p(dog) = 4/13 + 5/13 * 281/1944.
    expect(m.get("a")!.backoff).toBeCloseTo(log10(5 / 13), 6);
    expect(m.get("a dog")!.prob).toBeCloseTo(log10(4 / 13 + (5 / 13) * (281 / 1944)), 6);
    // After "the": only the dog, count 3: u = (3 - 3)/3 = 0, gamma(the) = 3/3 = 1 (backoff 0).
    expect(m.get("the")!.backoff).toBeCloseTo(0, 7);
    expect(m.get("the dog")!.prob).toBeCloseTo(m.get("dog")!.prob, 6);
    // </s> ends a sentence and is nobody's context: backoff 0.
    expect(m.get("</s>")!.backoff).toBe(0);
  });

  it("gives the hand-computed trigram model", async () => {
    const { arpa, statistics } = await trainKneserNey(sentences, { order: 3 });
    const m = entries(arpa);
    const log10 = Math.log10;
    // Trigram counts: <s> the dog 3, the dog sat 3 | sat down </s> 2, dog sat </s> 2 | seven others
    // 1: n1 = 7, n2 = 2, n3 = 2: Y = 7/11, D1 = 1 - 2Y*2/7 = 7/11, D2 = 2 - 3Y*2/2 = 1/11, D3+ = 3.
    expect(statistics.discounts[2]).toEqual([expect.closeTo(7 / 11, 6), expect.closeTo(1 / 11, 6), 3]);
    // Bigrams now have continuation counts, but those starting with <s> keep their counts
    // (<s> the 3, <s> a 2); sat down has 2 words before it (dog, cat), the 9 others 1:
    // n1 = 9, n2 = 2, n3 = 1: Y = 9/13, D1 = 9/13, D2 = 2 - 3Y/2 = 25/26, D3+ = 3.
    expect(statistics.discounts[1]).toEqual([expect.closeTo(9 / 13, 6), expect.closeTo(25 / 26, 6), 3]);
    // p(dog | the) = (1 - 9/13)/1 + gamma(the) p(dog), gamma(the) = 9/13 (one follower, count 1)
    const pDogGivenThe = 4 / 13 + (9 / 13) * (281 / 1944);
    expect(m.get("the dog")!.prob).toBeCloseTo(log10(pDogGivenThe), 6);
    expect(m.get("the")!.backoff).toBeCloseTo(log10(9 / 13), 6);
    // p(dog | <s> the): <s> the dog 3 is all that follows <s> the: u = 0, gamma = 3/3 = 1.
    expect(m.get("<s> the dog")!.prob).toBeCloseTo(log10(pDogGivenThe), 6);
    expect(m.get("<s> the")!.backoff).toBeCloseTo(0, 7);
    // p(sat | dog) = (1 - 9/13)/2 + gamma(dog) p(sat): dog sat 1 and dog ran 1, gamma(dog) = 2 D1 / 2 = 9/13,
    // p(sat) = (2 - 7/6)/12 + 73/972 = 281/1944 (sat follows dog and cat).
    expect(m.get("dog sat")!.prob).toBeCloseTo(log10(2 / 13 + (9 / 13) * (281 / 1944)), 6);
    // No trigram has a backoff column; the highest order has none.
    expect(arpa.orders[2]!.backoffs).toBeUndefined();
  });

  for (const order of [2, 3]) {
    it(`equals the plain definitions on every ${order}-gram model entry`, async () => {
      const ours = entries((await trainKneserNey(sentences, { order })).arpa);
      const reference = referenceKneserNey(sentences, order);
      expect([...ours.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [gram, { prob, backoff }] of reference) {
        // the trainer computes in float, as lmplz: 1e-6 in log10 is a few float steps
        expect(ours.get(gram)!.prob, gram).toBeCloseTo(prob, 6);
        expect(ours.get(gram)!.backoff, gram).toBeCloseTo(backoff, 6);
      }
    });
  }

  it("lists the n-grams as lmplz does: unigrams by first appearance after <unk> <s> </s>, the rest in suffix order", async () => {
    const { arpa } = await trainKneserNey(sentences, { order: 2 });
    expect(arpa.vocab).toEqual(["<unk>", "<s>", "</s>", "the", "dog", "sat", "down", "a", "ran", "cat"]);
    const bigrams = Array.from({ length: arpa.orders[1]!.log10Probs.length }, (_, e) =>
      Array.from(arpa.orders[1]!.ids.subarray(e * 2, e * 2 + 2), (id) => arpa.vocab[id]).join(" "),
    );
    // by last word id (</s>, the, dog, sat, down, a, ran, cat), then by the word before
    expect(bigrams).toEqual([
      "sat </s>",
      "down </s>",
      "ran </s>",
      "<s> the",
      "the dog",
      "a dog",
      "dog sat",
      "cat sat",
      "sat down",
      "<s> a",
      "dog ran",
      "a cat",
    ]);
  });

  it("refuses <s>, </s> and <unk> in the text unless told to skip them, as lmplz", async () => {
    const text = [
      ["a", "b"],
      ["c", "<unk>", "d"],
    ];
    const error = await trainKneserNey(text, { order: 2, source: "corpus.txt" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^corpus\.txt record 2: the special word <unk>/);
    const { arpa } = await trainKneserNey([...text, ...sentences], { order: 2, skipSymbols: true, discountFallback: [0.5, 1, 1.5] });
    expect(arpa.vocab.filter((w) => w === "<unk>")).toHaveLength(1);
  });

  it("validates its options with the zod schema", async () => {
    await expect(trainKneserNey(sentences, { order: 7 })).rejects.toThrow(/order/);
    await expect(trainKneserNey(sentences, { order: 3, prune: [1] })).rejects.toThrow(/first threshold must be 0/);
    await expect(trainKneserNey(sentences, { order: 3, prune: [0, 2, 1] })).rejects.toThrow(/must not decrease/);
    await expect(trainKneserNey([], { order: 2 })).rejects.toThrow(/no sentences/);
  });

  it("explains discounts it cannot compute, and uses the fallback when given one", async () => {
    // every sentence twice: counts double, so no bigram has adjusted count 3 (and no trigram count 1)
    const twice = [...sentences, ...sentences];
    await expect(trainKneserNey(twice, { order: 3 })).rejects.toThrow(/discounts for 2-grams with adjusted count 4 because no 2-gram has adjusted count 3/);
    const { statistics } = await trainKneserNey(twice, { order: 3, discountFallback: [0.5, 1, 1.5] });
    expect(statistics.discounts[2]).toEqual([0.5, 1, 1.5]);
  });
});
