// The trainer against KenLM's lmplz on the same real text (tests/fixtures/lm/README.md): the ARPA
// text must be identical, byte for byte: the same n-grams in the same order, and every probability
// and backoff printed with the same digits.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { arpaText } from "../../src/lm/arpa-write.js";
import { parseArpa } from "../../src/lm/arpa-read.js";
import { trainKneserNey, type TrainInput } from "../../src/lm/train.js";
import { lmplzTokens } from "../../src/lm/vocabulary.js";
import { FIXTURES } from "../support.js";

const DIR = `${FIXTURES}/lm`;
const kenlm = (name: string) => gunzipSync(readFileSync(`${DIR}/${name}.arpa.gz`)).toString("utf8");

/** The fixture text as lmplz reads it: one sentence per line, split at spaces and tabs. */
function lines(): string[][] {
  const text = readFileSync(`${DIR}/wikitext-2-test-150.txt`, "utf8").split("\n");
  if (text[text.length - 1] === "") text.pop();
  return text.map(lmplzTokens);
}

describe("trainKneserNey against lmplz", () => {
  const cases: [string, TrainInput][] = [
    ["wikitext-2-test-150.o3", { order: 3 }],
    ["wikitext-2-test-150.o5", { order: 5 }],
    ["wikitext-2-test-150.o5-prune-0-1-1", { order: 5, prune: [0, 1, 1] }],
  ];
  for (const [name, options] of cases) {
    it(`writes lmplz's ARPA file exactly: ${name}`, async () => {
      const { arpa, statistics } = await trainKneserNey(lines(), { ...options, skipSymbols: true });
      const ours = [...arpaText(arpa)].join("");
      const theirs = kenlm(name);
      if (ours !== theirs) {
        // name the first n-gram that differs rather than print two large files
        const a = ours.split("\n");
        const b = theirs.split("\n");
        const i = a.findIndex((line, k) => line !== b[k]);
        expect(`line ${i + 1}: ${a[i]}`).toBe(`line ${i + 1}: ${b[i]}`);
      }
      expect(ours === theirs).toBe(true);
      // lmplz's log: "Unigram tokens 7723 types 1874"
      expect(statistics.tokens).toBe(7723);
      expect(statistics.countsKept).toEqual(parseArpa(theirs).orders.map((o) => o.log10Probs.length));
    });
  }

  it("has lmplz's discounts (its 'Statistics' lines print them with 6 digits)", async () => {
    const { statistics } = await trainKneserNey(lines(), { order: 5, skipSymbols: true });
    // lmplz -o 5: "1 1874 D1=0.676313 D2=1.23411 D3+=1.48126" ... "5 7228 D1=0.924543 D2=1.9412 D3+=1.76728"
    const printed = [
      [0.676313, 1.23411, 1.48126],
      [0.85364, 1.32538, 1.77341],
      [0.93957, 1.47149, 2.1327],
      [0.972034, 1.71128, 2.61119],
      [0.924543, 1.9412, 1.76728],
    ];
    statistics.discounts.forEach((d, i) => d.forEach((v, j) => expect(Number(v.toPrecision(6))).toBe(printed[i]![j])));
    expect(statistics.counts).toEqual([1874, 5183, 6749, 7141, 7228]);
  });

  it("refuses WikiText's <unk> marks without skipSymbols, as lmplz does without --skip_symbols", async () => {
    const error = await trainKneserNey(lines(), { order: 3, source: "wikitext-2-test-150.txt" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    // line 2 is " = Robert <unk> = "
    expect((error as InputError).record).toBe(2);
  });
});
