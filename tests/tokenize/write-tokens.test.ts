import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, InputError, OutputError, pipe, readJsonl, type Doc } from "../../src/index.js";
import type { TokenizedDoc } from "../../src/tokenize/tokenized-doc.js";
import { writeTokens } from "../../src/tokenize/write-tokens.js";
import { tokenize } from "../../src/tokenize/tokenize-step.js";
import { loadTokenizer } from "../../src/tokenize/text-tokenizer.js";
import { collect, FIXTURES, tempDir } from "../support.js";
import { readMegatron } from "./megatron-reader.js";

// Real token sequences without a tokenizer: each UDHR document's code points (CJK reaches 65,297,
// so uint16), shifted by `offset` to stand in for a vocabulary too large for uint16.
async function udhrTokens(offset = 0): Promise<TokenizedDoc[]> {
  const docs = await collect(readJsonl(`${FIXTURES}/udhr.jsonl`));
  return docs.map((doc) => ({ ...doc, tokens: Uint32Array.from(doc.text, (c) => c.codePointAt(0)! + offset) }));
}

const doc = (id: string, ...tokens: number[]): TokenizedDoc => ({ id, text: "", meta: {}, tokens: Uint32Array.from(tokens) });
const lists = (docs: TokenizedDoc[]) => docs.map((d) => Array.from(d.tokens));

function readBin(prefix: string) {
  const sidecar = JSON.parse(readFileSync(`${prefix}.json`, "utf8"));
  const bytes = readFileSync(`${prefix}.bin`);
  const width = sidecar.dtype === "uint16" ? 2 : 4;
  const tokens = Array.from({ length: bytes.length / width }, (_, i) => (width === 2 ? bytes.readUInt16LE(2 * i) : bytes.readUInt32LE(4 * i)));
  return { sidecar, tokens };
}

describe("writeTokens megatron", () => {
  it("round-trips the UDHR as uint16, one sequence per document", async () => {
    const dir = await tempDir();
    const input = await udhrTokens();
    const { result } = await pipe(input, writeTokens(join(dir, "train"), { vocabSize: 65_536 }));
    const total = input.reduce((n, d) => n + d.tokens.length, 0);
    expect(result).toEqual({
      prefix: join(dir, "train"),
      format: "megatron",
      dtype: "uint16",
      documents: 8,
      tokens: total,
      shards: [{ bin: join(dir, "train.bin"), idx: join(dir, "train.idx"), documents: 8, tokens: total }],
    });
    expect(readdirSync(dir).sort()).toEqual(["train.bin", "train.idx"]);
    const read = readMegatron(join(dir, "train"));
    expect(read.dtype).toBe("uint16");
    expect(read.version).toBe(1);
    expect(read.documents).toEqual(lists(input));
    expect(read.sequenceLengths).toEqual(input.map((d) => d.tokens.length));
    expect(read.documentIndex).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(readFileSync(join(dir, "train.bin")).length).toBe(2 * total);
  });

  it("writes the header, lengths, pointers and document index byte for byte", async () => {
    const dir = await tempDir();
    // an empty document gets no sequence and no eos, as preprocess_data.py --append-eod does
    const { result } = await pipe([doc("a", 1, 2, 3), doc("empty"), doc("c", 4, 5)], writeTokens(join(dir, "t"), { dtype: "uint16", eos: 9 }));
    expect(result.tokens).toBe(7);
    const idx = readFileSync(join(dir, "t.idx")).toString("hex");
    expect(idx).toBe(
      [
        "4d4d4944494458" + "0000", // magic "MMIDIDX\0\0"
        "0100000000000000", // version 1, uint64
        "08", // dtype code 8: uint16
        "0200000000000000", // 2 sequences
        "0400000000000000", // 4 document-index entries: 3 documents + 1
        "04000000" + "03000000", // sequence lengths, int32: 1 2 3 eos | 4 5 eos
        "0000000000000000" + "0800000000000000", // byte offsets, int64
        "0000000000000000" + "0100000000000000" + "0100000000000000" + "0200000000000000", // document index
      ].join(""),
    );
    expect(readFileSync(join(dir, "t.bin")).toString("hex")).toBe("0100" + "0200" + "0300" + "0900" + "0400" + "0500" + "0900");
    expect(readMegatron(join(dir, "t")).documents).toEqual([[1, 2, 3, 9], [], [4, 5, 9]]);
  });

  it("stores a large vocabulary as int32 (Megatron-LM has no uint32), code 4, byte offsets of 4", async () => {
    const dir = await tempDir();
    const input = await udhrTokens(100_000);
    const { result } = await pipe(input, writeTokens(join(dir, "wide"), { vocabSize: 200_019, eos: 199_999 }));
    expect(result.dtype).toBe("int32");
    const read = readMegatron(join(dir, "wide"));
    expect(read.dtypeCode).toBe(4);
    expect(read.documents).toEqual(lists(input).map((t) => [...t, 199_999]));
    expect(read.sequencePointers[1]).toBe(4 * (input[0]!.tokens.length + 1));
    expect(readFileSync(join(dir, "wide.idx")).subarray(17, 18).toString("hex")).toBe("04");
  });

  it("shards by tokens, never splitting a document; each shard is a dataset of its own", async () => {
    const dir = await tempDir();
    const input = await udhrTokens();
    const limit = 4000;
    const { result } = await pipe(input, writeTokens(join(dir, "s"), { dtype: "uint16", maxTokensPerShard: limit, eos: 0 }));
    expect(result.shards.map((s) => s.bin)).toEqual(result.shards.map((_, i) => join(dir, `s_0000${i}.bin`)));
    expect(result.shards.length).toBeGreaterThan(2);
    expect(readdirSync(dir).sort()).toEqual(
      result.shards
        .flatMap((s) => [s.bin, s.idx])
        .map((p) => p.slice(dir.length + 1))
        .sort(),
    );
    const documents = result.shards.flatMap((s) => {
      const read = readMegatron(s.bin.slice(0, -4));
      expect(read.documents.length).toBe(s.documents);
      expect(read.documents.flat().length).toBe(s.tokens);
      if (s.tokens > limit) expect(s.documents).toBe(1);
      return read.documents;
    });
    expect(documents).toEqual(lists(input).map((t) => [...t, 0]));
    expect(result.tokens).toBe(result.shards.reduce((n, s) => n + s.tokens, 0));
  });

  it("keeps documents larger than its write buffer and indexes many documents", async () => {
    const dir = await tempDir();
    const big = doc("big");
    big.tokens = Uint32Array.from({ length: 1_500_000 }, (_, i) => (i * 7919) % 65_536);
    const many = Array.from({ length: 60_000 }, (_, i) => doc(`d${i}`, i % 65_536, (i * 3) % 65_536));
    const { result } = await pipe([big, ...many], writeTokens(join(dir, "m"), { dtype: "uint16" }));
    expect(result.tokens).toBe(1_500_000 + 120_000);
    const read = readMegatron(join(dir, "m"));
    expect(read.documents.length).toBe(60_001);
    expect(read.documents[0]).toEqual(Array.from(big.tokens));
    expect(read.documents[60_000]).toEqual([59_999, (59_999 * 3) % 65_536]);
    expect(read.sequencePointers[60_000]).toBe(2 * (1_500_000 + 2 * 59_999));
  });
});

describe("writeTokens bin", () => {
  it("writes nanoGPT's flat uint16 array and a sidecar, eos after every document", async () => {
    const dir = await tempDir();
    const input = [...(await udhrTokens()), doc("empty")];
    const { result } = await pipe(
      input,
      writeTokens(join(dir, "train"), { format: "bin", vocabSize: 50_257, eos: 50_256, tokenizer: "gpt2", documentOffsets: true }),
    );
    expect(result.dtype).toBe("uint16");
    expect(result.shards).toEqual([{ bin: join(dir, "train.bin"), idx: join(dir, "train.json"), documents: 9, tokens: result.tokens }]);
    const { sidecar, tokens } = readBin(join(dir, "train"));
    const expected = lists(input).flatMap((t) => [...t, 50_256]);
    expect(tokens).toEqual(expected);
    let at = 0;
    const offsets = [0, ...input.map((d) => (at += d.tokens.length + 1))];
    expect(sidecar).toEqual({
      format: "bin",
      dtype: "uint16",
      byteorder: "little",
      tokenizer: "gpt2",
      eos: 50_256,
      documents: 9,
      tokens: expected.length,
      offsets,
    });
  });

  it("writes uint32 when the vocabulary does not fit uint16, and shards", async () => {
    const dir = await tempDir();
    const input = await udhrTokens(100_000);
    const { result } = await pipe(input, writeTokens(join(dir, "w"), { format: "bin", vocabSize: 200_019, maxTokensPerShard: 5000 }));
    expect(result.dtype).toBe("uint32");
    const shards = result.shards.map((s) => readBin(s.bin.slice(0, -4)));
    expect(shards.map((s) => s.sidecar.documents)).toEqual(result.shards.map((s) => s.documents));
    expect(shards[0]!.sidecar).toEqual({
      format: "bin",
      dtype: "uint32",
      byteorder: "little",
      tokenizer: null,
      eos: null,
      documents: result.shards[0]!.documents,
      tokens: result.shards[0]!.tokens,
    });
    expect(shards.flatMap((s) => s.tokens)).toEqual(lists(input).flat());
  });
});

describe("writeTokens dtype from the tokenizer", () => {
  // tokenize() attaches its tokenizer's vocabulary size to each document: auto needs nothing more
  const texts: Doc[] = [{ id: "udhr", text: "All human beings are born free and equal in dignity and rights.", meta: {} }];
  for (const [tokenizer, megatron, bin] of [
    ["r50k_base", "uint16", "uint16"],
    ["cl100k_base", "int32", "uint32"],
  ] as const) {
    it(`picks ${megatron} (megatron) and ${bin} (bin) for ${tokenizer} without vocabSize`, async () => {
      const dir = await tempDir();
      for (const [format, expected] of [
        ["megatron", megatron],
        ["bin", bin],
      ] as const) {
        const { result } = await pipe(texts, tokenize({ tokenizer }), writeTokens(join(dir, format), { format }));
        expect(result.dtype).toBe(expected);
      }
      const loaded = await loadTokenizer(tokenizer);
      const written = readMegatron(join(dir, "megatron"));
      expect(written.dtype).toBe(megatron);
      expect(written.documents[0]).toEqual([...loaded.encode(texts[0]!.text), loaded.eos]);
    });
  }

  it("lets vocabSize override the tokenizer's", async () => {
    const { result } = await pipe(texts, tokenize({ tokenizer: "r50k_base" }), writeTokens(join(await tempDir(), "x"), { vocabSize: 100_000 }));
    expect(result.dtype).toBe("int32");
  });
});

describe("writeTokens dtype and errors", () => {
  it("chooses uint16 up to a 65,536-id vocabulary and needs the size for auto", async () => {
    const dtypeFor = async (vocabSize: number, format: "megatron" | "bin") =>
      (await pipe([doc("a", 1)], writeTokens(join(await tempDir(), "x"), { vocabSize, format }))).result.dtype;
    expect(await dtypeFor(65_536, "megatron")).toBe("uint16");
    expect(await dtypeFor(65_537, "megatron")).toBe("int32");
    expect(await dtypeFor(100_277, "bin")).toBe("uint32");
    // documents that do not say which vocabulary they come from (tokenize() says so): auto cannot choose
    await expect(pipe([doc("a", 1)], writeTokens(join(await tempDir(), "x")))).rejects.toThrow(ConfigError);
    await expect(pipe([doc("a", 1)], writeTokens(join(await tempDir(), "x")))).rejects.toThrow(/dtype "auto" needs the vocabulary size/);
    expect(() => writeTokens("x", { dtype: "uint16", vocabSize: 100_277 })).toThrow(/100277 ids does not fit uint16/);
    expect(() => writeTokens("x", { dtype: "uint16", eos: 70_000 })).toThrow(/eos 70000 does not fit uint16/);
    expect(() => writeTokens("x", { dtype: "uint16", maxTokens: 5 } as never)).toThrow(ConfigError);
  });

  it("rejects a token too large for the dtype, naming the document, and leaves nothing behind", async () => {
    const dir = await tempDir();
    const input = await udhrTokens();
    const error = await pipe([...input, doc("udhr-bad", 5, 70_000)], writeTokens(join(dir, "t"), { dtype: "uint16" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe("udhr-bad");
    expect((error as Error).message).toBe(
      'udhr-bad: token 70000 (position 1 of the document) does not fit uint16, whose largest value is 65535; choose a wider dtype or give the tokenizer\'s vocabSize with dtype "auto"',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("rejects a document without tokens", async () => {
    const dir = await tempDir();
    const plain: Doc = { id: "plain", text: "no tokens", meta: {} };
    // tests/tokenize/types.test.ts: TypeScript refuses this; JavaScript and configs get the error below
    // @ts-expect-error writeTokens takes tokenized documents only
    await expect(pipe([plain], writeTokens(join(dir, "t"), { dtype: "uint16" }))).rejects.toThrow("plain: the document has no tokens");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("reports a folder it cannot create as an OutputError naming it", async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, "blocker"), "a file where a folder should be");
    const folder = join(dir, "blocker", "out");
    const error = await pipe([doc("a", 1)], writeTokens(join(folder, "train"), { dtype: "uint16" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).path).toBe(folder);
    expect((error as Error).message).toContain(`${folder}: cannot create the output folder`);
  });

  it("takes back the .bin when its index cannot be put under its final name", async () => {
    const dir = await tempDir();
    mkdirSync(join(dir, "t.idx")); // a folder where the index should go: the rename fails
    const error = await pipe([doc("a", 1, 2)], writeTokens(join(dir, "t"), { dtype: "uint16" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).path).toBe(join(dir, "t.idx"));
    expect(readdirSync(dir)).toEqual(["t.idx"]);
    expect(readdirSync(join(dir, "t.idx"))).toEqual([]);
  });

  it("keeps finished shards and removes the unfinished one when the input fails", async () => {
    const dir = await tempDir();
    const failing = (async function* () {
      yield doc("a", 1, 2, 3);
      yield doc("b", 4, 5, 6);
      throw new Error("upstream died");
    })();
    await expect(pipe(failing, writeTokens(join(dir, "t"), { dtype: "uint16", maxTokensPerShard: 3 }))).rejects.toThrow("upstream died");
    expect(readdirSync(dir).sort()).toEqual(["t_00000.bin", "t_00000.idx"]);
    expect(readMegatron(join(dir, "t_00000")).documents).toEqual([[1, 2, 3]]);
  });

  it("writes an empty dataset when there are no documents", async () => {
    const dir = await tempDir();
    const { result } = await pipe([] as TokenizedDoc[], writeTokens(join(dir, "e"), { dtype: "uint16" }));
    expect(result.shards).toEqual([{ bin: join(dir, "e.bin"), idx: join(dir, "e.idx"), documents: 0, tokens: 0 }]);
    expect(readMegatron(join(dir, "e"))).toMatchObject({ documents: [], documentIndex: [0], sequenceLengths: [] });
  });
});

// A second reader in another language, with numpy, as training code would read the files.
const PYTHON = "/usr/bin/python3";
const numpy = spawnSync(PYTHON, ["-c", "import numpy"], { encoding: "utf8" });
const hasNumpy = numpy.status === 0;

describe("writeTokens megatron read by numpy", () => {
  it.skipIf(!hasNumpy)(
    `reads the same documents with tests/fixtures/tokenize/read_megatron.py${hasNumpy ? "" : ` (skipped: ${PYTHON} cannot import numpy; apt-get install python3-numpy)`}`,
    async () => {
      const dir = await tempDir();
      for (const [name, offset, vocabSize] of [
        ["narrow", 0, 65_536],
        ["wide", 100_000, 200_019],
      ] as const) {
        const input = [...(await udhrTokens(offset)), doc("empty")];
        await pipe(input, writeTokens(join(dir, name), { vocabSize, eos: 3 }));
        const run = spawnSync(PYTHON, [`${FIXTURES}/tokenize/read_megatron.py`, join(dir, name)], { encoding: "utf8", maxBuffer: 1 << 26 });
        expect(run.stderr).toBe("");
        const read = JSON.parse(run.stdout);
        expect(read.dtype).toBe(offset === 0 ? "uint16" : "int32");
        expect(read.documents).toEqual(lists(input).map((t) => (t.length > 0 ? [...t, 3] : [])));
      }
    },
  );
});
