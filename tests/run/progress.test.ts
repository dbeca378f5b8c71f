// Progress lines over real compressed sample files: drawn in place on a terminal, full lines in a
// log, nothing when quiet; percent and ETA from the bytes of the input files as stored.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { read, standaloneContext, type Doc } from "../../src/index.js";
import { readProgressOf } from "../../src/io/read-progress.js";
import { progressLine } from "../../src/run/progress-line.js";
import { duration } from "../../src/text/human-numbers.js";
import { withProgress } from "../../src/run/progress.js";
import { collect, tempDir } from "../support.js";

const DATA = "examples/data";
const WEB = `${DATA}/web.jsonl.gz`;
// Four formats, one of them Parquet (read by random access, not streamed).
const MIXED = ["web.jsonl.gz", "books.jsonl.zst", "licenses.csv", "udhr.parquet"].map((f) => `${DATA}/${f}`);

function fakeStream(isTTY: boolean): { isTTY: boolean; written: string[]; write(text: string): boolean } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) > 0 };
}

const megabytes = (docs: Doc[]) => (docs.reduce((n, d) => n + Buffer.byteLength(d.text, "utf8"), 0) / 1e6).toFixed(1);

describe("withProgress", () => {
  it("redraws one line in place on a terminal and ends it with the real totals", async () => {
    const stream = fakeStream(true);
    const docs = await collect(withProgress(read(WEB), { label: "web", stream, intervalMs: 0 }));
    expect(docs.length).toBeGreaterThan(100);
    expect(stream.written.length).toBe(docs.length + 1);
    expect(stream.written.every((w) => w.startsWith("\r\x1b[K"))).toBe(true);
    expect(stream.written.slice(0, -1).every((w) => !w.includes("\n"))).toBe(true);
    const last = stream.written.at(-1)!;
    expect(last).toMatch(
      new RegExp(`^\\r\\x1b\\[Kweb: done, ${docs.length} docs, ${megabytes(docs)} MB, [\\d,]+ docs/s, [\\d.]+ MB/s, 100%, elapsed \\d+s\\n$`),
    );
  });

  it("writes full lines in a log: one per interval and a final summary", async () => {
    const stream = fakeStream(false);
    const docs = await collect(withProgress(read(WEB), { label: "web", stream, plainIntervalMs: 0 }));
    const lines = stream.written.join("").split("\n").slice(0, -1);
    expect(stream.written.join("")).not.toContain("\r");
    expect(lines.length).toBe(docs.length + 1);
    expect(lines[0]).toMatch(/^web: 1 docs, /);
    expect(lines.at(-1)).toMatch(new RegExp(`^web: done, ${docs.length} docs, ${megabytes(docs)} MB, `));
  });

  it("writes only the summary in a log when the run is shorter than the interval", async () => {
    const stream = fakeStream(false);
    const docs = await collect(withProgress(read(WEB), { stream }));
    expect(stream.written).toHaveLength(1);
    expect(stream.written[0]).toMatch(new RegExp(`^progress: done, ${docs.length} docs, `));
  });

  it("writes nothing with mode none, and leaves the source as it is", async () => {
    const stream = fakeStream(true);
    const source = read(WEB);
    expect(withProgress(source, { stream, mode: "none" })).toBe(source);
    expect(await collect(withProgress(source, { stream, mode: "none" }))).toHaveLength(224);
    expect(stream.written).toEqual([]);
  });

  it("follows the mode asked for, whatever the stream is", async () => {
    const tty = fakeStream(false);
    await collect(withProgress(read(WEB), { stream: tty, mode: "tty" }));
    expect(tty.written.at(-1)).toMatch(/^\r\x1b\[K/);
    const plain = fakeStream(true);
    await collect(withProgress(read(WEB), { stream: plain, mode: "plain" }));
    expect(plain.written.join("")).not.toContain("\r");
  });

  it("yields the same documents as the source alone", async () => {
    const alone = await collect(read(MIXED));
    for (const isTTY of [true, false]) {
      const stream = fakeStream(isTTY);
      expect(await collect(withProgress(read(MIXED), { stream, intervalMs: 0, plainIntervalMs: 0 }))).toEqual(alone);
    }
  });

  it("shows percent and an ETA mid-way through several files, and 100% at the end", async () => {
    const stream = fakeStream(true);
    const docs = await collect(withProgress(read(MIXED), { label: "mixed", stream, intervalMs: 0 }));
    const percents = stream.written
      .map((w) => /(\d+)%/.exec(w)?.[1])
      .filter((p) => p !== undefined)
      .map(Number);
    expect(percents.length).toBeGreaterThan(0);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(stream.written.some((w) => /\d+%, ETA (\d+m )?\d+s, elapsed/.test(w))).toBe(true);
    const last = stream.written.at(-1)!;
    expect(last).toMatch(new RegExp(`^\\r\\x1b\\[Kmixed: done, ${docs.length} docs, .*, 100%, elapsed`));
    expect(last).not.toContain("ETA");
  });

  it("takes the input size from the caller when given", async () => {
    const stream = fakeStream(false);
    const size = statSync(WEB).size;
    await collect(withProgress(read(WEB, { limit: 10 }), { stream, totalBytes: size * 2 }));
    expect(stream.written.at(-1)).toMatch(/, 50%, elapsed/);
  });

  it("rejects an unknown mode with the option's path", () => {
    expect(() => withProgress(read(WEB), { mode: "loud" as "tty" })).toThrow(/withProgress.*mode/);
  });
});

describe("a reader's progress", () => {
  it("counts a gzip file's bytes as stored, not decompressed", async () => {
    const docs = read(WEB).open(standaloneContext("read"));
    const progress = readProgressOf(docs)!;
    const text = await collect(docs);
    const size = statSync(WEB).size;
    expect(progress.readBytes).toBe(size);
    expect(progress.totalBytes).toBe(size);
    expect(megabytes(text)).not.toBe((size / 1e6).toFixed(1));
  });

  it("moves within a file as its chunks stream, and ends at the sum of the file sizes", async () => {
    // 24 gzip members in one file, 5.9 MB: several 1 MiB reads, more than the decoder reads ahead.
    const dir = await tempDir();
    const big = join(dir, "big.jsonl.gz");
    writeFileSync(big, Buffer.concat(Array.from({ length: 24 }, () => readFileSync(WEB))));
    const files = [big, ...MIXED];
    const docs = read(files).open(standaloneContext("read"));
    const progress = readProgressOf(docs)!;
    const seen: number[] = [];
    for await (const _ of docs) seen.push(progress.readBytes);
    const bigSize = statSync(big).size;
    expect(seen.some((n) => n > 0 && n < bigSize)).toBe(true);
    const total = files.reduce((n, f) => n + statSync(f).size, 0);
    expect(progress.readBytes).toBe(total);
    expect(progress.totalBytes).toBe(total);
  });

  it("passes through withProgress, and has no total under a limit", async () => {
    const docs = withProgress(read(MIXED, { limit: 5 }), { mode: "plain", stream: fakeStream(false) }).open(standaloneContext("read"));
    const progress = readProgressOf(docs)!;
    expect(await collect(docs)).toHaveLength(5);
    expect(progress.readBytes).toBeGreaterThan(0);
    expect(progress.totalBytes).toBeUndefined();
  });
});

describe("progressLine", () => {
  it("gives percent and ETA = elapsed * (total - read) / read", () => {
    const line = progressLine("x", { docs: 1234, textBytes: 5_000_000, seconds: 10, readBytes: 25, totalBytes: 100 }, "running");
    expect(line).toBe("x: 1,234 docs, 5.0 MB, 123 docs/s, 0.5 MB/s, 25%, ETA 30s, elapsed 10s");
  });

  it("leaves out percent and ETA when the input size is unknown", () => {
    expect(progressLine("x", { docs: 3, textBytes: 0, seconds: 0, readBytes: 10 }, "stopped")).toBe(
      "x: stopped, 3 docs, 0.0 MB, 0 docs/s, 0.0 MB/s, elapsed 0s",
    );
  });

  it("formats durations as tqdm does", () => {
    expect([duration(4.4), duration(65), duration(3723)]).toEqual(["4s", "1m 05s", "1h 02m 03s"]);
  });
});
