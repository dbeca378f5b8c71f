// .bz2, .xz and 2 GiB-window zstd files made by the reference command-line tools (bzip2, xz, zstd),
// read end to end through read(), from disk and over HTTP, and compared with the JSON they hold.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, read } from "../../../src/index.js";
import { unxzChunks } from "../../../src/io/decode/xz.js";
import { readProgressOf } from "../../../src/io/read-progress.js";
import { standaloneContext } from "../../../src/pipeline/step.js";
import { zstdWindowSize } from "../../../src/io/decode/zstd-long.js";
import { startHub, type HubServer } from "../../hub-server.js";
import { FIXTURES, collect } from "../../support.js";

const source = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8");
const records = source
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { text: string });

let dir: string;
let hub: HubServer;
/** A few MB of JSON Lines: the UDHR translations, numbered, many times over. */
let lines: string[];

beforeAll(async () => {
  // made here, not with tempDir() (removed after every test): the files serve the whole file
  dir = await mkdtemp(join(tmpdir(), "corpuskit-codecs-"));
  lines = [];
  for (let i = 0; lines.length < 4000; i++) lines.push(JSON.stringify({ id: `r${lines.length}`, text: `${records[i % records.length]!.text} #${i}` }));
  const plain = join(dir, "data.jsonl");
  writeFileSync(plain, lines.join("\n") + "\n");
  execFileSync("bzip2", ["-k", "-9", plain]);
  execFileSync("xz", ["-k", "-6", plain]);
  // `zstd --long=31` on a pipe: no content size, so the header declares the full 2 GiB window, as
  // on Pushshift's dumps (`zstd -lv` prints "Window Size: 2.00 GiB").
  writeFileSync(join(dir, "data.jsonl.zst"), execFileSync("zstd", ["-q", "-c", "--long=31", "-3"], { input: readFileSync(plain), maxBuffer: 1 << 28 }));
  writeFileSync(join(dir, "RC_2019-01.zst"), readFileSync(join(dir, "data.jsonl.zst")));
  const root = join(dir, "hub");
  const served = join(root, "datasets/x/resolve/main");
  mkdirSync(served, { recursive: true });
  for (const name of ["data.jsonl.bz2", "data.jsonl.xz", "data.jsonl.zst"]) copyFileSync(join(dir, name), join(served, name));
  hub = await startHub(root);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

function expectAll(docs: { id: string; text: string }[]) {
  expect(docs.length).toBe(lines.length);
  docs.forEach((doc, i) => {
    const record = JSON.parse(lines[i]!) as { id: string; text: string };
    expect(doc.id).toBe(record.id);
    expect(doc.text).toBe(record.text);
  });
}

describe("compressed inputs read end to end", () => {
  it("the zstd file declares a 2 GiB window", () => {
    expect(zstdWindowSize(readFileSync(join(dir, "data.jsonl.zst")))).toBe(2 ** 31);
    expect(execFileSync("zstd", ["-lv", join(dir, "data.jsonl.zst")], { encoding: "utf8" })).toMatch(/Window Size: 2\.00 GiB/);
  });

  for (const name of ["data.jsonl.bz2", "data.jsonl.xz", "data.jsonl.zst"]) {
    it(`${name} from disk`, async () => {
      expectAll(await collect(read(join(dir, name))));
    }, 120_000);

    it(`${name} over HTTP`, async () => {
      expectAll(await collect(read(`${hub.url}/datasets/x/resolve/main/${name}`)));
    }, 120_000);
  }

  it("a 2 GiB-window file named as Pushshift names them reads with format jsonl", async () => {
    const docs = await collect(read(join(dir, "RC_2019-01.zst"), { format: "jsonl", limit: 3 }));
    expect(docs.map((d) => d.id)).toEqual(["r0", "r1", "r2"]);
  }, 60_000);

  it("limits on decompressed bytes apply to bz2, xz and long-window zstd", async () => {
    for (const name of ["data.jsonl.bz2", "data.jsonl.xz", "data.jsonl.zst"]) {
      await expect(collect(read(join(dir, name), { maxDecompressedBytes: 100_000 }))).rejects.toThrow(/maxDecompressedBytes/);
    }
  }, 120_000);
});

describe("broken compressed inputs", () => {
  for (const name of ["data.jsonl.bz2", "data.jsonl.xz", "data.jsonl.zst"]) {
    it(`a truncated ${name} is an InputError naming the file, after the complete records`, async () => {
      const cut = join(dir, `cut-${name}`);
      const whole = readFileSync(join(dir, name));
      writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
      const docs: string[] = [];
      let caught: unknown;
      try {
        for await (const doc of read(cut)) docs.push(doc.text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InputError);
      expect((caught as InputError).message).toContain(cut);
      // whatever came out before the break is exactly the start of the file
      docs.forEach((text, i) => expect(text).toBe((JSON.parse(lines[i]!) as { text: string }).text));
    }, 120_000);
  }

  it("a large .xz decodes by the xz tool, and without it by the wasm decoder on its thread: the same bytes, and the records before a cut", async () => {
    const decode = async (bytes: Buffer, tool: boolean) => {
      const parts: Buffer[] = [];
      const chunks = (async function* () {
        for (let i = 0; i < bytes.length; i += 1 << 16) yield bytes.subarray(i, i + (1 << 16));
      })();
      try {
        for await (const part of unxzChunks(chunks, "big.xz", { tool })) parts.push(Buffer.from(part));
      } catch (error) {
        return { out: Buffer.concat(parts), error };
      }
      return { out: Buffer.concat(parts), error: undefined };
    };
    // random bytes as base64 hardly compress: past SMALL_INPUT compressed, so the thread decodes, not this one
    const plain = Buffer.from(Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ id: `x${i}`, text: randomBytes(200).toString("base64") })).join("\n"));
    const whole = execFileSync("xz", ["-c", "-1"], { input: plain, maxBuffer: 1 << 26 });
    expect(whole.length).toBeGreaterThan(1 << 20);
    for (const tool of [true, false]) {
      const { out, error } = await decode(whole, tool);
      expect(error).toBeUndefined();
      expect(out.equals(plain)).toBe(true);
      const cut = await decode(whole.subarray(0, Math.floor(whole.length * 0.6)), tool);
      expect(cut.error).toBeInstanceOf(InputError);
      expect((cut.error as Error).message).toMatch(/big\.xz: (truncated|corrupt) xz stream/);
      expect(cut.out.length).toBeGreaterThan(plain.length * 0.5);
      expect(plain.subarray(0, cut.out.length).equals(cut.out)).toBe(true);
    }
  }, 120_000);

  it("a local .xz or 2 GiB-window .zst is read by the tool itself: progress follows it to the file's size, and maxExpansion holds", async () => {
    const plain = Buffer.from(Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ id: `x${i}`, text: randomBytes(200).toString("base64") })).join("\n"));
    const files = {
      "tool.jsonl.xz": execFileSync("xz", ["-c", "-1"], { input: plain, maxBuffer: 1 << 26 }),
      "tool.jsonl.zst": execFileSync("zstd", ["-q", "-c", "--long=31", "-3"], { input: plain, maxBuffer: 1 << 26 }),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const docs = read(path).open(standaloneContext("read"));
      const progress = readProgressOf(docs)!;
      let n = 0;
      let highest = 0;
      for await (const doc of docs) {
        expect(doc.id).toBe(`x${n++}`);
        highest = Math.max(highest, progress.readBytes);
      }
      expect(n, name).toBe(12_000);
      expect(highest, name).toBeLessThanOrEqual(bytes.length);
      expect(progress.readBytes, name).toBe(bytes.length);
    }
    // zeros: a few KB that expand past the 64 MiB floor at far more than 100x
    const zeros = Buffer.alloc(80 << 20);
    for (const [name, command] of [
      ["zeros.jsonl.xz", ["xz", "-c", "-1"]],
      ["zeros.jsonl.zst", ["zstd", "-q", "-c", "--long=31"]],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, execFileSync(command[0], command.slice(1), { input: zeros, maxBuffer: 1 << 26 }));
      await expect(collect(read(path)), name).rejects.toThrow(/maxExpansion/);
    }
  }, 120_000);

  it("a .rar input names unrar x and the folder to read afterwards", async () => {
    const rar = join(dir, "WuDaoCorpus2.0_base_200G.rar");
    copyFileSync(join(dir, "data.jsonl.bz2"), rar);
    const error = await collect(read(rar)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`unrar x ${rar}`);
    expect((error as Error).message).toContain(`${join(dir, "WuDaoCorpus2.0_base_200G")}/`);
  });
});
