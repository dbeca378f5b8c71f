import { defineConfig } from "tsup";

// Two builds: the library as ESM + CommonJS with declarations, and the CLI and the worker pool's
// thread module as ESM only (a bin needs no CommonJS twin; piscina loads the worker with import(),
// from the ESM and the CommonJS library alike).
export default defineConfig([
  {
    entry: { index: "src/index.ts", catalog: "src/catalog/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    target: "node20",
    platform: "node",
    sourcemap: true,
    clean: true,
    shims: true,
  },
  {
    entry: { "cli/bin": "src/cli/bin.ts", "pool-worker": "src/pipeline/pool-worker.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    sourcemap: true,
  },
]);
