import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readModelFile } from "../../src/langid/model-file.js";
import { boundedUtf8, fnv1a, isFastTextSpace, PruneMap, subwordRows } from "../../src/langid/subwords.js";
import { FIXTURES } from "../support.js";

const LID = "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz";
const PYTHON = "/usr/bin/python3";
const hasNativeFastText = spawnSync(PYTHON, ["-c", "import fasttext"]).status === 0;

// words in many scripts, from the UDHR fixture, plus edge cases: 4-byte characters, a lone surrogate
const udhr = JSON.parse(readFileSync(`${FIXTURES}/lid-native.json`, "utf8")) as { text: string }[];
const WORDS = [...new Set(udhr.flatMap((u) => u.text.split(/[ \n\r\t\v\f\0]+/)).filter(Boolean))]
  .slice(0, 3000)
  .concat(["𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "😀👍🏽", "a", "ab", "ünïcödé"]);

describe("boundedUtf8", () => {
  it("writes < + the UTF-8 bytes + >, as TextEncoder encodes the word", () => {
    const out = { bytes: new Uint8Array(4) };
    for (const word of [...WORDS, "x\uD800y"]) {
      const n = boundedUtf8(word, out);
      expect(Buffer.from(out.bytes.subarray(0, n)).toString("hex")).toBe(Buffer.from(new TextEncoder().encode(`<${word}>`)).toString("hex"));
    }
  });
});

describe("fnv1a", () => {
  it("is FNV-1a 32 on ASCII (published test vectors) and sign-extends bytes above 0x7f as fastText does", () => {
    // FNV-1a 32-bit: "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968 (Fowler, Noll, Vo)
    const hash = (s: string) => {
      const b = new TextEncoder().encode(s);
      return fnv1a(b, 0, b.length);
    };
    expect(hash("")).toBe(0x811c9dc5);
    expect(hash("a")).toBe(0xe40c292c);
    expect(hash("foobar")).toBe(0xbf9cf968);
    // one byte 0xe9: standard FNV-1a xors 0x000000e9, fastText 0xffffffe9
    const b = new Uint8Array([0xe9]);
    expect(fnv1a(b, 0, 1)).toBe(Math.imul(0x811c9dc5 ^ 0xffffffe9, 16777619) >>> 0);
  });
});

describe("isFastTextSpace", () => {
  it("is fastText's seven separators and nothing else", () => {
    const spaces = [];
    for (let c = 0; c < 0x3100; c++) if (isFastTextSpace(c)) spaces.push(c);
    expect(spaces).toEqual([0, 9, 10, 11, 12, 13, 32]);
  });
});

describe.skipIf(!hasNativeFastText)("subwordRows against native fastText (python3-fasttext get_subwords)", () => {
  it("gives the same rows, in the same order, for 3000 words of 40 languages in lid.176.ftz", () => {
    const file = readModelFile(readFileSync(LID), LID);
    const s = {
      nwords: file.words.length,
      minn: file.args.minn,
      maxn: file.args.maxn,
      bucket: file.args.bucket,
      prune: new PruneMap(file.pruneKeys, file.pruneValues, file.args.bucket),
    };
    const python = `
import json, sys, fasttext
fasttext.FastText.eprint = lambda *a, **k: None
m = fasttext.load_model(sys.argv[1])
print(json.dumps([[int(i) for i in m.get_subwords(w)[1]] for w in json.load(sys.stdin)]))
`;
    const native = JSON.parse(execFileSync(PYTHON, ["-c", python, LID], { input: JSON.stringify(WORDS), maxBuffer: 64 << 20 }).toString("utf8")) as number[][];
    const ids = new Map(file.words.map((w, i) => [w, i]));
    const out = { bytes: new Uint8Array(64) };
    const rows = new Int32Array(4096);
    const ours = WORDS.map((w) => {
      const n = boundedUtf8(w, out);
      const id = ids.get(w);
      let start = 0;
      if (id !== undefined) rows[start++] = id;
      return [...rows.subarray(0, subwordRows(out.bytes, n, s, rows, start))];
    });
    expect(ours).toEqual(native);
    expect(native.flat().length).toBeGreaterThan(WORDS.length);
  });
});
