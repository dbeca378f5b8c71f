// exactDedup on the sample corpus: the 15 planted exact copies of web.jsonl.gz (examples/data/README.md,
// "Planted on purpose") go, each pointing at the copy that stays.
import { describe, expect, it } from "vitest";
import { exactDedup } from "../../src/dedup/exact-dedup.js";
import { makeDoc, type Doc } from "../../src/doc.js";
import { read } from "../../src/io/read.js";
import { pipe } from "../../src/pipeline/pipe.js";
import { collect, collector } from "../support.js";

describe("exactDedup", () => {
  it("drops the 15 planted exact duplicates of web.jsonl.gz and names the kept copy", async () => {
    const rejected = collector();
    const pipeline = pipe(read("examples/data/web.jsonl.gz"), exactDedup({ rejected: rejected.sink }));
    const kept = await collect(pipeline);
    expect(kept.length).toBe(224 - 15);
    const pairs = Object.fromEntries(rejected.docs.map((d) => [d.id, d.meta.duplicate_of]));
    const reference = ["en", "de", "fr", "es", "it", "pt", "ja", "zh-cn"].map((l) => `copyright-debian-reference-${l}`);
    const faq = ["copyright-debian-faq", "copyright-debian-faq-zh-cn", "copyright-debian-faq-ru", "copyright-debian-faq-nl"];
    expect(pairs).toEqual({
      ...Object.fromEntries(reference.slice(1).map((id) => [id, reference[0]])),
      ...Object.fromEntries(faq.slice(1).map((id) => [id, faq[0]])),
      "copyright-libbz2-1.0": "copyright-bzip2",
      "copyright-libssl3": "copyright-openssl",
      "debref-en-ch03-1-copy": "debref-en-ch03-1",
      "debref-zh-ch04-2-copy": "debref-zh-ch04-2",
      "faq-ru-pkg-basics-1-copy": "faq-ru-pkg-basics-1",
    });
    expect(rejected.docs.every((d) => d.meta.filter_reason === "exact_duplicate")).toBe(true);
    const stats = pipeline.stats.get("exact_dedup")!;
    expect(stats.get("dropped_exact_duplicate")).toBe(15);
    expect(stats.get("forwarded")).toBe(209);
  });

  it("compares simplified text by default (case, punctuation, numbers, accents), the raw text with normalize: false", async () => {
    const docs = [
      makeDoc("a", "Café au lait, 3 cups!"),
      makeDoc("b", "cafe AU LAIT 7 cups"),
      makeDoc("c", "Café au lait, 3 cups!"),
      makeDoc("d", "cafe au lait cups"),
    ];
    expect((await collect(pipe(docs, exactDedup()))).map((d) => d.id)).toEqual(["a", "d"]);
    expect((await collect(pipe(docs, exactDedup({ normalize: false })))).map((d) => d.id)).toEqual(["a", "b", "d"]);
    // each run starts empty
    const step = exactDedup();
    expect((await collect(pipe(docs, step))).length).toBe(2);
    expect((await collect(pipe(docs, step))).length).toBe(2);
  });

  it("rejects unknown options with the option's path", () => {
    expect(() => exactDedup({ normalize: { lowercase: "yes" } } as never)).toThrow(/exactDedup.*normalize/);
  });
});
