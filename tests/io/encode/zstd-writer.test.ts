// Shards we write in zstd carry the frame content checksum, as the zstd CLI's own output does, so a
// corrupted shard fails to decode instead of yielding altered text. The reference decoder (zstd CLI)
// checks the checksum; so does our reader.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, pipe, readJsonl, writeJsonl } from "../../../src/index.js";
import { collect, FIXTURES, tempDir } from "../../support.js";

const zstdCli = spawnSync("zstd", ["--version"]).status === 0;
// CI installs the zstd CLI (.ci/run); elsewhere these two checks need it too
const needsCli = zstdCli || process.env.CI ? it : it.skip;

async function shard(): Promise<{ file: string; docs: number }> {
  const dir = await tempDir();
  const docs = await collect(readJsonl(`${FIXTURES}/udhr.jsonl`));
  // several 1 MiB blocks, hence several frames, each with its own checksum
  const many = Array.from({ length: 120 }, (_, i) => docs.map((d) => ({ ...d, id: `${d.id}-${i}` }))).flat();
  await pipe(many, writeJsonl(dir, { compression: "zstd" }));
  const name = readdirSync(dir).find((f) => f.endsWith(".zst"))!;
  return { file: join(dir, name), docs: many.length };
}

describe("zstd shards", () => {
  needsCli("carry an XXH64 content checksum per frame that the zstd CLI verifies", async () => {
    const { file } = await shard();
    const listed = spawnSync("zstd", ["-lv", file], { encoding: "utf8" });
    expect(listed.stdout).toMatch(/Check:\s+XXH64/);
    expect(spawnSync("zstd", ["-t", file]).status).toBe(0);
  });

  needsCli("a corrupted checksum is caught by the zstd CLI and by our reader, with the file's name", async () => {
    const { file } = await shard();
    const bytes = readFileSync(file);
    bytes[bytes.length - 1]! ^= 0xff; // the last frame's checksum
    writeFileSync(file, bytes);
    expect(spawnSync("zstd", ["-t", file]).status).not.toBe(0);
    const error = await collect(readJsonl(file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe(file);
  });

  it("read back whole by our reader", async () => {
    const { file, docs } = await shard();
    expect(await collect(readJsonl(file))).toHaveLength(docs);
  });
});
