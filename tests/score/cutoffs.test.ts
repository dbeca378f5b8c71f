import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bucketOf, computePercentiles, loadCutoffs } from "../../src/score/cutoffs.js";
import { pythonRound } from "../../src/score/round.js";
import { ConfigError, InputError } from "../../src/errors.js";
import { tempDir } from "../support.js";

describe("computePercentiles", () => {
  it("interpolates between the closest ranks, as numpy.percentile does by default", () => {
    // numpy.percentile([10, 20, 30, 40, 50], [0, 25, 30, 50, 90, 100]) = [10, 20, 22, 30, 46, 50]
    const p = computePercentiles([50, 10, 40, 20, 30]);
    expect(p).toHaveLength(101);
    expect([p[0], p[25], p[30], p[50], p[90], p[100]]).toEqual([10, 20, 22, 30, 46, 50]);
  });
  it("refuses an empty sample", () => {
    expect(() => computePercentiles([])).toThrow(RangeError);
  });
});

describe("bucketOf", () => {
  // CCNet's English row: p30 = 340, p60 = 520 (cc_net/data/cutoff.csv)
  const en = { language: "en", percentiles: Array.from({ length: 100 }, (_, i) => (i === 30 ? 340 : i === 60 ? 520 : i * 10)) };
  it("puts a perplexity below p30 in head, below p60 in middle, else tail; both comparisons strict", () => {
    expect(bucketOf(339.9, en)).toBe("head");
    expect(bucketOf(340, en)).toBe("middle");
    expect(bucketOf(519.9, en)).toBe("middle");
    expect(bucketOf(520, en)).toBe("tail");
  });
  it("answers 'all' without a table or a perplexity, as CCNet does", () => {
    expect(bucketOf(100, undefined)).toBe("all");
    expect(bucketOf(undefined, en)).toBe("all");
    expect(bucketOf(-1, en)).toBe("all");
  });
});

describe("loadCutoffs", () => {
  it("reads CCNet's cutoff.csv layout: a percentile column, then one column per language", async () => {
    const dir = await tempDir();
    const rows = Array.from({ length: 100 }, (_, p) => `${p},${p * 10},${p * 20}`);
    writeFileSync(join(dir, "cutoff.csv"), `,en,zh\n${rows.join("\n")}\n`);
    const tables = loadCutoffs(join(dir, "cutoff.csv"));
    expect(tables.map((t) => t.language)).toEqual(["en", "zh"]);
    expect(tables[1]!.percentiles[30]).toBe(600);
  });
  it("names the file and line of a bad CSV row, and the key of a bad JSON table", async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, "bad.csv"), `,en\n0,10\n1,ten\n`);
    expect(() => loadCutoffs(join(dir, "bad.csv"))).toThrow(InputError);
    expect(() => loadCutoffs(join(dir, "bad.csv"))).toThrow(/bad\.csv line 3/);
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ language: "en", percentiles: [1, 2] }));
    expect(() => loadCutoffs(join(dir, "bad.json"))).toThrow(ConfigError);
    expect(() => loadCutoffs(join(dir, "bad.json"))).toThrow(/percentiles/);
  });
});

describe("pythonRound", () => {
  it("rounds exact binary ties to even, as Python's round(x, 1), and everything else to nearest", () => {
    // Python: round(12.25, 1) = 12.2, round(12.75, 1) = 12.8, round(0.15, 1) = 0.1 (0.15 is below .15 in binary), round(2.675, 1) = 2.7
    expect(pythonRound(12.25)).toBe(12.2);
    expect(pythonRound(12.75)).toBe(12.8);
    expect(pythonRound(0.15)).toBe(0.1);
    expect(pythonRound(0.35)).toBe(0.3);
    expect(pythonRound(2.675)).toBe(2.7);
    expect(pythonRound(255.11)).toBe(255.1);
    expect(pythonRound(-12.25)).toBe(-12.2);
    expect(pythonRound(1.25, 1)).toBe(1.2);
    expect(pythonRound(1.375, 2)).toBe(1.38);
    expect(pythonRound(1234.5, 0)).toBe(1234);
  });
});
