// Where a worker thread's module is. The package runs dist/NAME.js, built by tsup (tsup.config.ts).
// From the TypeScript sources (tests, `tsx`) a worker thread does not inherit the parent's
// TypeScript loader, so it starts from NAME-dev.mjs beside NAME.ts, which registers tsx first.
// This file's own location tells which of the two is running: src/runtime/*.ts, or bundled into dist.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageFile } from "./package-root.js";

/**
 * @param source the module's path under src/ without extension, e.g. "run/pool-worker"
 * @param what how an error names it when the build is missing, e.g. "the worker-pool module"
 */
export function workerModule(source: string, what: string): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) return join(dirname(here), "..", `${source}-dev.mjs`);
  const built = packageFile("dist", `${source.slice(source.lastIndexOf("/") + 1)}.js`);
  if (!existsSync(built)) throw new Error(`corpuskit: ${what} is missing at ${built}; reinstall the package`);
  return built;
}
