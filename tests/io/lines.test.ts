// utf8Lines against String.split on multilingual text: lines from empty to past the 32 KiB decode
// piece, cut into chunks of every size, including cuts inside a multibyte character.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { utf8Lines } from "../../src/io/lines.js";
import { Stats } from "../../src/pipeline/stats.js";
import { FIXTURES } from "../support.js";

const text = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8").repeat(4);

/** Lines of pseudo-random lengths (a fixed LCG, so a failure repeats) cut from the UDHR texts. */
function corpus(): string {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const lines: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const length = i % 25 === 0 ? 40_000 + (next() % 30_000) : next() % (i % 3 === 0 ? 3 : 900);
    const from = next() % (text.length - 1);
    lines.push(text.slice(from, from + length).replaceAll("\n", " "));
  }
  return lines.join("\n");
}

async function* chunked(data: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

describe("utf8Lines", () => {
  it("gives the lines String.split gives, whatever the chunk size", async () => {
    const all = corpus();
    const bytes = Buffer.from(all);
    expect(bytes.length).toBeGreaterThan(1 << 20);
    for (const size of [1 << 20, 65_537, 32_768, 4099]) {
      const got: string[] = [];
      let expectedFirst = 1;
      for await (const batch of utf8Lines(chunked(bytes, size), new Stats("read"))) {
        expect(batch.firstLine).toBe(expectedFirst);
        got.push(...batch.lines);
        expectedFirst += batch.lines.length;
      }
      expect(got).toEqual(all.split("\n"));
    }
  });
});
