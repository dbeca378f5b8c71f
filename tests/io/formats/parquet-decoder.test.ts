// The Parquet decoder's thread and its watchdog (src/io/formats/parquet-decoder.ts): a row group
// hyparquet never finishes decoding -- a synchronous loop no timer on its own thread could stop --
// ends the file with an InputError within decodeTimeoutMs, and no thread outlives its read, however
// the read ends.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, pipe, read, readParquet, type Doc } from "../../../src/index.js";
import { defaultDecodeTimeoutMs } from "../../../src/io/formats/parquet.js";
import { collect, collector, FIXTURES, tempDir } from "../../support.js";
import { endlessBitPackedRun } from "./parquet-corruptions.js";

/** This process's OS threads: a decoder thread adds one while it lives. */
function threads(): number {
  return Number(/Threads:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))![1]);
}

/** The thread count once a terminated thread has had a moment to be joined. */
async function threadsSettled(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return threads();
}

async function hangingFile(): Promise<string> {
  const file = join(await tempDir(), "hang.parquet");
  await writeFile(file, endlessBitPackedRun());
  return file;
}

describe("the decode time bound", () => {
  it("a row group that never finishes decoding ends in an InputError naming the file, within decodeTimeoutMs", async () => {
    const file = await hangingFile();
    const started = performance.now();
    const error = await collect(readParquet(file, { decodeTimeoutMs: 500 })).catch((e: unknown) => e);
    const ms = performance.now() - started;
    // the message is the watchdog's: the loop was stopped, not finished (no upper bound on the time
    // here: a loaded machine makes any number of seconds too few)
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file, record: 1 });
    expect((error as Error).message).toBe(
      `${file} record 1: the Parquet decoder did not finish the row group starting at this row within 0.5 s; a corrupt page can make it loop forever. ` +
        "If the file is sound and its row groups very large, raise the decodeTimeoutMs option",
    );
    // not before the bound, however idle the machine
    expect(ms).toBeGreaterThanOrEqual(500);
  });

  it("under onError skip the file counts as a bad file and the run goes on to the next", async () => {
    const file = await hangingFile();
    const rejected = collector();
    const pipeline = pipe(
      read([`${FIXTURES}/udhr-gzip.parquet`, file, `${FIXTURES}/udhr-zstd.parquet`], { onError: "skip", rejected: rejected.sink, decodeTimeoutMs: 500 }),
    );
    expect(await collect(pipeline)).toHaveLength(16);
    expect(pipeline.stats.get("read")!.get("skipped_bad_file")).toBe(1);
    expect(rejected.docs.map((d) => d.id)).toEqual([file]);
    expect(rejected.docs[0]!.meta.error).toContain("did not finish the row group");
  });

  it("by default: 60 s, plus 1 s per MB of the row group uncompressed", () => {
    expect(defaultDecodeTimeoutMs(0)).toBe(60_000);
    expect(defaultDecodeTimeoutMs(250e6)).toBe(310_000);
    expect(defaultDecodeTimeoutMs(Number.NaN)).toBe(60_000);
  });
});

describe("no decoder thread outlives its read", () => {
  // examples/data/udhr.parquet: 40 declarations in 3 row groups, so the thread decodes ahead
  const FILE = "examples/data/udhr.parquet";

  it("read to the end, stopped by `limit`, left by the consumer, failed downstream, timed out", async () => {
    await collect(readParquet(FILE, { limit: 1 }));
    const before = await threadsSettled();

    let during = 0;
    for await (const _doc of readParquet(FILE)) during = Math.max(during, threads());
    expect(during).toBeGreaterThan(before);
    expect(await threadsSettled()).toBe(before);

    expect(await collect(readParquet(FILE, { limit: 3 }))).toHaveLength(3);
    expect(threads()).toBe(before);

    for await (const _doc of readParquet(FILE)) break;
    expect(threads()).toBe(before);

    const failing = async function* (docs: AsyncIterable<Doc>) {
      for await (const doc of docs) {
        yield doc;
        throw new Error("downstream failure");
      }
    };
    await expect(collect(pipe(readParquet(FILE), failing))).rejects.toThrow("downstream failure");
    expect(await threadsSettled()).toBe(before);

    await expect(collect(readParquet(await hangingFile(), { decodeTimeoutMs: 300 }))).rejects.toThrow(InputError);
    expect(await threadsSettled()).toBe(before);
  });
});
