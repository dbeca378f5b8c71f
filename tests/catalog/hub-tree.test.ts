// Glob patterns of catalog file sets, matched against hub listings, and a listing that tries to page elsewhere.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { globBase, globRegExp, hubLocation, hubTree, isGlob } from "../../src/catalog/hub-tree.js";

describe("file-set globs", () => {
  it("match the way the distributed layouts need", () => {
    const cases: [string, string, boolean][] = [
      ["train/chunk*/example_train_*.jsonl.zst", "train/chunk2/example_train_1028.jsonl.zst", true],
      ["train/chunk*/example_train_*.jsonl.zst", "train/chunk2/sub/example_train_1.jsonl.zst", false],
      ["**/news2016zh_train.json", "news2016zh_train.json", true],
      ["**/news2016zh_train.json", "new2016zh/news2016zh_train.json", true],
      ["crawler/oscar/*/*.jsonl*", "crawler/oscar/20230209/oscar_202201.part_0050.jsonl", true],
      ["crawler/oscar/*/*.jsonl*", "crawler/oscar/20230207/oscar_202201.part_0000.jsonl.gz", true],
      ["wiki_zh/*/wiki_*", "wiki_zh/AA/wiki_00", true],
      ["data/train-*.parquet", "data/train-00000-of-05534-b8bd0b5d7b4ae7f2.parquet", true],
      ["data/train-*.parquet", "data/trainX00.parquet", false],
      ["{a,b}/x.txt", "b/x.txt", true],
    ];
    for (const [glob, path, match] of cases) expect(globRegExp(glob).test(path), `${glob} ~ ${path}`).toBe(match);
    expect(globBase("train/chunk*/example_train_*.jsonl.zst")).toBe("train");
    expect(globBase("**/x.json")).toBe("");
    expect(isGlob("en/c4-train.{00000..01023}-of-01024.json.gz")).toBe(false);
    expect(isGlob("comments/RC_*.zst")).toBe(true);
    expect(hubLocation(new URL("https://huggingface.co/datasets/liwu/MNBVC/resolve/main/"))).toEqual({ origin: "https://huggingface.co", repo: "liwu/MNBVC", revision: "main", prefix: "" });
    expect(hubLocation(new URL("https://example.org/mirror/"))).toBeUndefined();
  });

  it("refuses a next page on another origin", async () => {
    const server = createServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json", link: '<https://evil.example/api/next>; rel="next"' });
      res.end(JSON.stringify([{ type: "file", path: "a.jsonl", size: 1 }]));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      await expect(hubTree(origin, "x/y", "main", "")).rejects.toThrow(/leaves/);
    } finally {
      server.close();
    }
  });
});
