// corpuskit cat on a local copy in its distributed layout, and catalog list --openable.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compress } from "@mongodb-js/zstd";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support.js";

describe("corpuskit cat", () => {
  it("prints Pushshift comments from a local copy (reddit/comments/RC_YYYY-MM.zst), placeholders dropped, entities decoded", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "comments"), { recursive: true });
    const comments = [
      { id: "k1", body: "first &amp; best", created_utc: 1230768000, subreddit: "a" },
      { id: "k2", body: "[deleted]", created_utc: "1230768001", subreddit: "a" },
      { id: "k3", body: "second", created_utc: "1230768002", subreddit: "b" },
      { id: "k4", body: "third", created_utc: 1230768003, subreddit: "b" },
      { id: "k5", body: "fourth", created_utc: 1230768004, subreddit: "b" },
    ];
    await writeFile(join(dir, "comments/RC_2009-01.zst"), Buffer.from(await compress(Buffer.from(comments.map((c) => `${JSON.stringify(c)}\n`).join("")), 3)));
    const run = runCli("cat", "pushshift-reddit", "--subset", "comments", "--base-url", dir, "--limit", "3");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const docs = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; text: string; metadata: Record<string, unknown> });
    expect(docs.map((d) => [d.id, d.text])).toEqual([
      ["k1", "first & best"],
      ["k3", "second"],
      ["k4", "third"],
    ]);
    expect(docs.map((d) => d.metadata.created_utc)).toEqual([1230768000, "1230768002", 1230768003]);
  });

  it("without a copy, names where to get the files", () => {
    const run = runCli("cat", "pushshift-reddit", "--subset", "comments");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Academic Torrents/);
  });
});

describe("corpuskit catalog list --openable", () => {
  it("says for every entry whether and how it opens", () => {
    const run = runCli("catalog", "list", "--openable");
    expect(run.code).toBe(0);
    const line = (id: string) => run.stdout.split("\n").find((l) => l.startsWith(`${id} `)) ?? "";
    expect(line("c4")).toMatch(/\byes\b.*shard template/);
    expect(line("slimpajama")).toMatch(/\byes\b.*hub listing/);
    expect(line("wudao-corpora")).toMatch(/local copy/);
    expect(line("mmlu")).toMatch(/\bno\b/);
    expect(run.stdout).toMatch(/\d+ of 45 open/);
  });
});
