import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { annotate, filter, pipe, readJsonl, sink, writeJsonl, type Doc } from "../../src/index.js";
import { collect, FIXTURES, tempDir } from "../support.js";

const source = () => readJsonl(`${FIXTURES}/udhr.jsonl`);
const short = (d: Doc) => (d.text.length >= 2000 ? true : { keep: false as const, reason: "too_short" });

describe("filter", () => {
  it("writes every dropped document to the rejected sink with its reason", async () => {
    const dir = await tempDir();
    const all = await collect(source());
    const dropped = all.filter((d) => d.text.length < 2000);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.length).toBeLessThan(all.length);
    const { result, stats } = await pipe(
      source(),
      filter("length", short, { rejected: writeJsonl(join(dir, "rejected"), { compression: "none" }) }),
      writeJsonl(join(dir, "kept")),
    );
    expect(result.documents).toBe(all.length - dropped.length);
    expect(stats.get("length")!.get("dropped_too_short")).toBe(dropped.length);
    const rejected = readFileSync(join(dir, "rejected", "00000.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rejected.map((r) => r.id)).toEqual(dropped.map((d) => d.id));
    expect(rejected.every((r) => r.metadata.filter_reason === "too_short")).toBe(true);
    expect(rejected[0].text).toBe(dropped[0]!.text);
  });

  it("opens no rejected output when nothing is dropped", async () => {
    const dir = await tempDir();
    let opened = false;
    const probe = sink("probe", async (docs: AsyncIterable<Doc>) => {
      opened = true;
      for await (const _ of docs);
    });
    await collect(
      pipe(
        source(),
        filter("all", () => true, { rejected: probe }),
      ),
    );
    expect(opened).toBe(false);
    await collect(
      pipe(
        source(),
        filter("none", () => false, { rejected: writeJsonl(dir) }),
      ),
    );
    expect(readFileSync(join(dir, "00000.jsonl.gz")).length).toBeGreaterThan(0);
  });

  it("does not change the documents it keeps", async () => {
    const before = await collect(source());
    const after = await collect(pipe(source(), filter("length", short)));
    expect(after).toEqual(before.filter((d) => d.text.length >= 2000));
  });

  it("surfaces a failing rejected sink instead of losing documents", async () => {
    const broken = sink("broken", async (docs: AsyncIterable<Doc>) => {
      for await (const _ of docs) throw new Error("disk on fire");
    });
    await expect(
      collect(
        pipe(
          source(),
          filter("none", () => ({ keep: false, reason: "x" }), { rejected: broken }),
        ),
      ),
    ).rejects.toThrow("disk on fire");
  });
});

describe("annotate", () => {
  it("adds fields to meta and keeps every document", async () => {
    const out = await collect(
      pipe(
        source(),
        annotate("chars", (d) => ({ chars: d.text.length })),
      ),
    );
    const before = await collect(source());
    expect(out.map((d) => d.meta.chars)).toEqual(before.map((d) => d.text.length));
    expect(out.map((d) => d.meta.lang)).toEqual(before.map((d) => d.meta.lang));
  });
});

describe("filter annotations", () => {
  it("returns annotated copies and leaves the input documents as they were", async () => {
    const input: Doc[] = [
      { id: "a", text: "x", meta: { n: 1 } },
      { id: "b", text: "y", meta: { n: 2 } },
    ];
    const tag = filter("tag", (d) => (d.id === "a" ? { keep: true, meta: { tagged: true } } : { keep: false, reason: "b", meta: { tagged: false } }));
    const out = await collect(pipe(input, tag));
    expect(out).toEqual([{ id: "a", text: "x", meta: { n: 1, tagged: true } }]);
    expect(input[0]!.meta).toEqual({ n: 1 });
  });
});
