// The Pile through openDataset: zstd JSON Lines with `meta.pile_set_name`, from a local mirror laid
// out as the hub lays out monology/pile-uncopyrighted (the original host removed the data).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compress } from "@mongodb-js/zstd";
import { describe, expect, it } from "vitest";
import { openDataset, resolveFiles } from "../../src/index.js";
import { withHub } from "../hub-server.js";
import { collect, FIXTURES } from "../support.js";

const SETS = ["Pile-CC", "Wikipedia (en)", "EuroParl", "Gutenberg (PG-19)", "ArXiv", "StackExchange", "Github", "PubMed Abstracts"];
const MIRROR = "/datasets/monology/pile-uncopyrighted/resolve/main/";
const records = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l, i) => ({ text: (JSON.parse(l) as { text: string }).text, meta: { pile_set_name: SETS[i]! } }));

const fixture = withHub(async (root) => {
  await mkdir(join(root, MIRROR), { recursive: true });
  // The Pile's own shape: {"text", "meta": {"pile_set_name"}} per line, one zstd stream per split.
  await writeFile(join(root, MIRROR, "val.jsonl.zst"), await compress(Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join("")), 3));
});

describe("openDataset('the-pile')", () => {
  it("reads the validation split with meta.pile_set_name", async () => {
    const { urls } = resolveFiles("the-pile", { split: "validation", baseUrl: `${fixture.url}${MIRROR}` });
    expect(urls).toEqual([`${fixture.url}${MIRROR}val.jsonl.zst`]);
    const docs = await collect(openDataset("the-pile", { split: "validation", baseUrl: `${fixture.url}${MIRROR}`, http: { backoffMs: 5 } }));
    expect(docs.map((d) => d.text)).toEqual(records.map((r) => r.text));
    expect(docs.map((d) => d.meta.pile_set_name)).toEqual(SETS);
  });

  it("has 30 train shards in the catalog", () => {
    expect(resolveFiles("the-pile", {}).urls.map((u) => u.split("/").slice(-2).join("/"))).toEqual(Array.from({ length: 30 }, (_, i) => `train/${String(i).padStart(2, "0")}.jsonl.zst`));
  });

  it("corpuskit cat prints the documents as JSON Lines", async () => {
    // asynchronous: the hub answers from this process, so a blocking spawn would deadlock
    const run = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "cat", "the-pile", "--split", "validation", "--limit", "3", "--base-url", `${fixture.url}${MIRROR}`], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[2].metadata.pile_set_name).toBe("EuroParl");
    expect(lines[0].text).toBe(records[0]!.text);
  });
});
