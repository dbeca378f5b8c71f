// Where a worker thread's module is (src/runtime/worker-module.ts): from the sources, the loader that registers
// tsx beside the module; the built files are checked from the installed package by
// scripts/check-package.sh.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { workerModule } from "../../src/runtime/worker-module.js";

describe("workerModule", () => {
  it("from the TypeScript sources, NAME-dev.mjs beside NAME.ts", () => {
    for (const source of ["run/pool-worker", "io/formats/parquet-worker"]) {
      const file = workerModule(source, "a test module");
      expect(file.endsWith(`src/${source}-dev.mjs`)).toBe(true);
      expect(existsSync(file)).toBe(true);
      expect(existsSync(file.replace(/-dev\.mjs$/, ".ts"))).toBe(true);
    }
  });
});
