import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { joinLocation, relativeLocation } from "../src/locations.js";

describe("joinLocation", () => {
  it("keeps the two slashes of a URL scheme, which path.join folds", () => {
    expect(join("s3://bucket/out", ".logs")).toBe("s3:/bucket/out/.logs");
    expect(joinLocation("s3://bucket/out", ".logs")).toBe("s3://bucket/out/.logs");
    expect(joinLocation("s3://bucket/out/", "/stats", "process", "00001.json")).toBe("s3://bucket/out/stats/process/00001.json");
    expect(joinLocation("s3://bucket", "a")).toBe("s3://bucket/a");
  });

  it("is path.join for local paths", () => {
    for (const [base, ...parts] of [
      ["out", ".logs"],
      ["/data/out/", "../x", "y"],
      ["a", "./b"],
    ] as const) {
      expect(joinLocation(base, ...parts)).toBe(join(base, ...parts));
    }
  });
});

describe("relativeLocation", () => {
  it("strips the prefix of a URL and is path.relative for paths", () => {
    expect(relativeLocation("s3://bucket/out", "s3://bucket/out/tokens/00000.bin")).toBe("tokens/00000.bin");
    expect(relativeLocation("s3://bucket/out/", "s3://bucket/out/00000_00000.jsonl.gz")).toBe("00000_00000.jsonl.gz");
    expect(relativeLocation("/data/out", "/data/out/a/b")).toBe(relative("/data/out", "/data/out/a/b"));
  });
});
