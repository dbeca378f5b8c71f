// The committed wasm bytes are what scripts/build-langid-wasm.sh makes of word-rows.wat: a
// forgotten rebuild after editing the .wat would otherwise ship the old kernel. Needs wabt's
// wat2wasm, which nothing else does, so the check skips where it is not installed (.ci/run
// installs it when it can).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WORD_ROWS_WASM } from "../../../src/langid/simd/word-rows-wasm.js";

const hasWat2wasm = spawnSync("wat2wasm", ["--version"]).status === 0;

describe("word-rows-wasm.ts", () => {
  it.skipIf(!hasWat2wasm)("holds the bytes wat2wasm makes of word-rows.wat", () => {
    const dir = mkdtempSync(join(tmpdir(), "corpuskit-wat-"));
    try {
      const out = join(dir, "word-rows.wasm");
      const run = spawnSync("wat2wasm", ["src/langid/simd/word-rows.wat", "-o", out], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(readFileSync(out).toString("base64")).toBe(WORD_ROWS_WASM);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
