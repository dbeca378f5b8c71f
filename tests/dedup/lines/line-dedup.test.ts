// CCNet's line dedup on the sample crawl, whose every page carries the same cookie banner, menus
// and footer in its language (examples/data/README.md), and the two-stage keep: "none" through
// saved line-hash files.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLineHashes, saveLineHashes } from "../../../src/dedup/lines/line-hash-file.js";
import { collectLineHashes } from "../../../src/dedup/lines/line-hashes.js";
import { lineDedup } from "../../../src/dedup/lines/line-dedup.js";
import { lineKey } from "../../../src/dedup/lines/line-key.js";
import { makeDoc, type Doc } from "../../../src/doc.js";
import { read } from "../../../src/io/read.js";
import { pipe } from "../../../src/pipeline/pipe.js";
import { collect, tempDir } from "../../support.js";

const BANNERS = [
  "We use cookies to improve your experience on our website. By continuing to browse, you agree to our use of cookies.",
  "Мы используем файлы cookie, чтобы сделать сайт удобнее. Продолжая просмотр, вы соглашаетесь с использованием файлов cookie.",
];
const crawl = () => collect(read("examples/data/crawl.wet.gz"));

describe("lineDedup keep: none (CCNet mining)", () => {
  it("removes every copy of a repeated line, the cookie banner included, from every crawl page", async () => {
    const docs = await crawl();
    for (const banner of BANNERS) expect(docs.filter((d) => d.text.split("\n").includes(banner)).length).toBeGreaterThanOrEqual(10);
    const seen = await collectLineHashes(docs);
    const pipeline = pipe(docs, lineDedup({ keep: "none", seen }));
    const out = await collect(pipeline);
    for (const doc of out) {
      const lines = doc.text.split("\n");
      for (const banner of BANNERS) expect(lines).not.toContain(banner);
      expect(lines).not.toContain("Copyright © 2024 Example Docs. Все права защищены.");
      expect(lines).not.toContain("");
      expect(new Set(lines).size).toBe(lines.length);
      expect(doc.meta.nlines).toBe(lines.length);
    }
    // a line that occurs once in the whole crawl stays where it was
    const counts = new Map<string, number>();
    for (const d of docs) for (const l of d.text.split("\n")) counts.set(l, (counts.get(l) ?? 0) + 1);
    const survivor = docs.find((d) => d.id === out[0]!.id)!;
    const unique = survivor.text.split("\n").find((l) => l.length > 40 && counts.get(l) === 1)!;
    expect(out[0]!.text.split("\n")).toContain(unique);
    const stats = pipeline.stats.get("line_dedup")!;
    expect(stats.get("lines")).toBe(docs.reduce((n, d) => n + d.text.split("\n").length, 0));
    expect(stats.get("lines_removed")).toBeGreaterThan(2000);
    // the three mirrored pages and their originals hold nothing but repeated lines
    expect(stats.get("dropped_empty_after_line_dedup")).toBeGreaterThanOrEqual(7);
  });

  it("gives the same result from per-shard line-hash files, saved, loaded and merged", async () => {
    const dir = await tempDir();
    const docs = await crawl();
    const whole = await collect(pipe(docs, lineDedup({ keep: "none", seen: await collectLineHashes(docs) })));
    for (const bloom of [undefined, { falsePositiveRate: 1e-6, expectedLines: 10000 }]) {
      const halves = [docs.filter((_, i) => i % 2 === 0), docs.filter((_, i) => i % 2 === 1)];
      for (const [i, half] of halves.entries()) await saveLineHashes(await collectLineHashes(half, { bloom }), join(dir, `${i}.lines`));
      const seen = await loadLineHashes(join(dir, "0.lines"));
      seen.merge(await loadLineHashes(join(dir, "1.lines")));
      expect(seen.kind).toBe(bloom ? "bloom" : "exact");
      const merged = await collect(pipe(docs, lineDedup({ keep: "none", seen })));
      expect(merged.map((d) => [d.id, d.text])).toEqual(whole.map((d) => [d.id, d.text]));
      // the same, with the set read from its file when the step starts (configs, the CLI)
      await saveLineHashes(seen, join(dir, "merged.lines"));
      const fromFile = await collect(pipe(docs, lineDedup({ keep: "none", seenFile: join(dir, "merged.lines") })));
      expect(fromFile.map((d) => [d.id, d.text])).toEqual(whole.map((d) => [d.id, d.text]));
    }
  });

  it("keeps lines shorter than minLineLength, and checks it matches the collected set", async () => {
    const docs = await crawl();
    const seen = await collectLineHashes(docs, { minLineLength: 20 });
    const out = await collect(pipe(docs, lineDedup({ keep: "none", seen })));
    const english = out.find((d) => d.meta.url === "https://docs.example.org/en/network-setup-2.html")!;
    expect(english.text.split("\n")).toContain("Accept Learn more");
    expect(english.text).not.toContain(BANNERS[0]);
    expect(() => lineDedup({ keep: "none", seen, minLineLength: 5 })).toThrow(/minLineLength/);
    expect(() => lineDedup({ keep: "none" })).toThrow(/seen/);
  });
});

describe("lineDedup keep: first (CCNet deduplicate, Dolma)", () => {
  it("leaves the first document whole and removes its lines from later ones", async () => {
    const docs = [makeDoc("a", "Hello world\nLine of A\n\nHELLO, WORLD!"), makeDoc("b", "Line of B\nhello world\n\nLine of A  "), makeDoc("c", "hello world")];
    const pipeline = pipe(docs, lineDedup());
    const out = await collect(pipeline);
    // normalize_for_dedup lowercases and keeps ASCII punctuation: "HELLO, WORLD!" is another line
    expect(out.map((d) => d.text)).toEqual(["Hello world\nLine of A\n\nHELLO, WORLD!", "Line of B\n"]);
    expect(out[1]!.meta).toMatchObject({ original_nlines: 4, nlines: 2 });
    expect(pipeline.stats.get("line_dedup")!.get("dropped_empty_after_line_dedup")).toBe(1);
    expect(pipeline.stats.get("line_dedup")!.get("lines_removed")).toBe(3);
  });

  it("keeps the banner on the first crawl page only, with exact keys or a Bloom filter", async () => {
    const docs = await crawl();
    for (const bloom of [undefined, { falsePositiveRate: 1e-4, expectedLines: 5000 }]) {
      const out = await collect(pipe(docs, lineDedup({ bloom })));
      const withBanner = out.filter((d) => d.text.split("\n").includes(BANNERS[0]!));
      expect(withBanner.map((d) => d.id)).toEqual([docs[0]!.id]);
    }
  });

  it("with a Bloom filter, removes about as many never-seen lines as its false-positive rate allows", async () => {
    // CCNet's normalization maps digits to 0, so lines must differ in letters
    const letters = (n: number) => n.toString(26).replace(/[0-9]/g, (c) => "qrstuvwxyz"[Number(c)]!);
    const docs: Doc[] = [];
    for (let d = 0; d < 500; d++) docs.push(makeDoc(`d${d}`, Array.from({ length: 40 }, (_, l) => `line ${letters(d * 40 + l)} never repeated`).join("\n")));
    const p = 0.01;
    const pipeline = pipe(docs, lineDedup({ bloom: { falsePositiveRate: p, expectedLines: 20000 } }));
    await collect(pipeline);
    // every line is new, so every removal is a false positive; the filter fills as it goes, so the
    // rate averaged over the run is below p
    const rate = pipeline.stats.get("line_dedup")!.get("lines_removed") / 20000;
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThan(p);
  });
});

describe("lineKey", () => {
  it("is the first 8 bytes of SHA-1 of the normalized line, as CCNet reads them (uint64 little-endian)", () => {
    const out = new Int32Array(2);
    // CCNet's normalizer test line, already normalized (tests/test_normalizer.py)
    lineKey("000 | ;000 hèllo", out);
    const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
    const bytes = Buffer.alloc(8);
    bytes.writeInt32LE(out[0]!, 0);
    bytes.writeInt32LE(out[1]!, 4);
    expect(bytes.toString("hex")).toBe(createHash("sha1").update("000 | ;000 hèllo", "utf8").digest("hex").slice(0, 16));
    expect(hex(out[1]!) + hex(out[0]!)).toBe(bytes.readBigUInt64LE(0).toString(16).padStart(16, "0"));
  });
});
