import { describe, expect, it } from "vitest";
import { ConfigError, UnknownDatasetError, datasets, findDatasets, getDataset } from "../../src/index.js";

const all = datasets();

describe("catalog queries", () => {
  it("finds an entry by id, alias or hub id, ignoring case", () => {
    expect(getDataset("c4").id).toBe("c4");
    expect(getDataset("Colossal Clean Crawled Corpus").id).toBe("c4");
    expect(getDataset("ALLENAI/C4").id).toBe("c4");
  });

  it("an unknown id names the closest ids", () => {
    const error = (() => {
      try {
        getDataset("c5");
      } catch (e) {
        return e as UnknownDatasetError;
      }
    })();
    expect(error).toBeInstanceOf(UnknownDatasetError);
    expect(error!.suggestions).toContain("c4");
    expect(error!.message).toMatch(/unknown dataset "c5"; did you mean "c4"/);
  });

  it("filters by each criterion exactly as the entries say", () => {
    const english = findDatasets({ language: "en" });
    expect(english.map((d) => d.id)).toEqual(all.filter((d) => d.languages.includes("en") || d.subsets.some((s) => s.languages?.includes("en"))).map((d) => d.id));
    for (const stage of ["pretraining", "sft", "preference", "evaluation"] as const) {
      expect(findDatasets({ stage }).every((d) => d.stage.includes(stage))).toBe(true);
    }
    const big = findDatasets({ minBytes: 100e9 });
    expect(big.every((d) => (d.size.bytes?.value ?? d.size.compressedBytes?.value ?? 0) >= 100e9)).toBe(true);
    expect(big.map((d) => d.id)).toContain("c4");
    expect(findDatasets({ minBytes: 400e9 }).map((d) => d.id)).not.toContain("c4");
    expect(findDatasets({ usedBy: "llama" }).map((d) => d.id)).toContain("c4");
    expect(findDatasets({ text: "colossal crawled" }).map((d) => d.id)).toEqual(["c4"]);
    expect(findDatasets({ license: "odc-by-1.0", commercialUse: true }).map((d) => d.id)).toContain("c4");
  });

  it("combines criteria: Chinese pretraining corpora over 50 GB", () => {
    const found = findDatasets({ language: "zh", stage: "pretraining", minBytes: 50e9 });
    for (const d of found) {
      expect(d.stage).toContain("pretraining");
      expect([...d.languages, ...d.subsets.flatMap((s) => s.languages ?? [])].some((l) => l === "zh" || l.startsWith("zh-"))).toBe(true);
      expect(d.size.bytes?.value ?? d.size.compressedBytes?.value).toBeGreaterThanOrEqual(50e9);
    }
  });

  it("rejects a misspelt criterion", () => {
    expect(() => findDatasets({ langauge: "zh" } as never)).toThrow(ConfigError);
  });
});

describe("the seed table", () => {
  // shared/SEED-FACTS.md: every row of the corpora table, under the name the table uses.
  const seed: [string, string][] = [
    ["proof-pile", "proof-pile"],
    ["peS2o", "pes2o"],
    ["StackOverflow posts", "stackoverflow-posts"],
    ["SlimPajama", "slimpajama"],
    ["NMBVC", "mnbvc"],
    ["falcon-refinedweb", "falcon-refinedweb"],
    ["CBook-150K", "cbook-150k"],
    ["Common Crawl", "common-crawl"],
    ["nlp_Chinese_Corpus", "nlp-chinese-corpus"],
    ["The Pile (V1)", "the-pile"],
    ["C4", "c4"],
    ["ROOTS", "roots"],
    ["Pushshift reddit", "pushshift-reddit"],
    ["Project Gutenberg", "project-gutenberg"],
    ["CLUECorpus", "clue-corpus-2020"],
  ];
  for (const [name, id] of seed) {
    it(`"${name}" resolves to ${id}`, () => expect(getDataset(name).id).toBe(id));
  }

  it("has at least 40 entries across all four stages", () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
    for (const stage of ["pretraining", "sft", "preference", "evaluation"] as const) expect(findDatasets({ stage }).length).toBeGreaterThan(0);
  });

  it("keeps the sourced figure where the seed table disagrees, and says so", () => {
    const pes2o = getDataset("pes2o");
    expect(pes2o.size.compressedBytes!.value).toBeGreaterThan(50e9);
    expect(pes2o.notes.join(" ")).toMatch(/7\.5GB/);
  });
});
