// The committed wasm bytes are what scripts/build-minhash-wasm.sh makes of minhash-rows.wat: a
// forgotten rebuild after editing the .wat would otherwise ship the old kernel. Needs wabt's
// wat2wasm, which nothing else does, so the check skips where it is not installed (.ci/run
// installs it when it can).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MINHASH_ROWS_WASM } from "../../../../src/dedup/minhash/simd/minhash-rows-wasm.js";

const hasWat2wasm = spawnSync("wat2wasm", ["--version"]).status === 0;

describe("minhash-rows-wasm.ts", () => {
  it.skipIf(!hasWat2wasm)("holds the bytes wat2wasm makes of minhash-rows.wat", () => {
    const dir = mkdtempSync(join(tmpdir(), "corpuskit-wat-"));
    try {
      const out = join(dir, "rows.wasm");
      const run = spawnSync("wat2wasm", ["src/dedup/minhash/simd/minhash-rows.wat", "-o", out], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(readFileSync(out).toString("base64")).toBe(MINHASH_ROWS_WASM);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
