import { defineConfig } from "tsup";

// Two builds: the library as ESM + CommonJS with declarations, and the CLI as ESM only
// (a bin needs no CommonJS twin, and one format keeps `dist/cli` small).
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
    entry: { "cli/bin": "src/cli/bin.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    sourcemap: true,
  },
]);
