// ARPA reading and writing: KenLM-written files come back byte for byte, the reader takes what
// KenLM's reader takes, and every malformed file is refused with its file and line.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError, OutputError } from "../../src/errors.js";
import { arpaText, writeArpa } from "../../src/lm/arpa-write.js";
import { parseArpa, readArpa } from "../../src/lm/arpa-read.js";
import { FIXTURES, tempDir } from "../support.js";

const DIR = `${FIXTURES}/lm`;
const MODELS = ["wikitext-2-test-150.o3", "wikitext-2-test-150.o5", "wikitext-2-test-150.o5-prune-0-1-1"];

const SMALL = [
  "\\data\\",
  "ngram 1=4",
  "ngram 2=2",
  "",
  "\\1-grams:",
  "-1\t<unk>\t0",
  "0\t<s>\t-0.5",
  "-0.7\t</s>\t0",
  "-0.9\tcat\t-0.25",
  "",
  "\\2-grams:",
  "-0.3\t<s> cat",
  "-0.2\tcat </s>",
  "",
  "\\end\\",
  "",
];

describe("ARPA read and write", () => {
  for (const name of MODELS) {
    it(`gives back KenLM's file byte for byte: ${name}`, async () => {
      const path = `${DIR}/${name}.arpa.gz`;
      const arpa = await readArpa(path);
      expect([...arpaText(arpa)].join("")).toBe(gunzipSync(readFileSync(path)).toString("utf8"));
    });
  }

  it("writes plain and gzip files that read back to the same model", async () => {
    const dir = await tempDir();
    const arpa = await readArpa(`${DIR}/wikitext-2-test-150.o3.arpa.gz`);
    for (const file of ["m.arpa", "m.arpa.gz"]) {
      await writeArpa(arpa, join(dir, file));
      const again = await readArpa(join(dir, file));
      expect(again.vocab).toEqual(arpa.vocab);
      again.orders.forEach((order, i) => {
        expect(order.ids).toEqual(arpa.orders[i]!.ids);
        expect(order.log10Probs).toEqual(arpa.orders[i]!.log10Probs);
        expect(order.backoffs).toEqual(arpa.orders[i]!.backoffs);
      });
    }
    // only the finished files, no temporary names left behind
    expect(readdirSync(dir).sort()).toEqual(["m.arpa", "m.arpa.gz"]);
  });

  it("leaves nothing under the final name when the write fails", async () => {
    const dir = await tempDir();
    const arpa = await readArpa(`${DIR}/wikitext-2-test-150.o3.arpa.gz`);
    const path = join(dir, "missing-folder", "m.arpa");
    await expect(writeArpa(arpa, path)).rejects.toThrow(OutputError);
    await expect(writeArpa(arpa, path)).rejects.toThrow(/missing-folder\/m\.arpa/);
    expect(existsSync(path)).toBe(false);
  });

  it("keeps the '#' lines before \\data\\ (lmplz --verbose_header) and writes them back", () => {
    const text = ["# Input file: corpus.txt", "# Token count: 3", ...SMALL].join("\n");
    const arpa = parseArpa(text);
    expect(arpa.preamble).toEqual(["# Input file: corpus.txt", "# Token count: 3"]);
    expect([...arpaText(arpa)].join("")).toBe(text);
  });

  it("reads what KenLM reads: spaces for tabs, CRLF line ends, a missing backoff as 0, a zero backoff on the highest order", () => {
    const text = SMALL.map((l) => l.replace(/\t/g, " "))
      .join("\r\n")
      .replace("0 <s> -0.5", "0 <s> -0.5")
      .replace("-0.7 </s> 0", "-0.7 </s>")
      .replace("-0.2 cat </s>", "-0.2 cat </s> 0");
    const arpa = parseArpa(text, "crlf.arpa");
    expect(arpa.vocab).toEqual(["<unk>", "<s>", "</s>", "cat"]);
    expect(Array.from(arpa.orders[0]!.backoffs!)).toEqual([0, -0.5, 0, -0.25]);
    expect(Array.from(arpa.orders[1]!.ids)).toEqual([1, 3, 3, 2]);
    expect(arpa.orders[1]!.log10Probs[1]).toBe(Math.fround(-0.2));
  });

  it("writes lmplz's layout: a backoff on every line but the highest order's, 0 included", () => {
    expect([...arpaText(parseArpa(SMALL.join("\n")))].join("")).toBe(SMALL.join("\n"));
  });

  describe("refuses a malformed file, naming the file and the line", () => {
    const lines = (edit: (l: string[]) => void) => {
      const l = [...SMALL];
      edit(l);
      return l.join("\n");
    };
    const cases: [string, string, number, RegExp][] = [
      ["text before \\data\\", lines((l) => l.unshift("hello")), 1, /expected \\data\\.*got "hello"/],
      ["a bad count line", lines((l) => (l[2] = "ngram 2:2")), 3, /expected "ngram N=<count>"/],
      ["counts out of turn", lines((l) => (l[1] = "ngram 2=4")), 2, /orders 1, 2, \.\.\. in turn/],
      ["the wrong section header", lines((l) => (l[4] = "\\2-grams:")), 5, /expected \\1-grams:/],
      ["a probability that is not a number", lines((l) => (l[5] = "minus\t<unk>\t0")), 6, /expected a log10 probability/],
      ["a positive log10 probability", lines((l) => (l[8] = "0.5\tcat\t-0.25")), 9, /positive log10 probability 0\.5/],
      ["a word missing from the unigrams", lines((l) => (l[12] = "-0.2\tdog </s>")), 13, /"dog" of this 2-gram is not among the unigrams/],
      ["fewer n-grams than the header says", lines((l) => l.splice(8, 1)), 9, /announced 4 1-grams, found 3/],
      ["too few words", lines((l) => (l[11] = "-0.3\t<s>")), 12, /expected 2 words after the probability, found 1/],
      ["text after the backoff", lines((l) => (l[8] = "-0.9\tcat\t-0.25\textra")), 9, /unexpected text after the backoff/],
      ["a backoff that is not a number", lines((l) => (l[8] = "-0.9\tcat\tnan")), 9, /finite log10 backoff/],
      ["a backoff on the highest order", lines((l) => (l[12] = "-0.2\tcat </s>\t-0.1")), 13, /non-zero backoff -0\.1 on a 2-gram of the highest order/],
      ["a unigram listed twice", lines((l) => (l[8] = "-0.9\t</s>\t0")), 9, /unigram "<\/s>" is listed twice/],
      ["no \\end\\", lines((l) => l.splice(14)), 13, /the file ends before \\end\\/],
      ["a line after \\end\\", lines((l) => l.push("more")), 17, /unexpected line after \\end\\/],
    ];
    for (const [what, text, line, message] of cases) {
      it(what, () => {
        let error: unknown;
        try {
          parseArpa(text, "bad.arpa");
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).file).toBe("bad.arpa");
        expect((error as InputError).line).toBe(line);
        expect((error as InputError).message).toMatch(new RegExp(`^bad\\.arpa line ${line}: `));
        expect((error as InputError).message).toMatch(message);
      });
    }
    it("a model without <s> or </s>", () => {
      const text = SMALL.join("\n").replace("0\t<s>\t-0.5", "0\t<bos>\t-0.5").replace("<s> cat", "<bos> cat");
      expect(() => parseArpa(text, "bad.arpa")).toThrow(/^bad\.arpa: the unigrams have no <s>/);
    });
    it("a gzip file not named .gz, and a missing file", async () => {
      const dir = await tempDir();
      const path = join(dir, "model.arpa");
      writeFileSync(path, readFileSync(`${DIR}/wikitext-2-test-150.o3.arpa.gz`));
      await expect(readArpa(path)).rejects.toThrow(/model\.arpa line 1: .*looks gzip-compressed/);
      await expect(readArpa(join(dir, "none.arpa"))).rejects.toThrow(InputError);
    });
  });
});
