import { defineConfig } from "tsup";

// Four builds: the library as ESM and as CommonJS, with declarations; the CLI, the worker pool's and the
// bzip2/xz decoder's thread modules as ESM only (a bin needs no CommonJS twin; a worker thread loads its module as ESM from the
// ESM and the CommonJS library alike); and the Parquet decoder's thread module, ESM, one file.
const library = {
  entry: { index: "src/index.ts", catalog: "src/catalog/index.ts" },
  dts: true,
  target: "node20",
  platform: "node",
  sourcemap: true,
  shims: true,
} as const;

// Dependencies published only as ES modules. The CommonJS build carries them inside it (esbuild turns
// them into CommonJS): a require() of an ES module needs Node 20.19's require(esm), which Node before
// 20.19 lacks, `--no-experimental-require-module` turns off, and loaders such as tsx's `.cts` break
// ("Cannot read properties of undefined (reading 'exports')"; tests/package/cjs.test.ts).
const ESM_ONLY = [/^htmlparser2/, /^dom(handler|utils|-serializer|elementtype)/, /^zstddec/];

export default defineConfig([
  { ...library, format: ["esm"], clean: true },
  { ...library, format: ["cjs"], noExternal: ESM_ONLY },
  {
    entry: { "cli/bin": "src/cli/bin.ts", "pool-worker": "src/run/pool-worker.ts", "decode-worker": "src/io/decode/decode-worker.ts" },
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
