import { defineConfig } from "tsup";

// Three builds: the library as ESM + CommonJS with declarations; the CLI and the worker pool's thread
// module as ESM only (a bin needs no CommonJS twin; a worker thread loads its module as ESM from the
// ESM and the CommonJS library alike); and the Parquet decoder's thread module, ESM, one file.
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
    entry: { "cli/bin": "src/cli/bin.ts", "pool-worker": "src/run/pool-worker.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    sourcemap: true,
  },
  // A thread starts per Parquet file, so its start counts: with hyparquet and its compressors in the
  // file instead of ~50 modules to resolve, it starts in ~35 ms instead of ~65 (measured here). The
  // page checks also read hyparquet's own modules (src/column.js, thrift.js, schema.js), which semver
  // does not cover: bundled, they are the version the checks were written and tested against.
  {
    entry: { "parquet-worker": "src/io/formats/parquet-worker.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    sourcemap: true,
    noExternal: [/^hyparquet/, "fzstd", "hysnappy"],
  },
]);
