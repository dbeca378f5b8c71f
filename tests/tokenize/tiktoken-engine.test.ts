// Exact pre-tokens: our JavaScript split patterns against tiktoken itself (the WebAssembly build of
// OpenAI's Rust library, whose regex reads \s as White_Space) over code points in the contexts where
// a class matters: alone after a newline, after a space, before a digit, between letters, after an
// apostrophe (contractions). Batches of code points go through one encode each; a batch that differs
// is narrowed to its code points, so a failure names them.
import { describe, expect, it } from "vitest";
import { get_encoding } from "tiktoken";
import { loadTokenizer } from "../../src/tokenize/text-tokenizer.js";

const contexts = (c: string) => ` ${c}0a${c}b'${c}x\n${c}`;

/**
 * Every code point whose class JavaScript and Unicode's properties could disagree on (\s against
 * White_Space, and the characters around those), plus every 61st code point of all 17 planes: a full
 * sweep (1.1 million code points) took minutes on a shared machine; run it by setting SWEEP=all.
 */
function codePoints(): number[] {
  const all = process.env.SWEEP === "all";
  const picked: number[] = [];
  for (let c = 0; c <= 0x10ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCodePoint(c);
    if (all || c % 61 === 0 || c < 0x3000 || /\s/u.test(ch) !== /\p{White_Space}/u.test(ch)) picked.push(c);
  }
  return picked;
}

describe("pre-tokens equal tiktoken's over the code points", () => {
  const points = codePoints();
  for (const name of ["cl100k_base", "o200k_base", "p50k_base", "r50k_base"] as const) {
    it(`${name}: ${points.length} code points in 6 contexts each`, async () => {
      const ours = await loadTokenizer(name);
      const reference = get_encoding(name);
      const differ: string[] = [];
      try {
        const same = (text: string) => {
          const a = ours.encodeToArray!(text);
          const b = reference.encode(text, [], []);
          return a.length === b.length && a.every((x, k) => x === b[k]);
        };
        for (let i = 0; i < points.length; i += 2048) {
          const batch = points.slice(i, i + 2048);
          if (same(batch.map((c) => contexts(String.fromCodePoint(c))).join(""))) continue;
          for (const c of batch) if (!same(contexts(String.fromCodePoint(c)))) differ.push(`U+${c.toString(16).toUpperCase().padStart(4, "0")}`);
        }
        // the case that started it: NEL after a space, before a digit
        expect(same(" \x85" + "0"), "NEL").toBe(true);
      } finally {
        reference.free();
      }
      expect(differ).toEqual([]);
    });
  }
});
