// A decoding tool as a child process (here `cat` and `false`, the simplest tools there are): fed
// through its stdin, or reading a local file itself with its offset reported as it goes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/index.js";
import { startTool, throughTool } from "../../../src/io/decode/tool-decoder.js";
import { FIXTURES } from "../../support.js";

const FILE = `${FIXTURES}/udhr.jsonl`;
const bytes = readFileSync(FILE);

async function all(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe("a decoding tool", () => {
  it("reads a local file itself, reporting its offset up to the file's size", async () => {
    const positions: number[] = [];
    const local = { path: FILE, onPosition: (n: number) => positions.push(n) };
    const tool = (await startTool("cat", [], local))!;
    expect(tool.fd).toBeTypeOf("number");
    expect((await all(throughTool(tool, undefined, FILE, (m) => m, local))).equals(bytes)).toBe(true);
    expect(positions.at(-1)).toBe(bytes.length);
    expect(positions.every((p, i) => p <= bytes.length && (i === 0 || p >= positions[i - 1]!))).toBe(true);
  });

  it("is fed through its stdin otherwise", async () => {
    const tool = (await startTool("cat", []))!;
    const chunks = (async function* () {
      for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
    })();
    expect((await all(throughTool(tool, chunks, FILE, (m) => m))).equals(bytes)).toBe(true);
  });

  it("fails with an InputError naming the file when it exits non-zero, and is undefined when missing", async () => {
    const tool = (await startTool("sh", ["-c", "echo 'bad data at 7' >&2; exit 1"]))!;
    await expect(all(throughTool(tool, undefined, "x.xz", (m) => `corrupt: ${m}`))).rejects.toThrow(new InputError({ file: "x.xz" }, "corrupt: bad data at 7"));
    expect(await startTool("corpuskit-no-such-tool", [])).toBeUndefined();
  });
});
