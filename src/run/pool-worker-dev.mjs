// Loads the pool's worker from the TypeScript sources (tests, `tsx`): a worker thread does not
// inherit the parent's TypeScript loader, so it registers tsx itself. The published package runs
// dist/pool-worker.js instead and never loads this file.
import { tsImport } from "tsx/esm/api";

const worker = await tsImport("./pool-worker.ts", import.meta.url);
export default worker.default;
