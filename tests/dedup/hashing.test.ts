// The hashes every dedup key is built from: standard MurmurHash3_x86_32 (checked against its
// published test vectors through a byte-level reference), and the fast word route against the
// reference route (simplifyText + splitWords) on every sample and UDHR text.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HashList } from "../../src/dedup/minhash/hash-list.js";
import { murmurUnits, murmurWords } from "../../src/hash/murmur3.js";
import { takesFastRoute, tokenHashes } from "../../src/dedup/minhash/token-hashes.js";
import { read } from "../../src/io/read.js";
import { simplifyText } from "../../src/text/normalize.js";
import { splitWords } from "../../src/text/words.js";
import { collect, FIXTURES } from "../support.js";

/** MurmurHash3_x86_32 over bytes, written from the reference C (unsigned). */
function murmurBytes(bytes: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  const blocks = bytes.length >> 2;
  const mix = (k: number) => {
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    return Math.imul(k, 0x1b873593);
  };
  for (let i = 0; i < blocks; i++) {
    const k = bytes[4 * i]! | (bytes[4 * i + 1]! << 8) | (bytes[4 * i + 2]! << 16) | (bytes[4 * i + 3]! << 24);
    h ^= mix(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = bytes.length & 3;
  if (tail === 3) k ^= bytes[4 * blocks + 2]! << 16;
  if (tail >= 2) k ^= bytes[4 * blocks + 1]! << 8;
  if (tail >= 1) {
    k ^= bytes[4 * blocks]!;
    h ^= mix(k);
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const ascii = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const utf16 = (s: string) => new Uint8Array(Buffer.from(s, "utf16le"));

describe("MurmurHash3_x86_32", () => {
  it("the byte reference gives the published test vectors", () => {
    expect(murmurBytes(ascii(""), 0)).toBe(0);
    expect(murmurBytes(ascii(""), 1)).toBe(0x514e28b7);
    expect(murmurBytes(ascii(""), 0xffffffff)).toBe(0x81f16f39);
    expect(murmurBytes(ascii("\0\0\0\0"), 0)).toBe(0x2362f9de);
    expect(murmurBytes(ascii("aaaa"), 0x9747b28c)).toBe(0x5a97808a);
    expect(murmurBytes(ascii("Hello, world!"), 0x9747b28c)).toBe(0x24884cba);
    expect(murmurBytes(ascii("The quick brown fox jumps over the lazy dog"), 0x9747b28c)).toBe(0x2fa826cd);
  });

  it("murmurUnits is MurmurHash3 of the UTF-16LE bytes, murmurWords of the little-endian words", () => {
    const samples = ["", "a", "ab", "abc", "déjà vu", "人人生而自由", "😀 emoji 𠀀", "x".repeat(101)];
    for (const s of samples) {
      for (const seed of [0, 1, 0x9747b28c]) expect(murmurUnits(s, 0, s.length, seed) >>> 0).toBe(murmurBytes(utf16(s), seed));
    }
    const words = new Int32Array([1, -2, 0x7fffffff, 12345]);
    expect(murmurWords(words, 1, 3, 7) >>> 0).toBe(murmurBytes(new Uint8Array(words.buffer, 4, 12), 7));
  });
});

// Shapes the fast route must handle itself: numbers and their separators, marks at word edges,
// combining marks, case mappings that change length, Hangul, spacing marks, odd spaces.
const FAST_CRAFTED = [
  "3.14 and 1,000,000 and 1.2.3 and a1.b and 12,34,56 and 1.\u03012 and ١٢٣،٤ and ٣، and 1⎖2 3٫4 5،6 x، ⎖",
  "«Bonjour» « mot » ©2024 (c) 50° ¿Qué? σοφία İstanbul ŉ ǅ ß ẞ Æsir",
  "e\u0301te\u0301 cafe\u0301 \u0301lead ring\u030a \u0345 a\u00a0b\u2003c tab\tnew\nline\r\n",
  "Hangul 한국어 텍스트, Devanagari मानव अधिकार, Tamil மனித உரிமை",
  "",
  "   ",
  "!!!",
  "a",
];

async function sampleTexts(): Promise<{ text: string; language?: string }[]> {
  const docs = await collect(
    read([
      "examples/data/web.jsonl.gz",
      "examples/data/books.jsonl.zst",
      "examples/data/crawl.wet.gz",
      "examples/data/udhr.parquet",
      "examples/data/licenses.csv",
    ]),
  );
  const udhr = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const crafted = [...FAST_CRAFTED, "ΣΟΦΙΑ σοφία ΟΔΟΣ", "co\u2010operation", "Thai ภาษาไทย mixed", "emoji 😀 inside, math 𝔘𝔫𝔦", "a«b", "««mot»»"];
  return [
    ...docs.map((d) => ({ text: d.text, language: d.meta.language as string | undefined })),
    ...udhr.map((text) => ({ text })),
    ...crafted.map((text) => ({ text })),
  ];
}

describe("tokenHashes", () => {
  it("the fast route gives the reference route's hashes on every sample and UDHR text", async () => {
    const fast = new HashList();
    const reference = new HashList();
    let compared = 0;
    for (const { text, language } of await sampleTexts()) {
      for (const lanes of [1, 2] as const) {
        tokenHashes(text, { lanes, language }, fast);
        tokenHashes(text, { lanes, language, fast: false }, reference);
        expect(Array.from(fast.lo.subarray(0, fast.length))).toEqual(Array.from(reference.lo.subarray(0, reference.length)));
        expect(Array.from(fast.hi.subarray(0, fast.length))).toEqual(Array.from(reference.hi.subarray(0, reference.length)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(700);
  });

  it("takes the fast route for the tricky shapes it claims, and most sample documents", async () => {
    for (const text of FAST_CRAFTED) expect(takesFastRoute(text), text).toBe(true);
    const docs = await collect(read("examples/data/web.jsonl.gz"));
    const spaced = docs.filter((d) => !["ja", "zh"].includes(d.meta.lang as string));
    expect(spaced.filter((d) => takesFastRoute(d.text)).length).toBe(spaced.length);
  });

  it("the reference route hashes splitWords(simplifyText(text)), each word once", () => {
    const text = "The Universal Declaration of Human Rights, 1948: «Tous les êtres humains naissent libres»!";
    const out = new HashList();
    tokenHashes(text, { lanes: 2, fast: false }, out);
    const words = splitWords(simplifyText(text));
    expect(out.length).toBe(words.length);
    words.forEach((w, i) => {
      expect(out.lo[i]).toBe(murmurUnits(w, 0, w.length, 0));
      expect(out.hi[i]).toBe(murmurUnits(w, 0, w.length, 1));
    });
  });

  it("uses characters for unspaced documents only when asked", () => {
    const out = new HashList();
    expect(tokenHashes("人人生而自由，在尊严和权利上一律平等。", { lanes: 1, charsWhenUnspaced: true }, out)).toBe("chars");
    expect(out.length).toBe(17);
    expect(tokenHashes("人人生而自由，在尊严和权利上一律平等。", { lanes: 1 }, out)).toBe("words");
    expect(out.length).toBeLessThan(17);
    expect(tokenHashes("All human beings are born free", { lanes: 1, charsWhenUnspaced: true }, out)).toBe("words");
  });
});
