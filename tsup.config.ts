import { defineConfig } from "tsup";

// Two builds: the library as ESM + CommonJS with declarations, and the CLI and the threads' modules
// (the worker pool's, the Parquet decoder's) as ESM only: a bin needs no CommonJS twin, and a worker
// thread loads its module as ESM from the ESM and the CommonJS library alike.
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
    entry: { "cli/bin": "src/cli/bin.ts", "pool-worker": "src/pipeline/pool-worker.ts", "parquet-worker": "src/io/formats/parquet-worker.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    sourcemap: true,
  },
]);
