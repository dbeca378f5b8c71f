import { defineConfig } from "vitest/config";

export default defineConfig({
  // Examples import "corpuskit" as users do; in tests that is the source, not a stale build.
  resolve: { alias: { corpuskit: new URL("./src/index.ts", import.meta.url).pathname } },
  test: {
    include: ["tests/**/*.test.ts"],
    // A guard against a hang, not a bound on speed: at a load of 18 on two cores, run-pipeline's
    // tests took 60-88 s and failed at 60 s, though nothing was wrong with them.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Two cores here and on CI: more forks only add contention.
    maxWorkers: 2,
    // The JSON report lets .ci/run print one closing "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".tmp/vitest-report.json" },
  },
});
