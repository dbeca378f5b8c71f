// Property: every reader, fed any bytes -- random ones, or a real file with bytes flipped, cut,
// inserted, zeroed or repeated -- ends with documents or an InputError naming the file, in bounded
// time: never a hang, never another error type, never an unhandled rejection. Under onError "skip"
// it never throws at all. fast-check prints the seed and the shrunk case on failure; set
// CORPUSKIT_FC_SEED to replay one (the fixed default keeps CI reproducible).
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { compress as zstd } from "@mongodb-js/zstd";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, read, type ReadOptionsInput } from "../../src/index.js";
import { collect, FIXTURES, tempDir } from "../support.js";

const SEED = Number(process.env.CORPUSKIT_FC_SEED ?? 20_240_917);
const RUNS = 60;
/** A read of a few KB that takes longer than this is a hang. */
const HANG_MS = 10_000;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
});

type Mutation =
  | { kind: "flip"; at: number[]; xor: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "zero"; at: number; length: number }
  | { kind: "repeat"; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant("zero" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ kind: fc.constant("repeat" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4096 }) }),
);

function mutate(original: Buffer, m: Mutation): Buffer {
  const bytes = Buffer.from(original);
  const n = Math.max(bytes.length, 1);
  switch (m.kind) {
    case "flip":
      for (const at of m.at) bytes[at % n]! ^= m.xor;
      return bytes;
    case "truncate":
      return bytes.subarray(0, m.at % n);
    case "insert":
      return Buffer.concat([bytes.subarray(0, m.at % n), m.bytes, bytes.subarray(m.at % n)]);
    case "zero":
      return bytes.fill(0, m.at % n, Math.min(bytes.length, (m.at % n) + m.length));
    case "repeat": {
      const at = m.at % n;
      return Buffer.concat([bytes.subarray(0, at + m.length), bytes.subarray(at)]);
    }
  }
}

/** Inputs for a format: random bytes, random bytes in a valid container, and mutated real files. */
function inputs(fixtures: string[], wrap?: (raw: Uint8Array) => Promise<Buffer> | Buffer): fc.Arbitrary<{ label: string; bytes: () => Promise<Buffer> }> {
  const files = fixtures.map((f) => ({ name: f, bytes: readFileSync(f) as Buffer }));
  const arbitraries: fc.Arbitrary<{ label: string; bytes: () => Promise<Buffer> }>[] = [
    fc.uint8Array({ maxLength: 4096 }).map((raw) => ({ label: `random ${raw.length} bytes`, bytes: async () => Buffer.from(raw) })),
    fc.tuple(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([file, ms]) => ({
      label: `${file.name} with ${JSON.stringify(ms, (_k, v: unknown) => (v instanceof Uint8Array ? `${v.length} bytes` : v))}`,
      bytes: async () => ms.reduce<Buffer>((b, m) => mutate(b, m), file.bytes),
    })),
  ];
  if (wrap) {
    // random content inside a valid gzip/zstd container reaches the format's parser
    arbitraries.push(fc.uint8Array({ maxLength: 4096 }).map((raw) => ({ label: `random ${raw.length} bytes, compressed`, bytes: async () => wrap(raw) })));
  }
  return fc.oneof(...arbitraries);
}

/** Documents, or the error the read ended with; a read that does not end in time is a failure. */
async function attempt(file: string, options: ReadOptionsInput): Promise<{ docs?: number; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: reading ${file} took over ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    const docs = await Promise.race([collect(read(file, options)), hang]);
    return { docs: docs.length };
  } catch (error) {
    if ((error as Error).message?.startsWith("HANG")) throw error;
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

// hyparquet 1.33.0 (the latest) can loop forever, synchronously, on a flipped byte inside a page, or
// abort the whole process (an RLE run of 2^31 written past its array). Parquet is therefore decoded
// on a thread of its own, after checks of its page headers and runs (src/io/formats/parquet-pages.ts)
// and under a time bound that ends the thread (parquet-decoder.ts): it is fuzzed with every mutation,
// with the bound small enough that a loop the checks miss ends well inside HANG_MS.
const PARQUET: ReadOptionsInput = { decodeTimeoutMs: 2_000 };

const FORMATS: {
  name: string;
  ext: string;
  fixtures: string[];
  options?: ReadOptionsInput;
  wrap?: (raw: Uint8Array) => Promise<Buffer> | Buffer;
  runs?: number;
}[] = [
  { name: "JSONL", ext: "jsonl", fixtures: [`${FIXTURES}/udhr.jsonl`] },
  { name: "JSONL gzip", ext: "jsonl.gz", fixtures: [`${FIXTURES}/udhr.jsonl.gz`, "examples/data/web.jsonl.gz"], wrap: (raw) => gzipSync(raw) },
  { name: "JSONL zstd", ext: "jsonl.zst", fixtures: [`${FIXTURES}/udhr.jsonl.zst`, "examples/data/books.jsonl.zst"], wrap: (raw) => zstd(Buffer.from(raw), 3) },
  { name: "CSV", ext: "csv", fixtures: [`${FIXTURES}/udhr.csv`, "examples/data/licenses.csv"] },
  { name: "TSV", ext: "tsv", fixtures: [`${FIXTURES}/udhr-paragraphs.tsv`], options: { headers: ["id", "lang", "text"] } },
  // fewer runs: every read starts a decoder thread, ~0.3 s from the TypeScript sources (tsx in the thread)
  {
    name: "Parquet",
    ext: "parquet",
    fixtures: [`${FIXTURES}/udhr-gzip.parquet`, `${FIXTURES}/udhr-snappy.parquet`, `${FIXTURES}/udhr-zstd.parquet`],
    options: PARQUET,
    runs: 40,
  },
  {
    name: "text, encoding detected",
    ext: "txt",
    fixtures: [`${FIXTURES}/udhr-zh.gbk.txt`, `${FIXTURES}/udhr-ru.utf16le.txt`, `${FIXTURES}/udhr-zh-hant.big5.txt`, `${FIXTURES}/udhr-zh-hant.utf8.txt`],
    options: { split: "paragraph" },
  },
  { name: "text, GBK declared", ext: "txt", fixtures: [`${FIXTURES}/udhr-zh.gbk.txt`], options: { encoding: "gbk", split: "line" } },
  { name: "text, UTF-16LE declared", ext: "txt", fixtures: [`${FIXTURES}/udhr-ru.utf16le.txt`], options: { encoding: "utf-16le" } },
  { name: "WARC (gzip members)", ext: "warc.gz", fixtures: [`${FIXTURES}/udhr.warc.gz`] },
  { name: "WET (gzip members)", ext: "wet.gz", fixtures: [`${FIXTURES}/udhr.wet.gz`] },
];

describe("every reader, fed hostile bytes", () => {
  for (const format of FORMATS) {
    // each case is bounded by HANG_MS; the whole test's limit leaves room for a loaded CI machine
    // (Parquet's 40 cases, each starting decoder threads, took over 180 s at load 14 on 2 cores)
    it(`${format.name}: documents or an InputError naming the file, in bounded time; under skip, no error`, { timeout: 480_000 }, async () => {
      const dir = await tempDir();
      let n = 0;
      await fc.assert(
        fc.asyncProperty(inputs(format.fixtures, format.wrap), async (input) => {
          const file = join(dir, `case-${n++}.${format.ext}`);
          await writeFile(file, await input.bytes());
          const strict = await attempt(file, { ...format.options });
          if (strict.error !== undefined) {
            expect(strict.error, `${input.label}: ${String(strict.error)}`).toBeInstanceOf(InputError);
            expect((strict.error as InputError).file).toBe(file);
          }
          const lenient = await attempt(file, { ...format.options, onError: "skip" });
          expect(lenient.error, `${input.label} under skip`).toBeUndefined();
          // skipping bad records never finds more documents than exist; a clean file reads the same
          if (strict.error === undefined) expect(lenient.docs).toBe(strict.docs);
          expect(unhandled).toEqual([]);
        }),
        { numRuns: format.runs ?? RUNS, seed: SEED },
      );
    });
  }

  it("plain WARC, and the real Common Crawl samples (fewer runs: 100-200 KB each)", { timeout: 180_000 }, async () => {
    const dir = await tempDir();
    const plainWarc = gunzipSync(readFileSync(`${FIXTURES}/udhr.warc.gz`));
    await writeFile(join(dir, "plain-source.warc"), plainWarc);
    const cases = fc.oneof(
      inputs([join(dir, "plain-source.warc")]).map((i) => ({ ...i, ext: "warc" })),
      inputs(["examples/data/crawl.warc.gz"]).map((i) => ({ ...i, ext: "warc.gz" })),
      inputs(["examples/data/crawl.wet.gz"]).map((i) => ({ ...i, ext: "wet.gz" })),
      inputs(["examples/data/udhr.parquet"]).map((i) => ({ ...i, ext: "parquet" })),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(cases, async (input) => {
        const file = join(dir, `case-${n++}.${input.ext}`);
        await writeFile(file, await input.bytes());
        const options = input.ext === "parquet" ? PARQUET : {};
        const strict = await attempt(file, options);
        if (strict.error !== undefined) expect(strict.error, `${input.label}: ${String(strict.error)}`).toBeInstanceOf(InputError);
        expect((await attempt(file, { ...options, onError: "skip" })).error, input.label).toBeUndefined();
        expect(unhandled).toEqual([]);
      }),
      { numRuns: 40, seed: SEED },
    );
  });
});
