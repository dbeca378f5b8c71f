// Starts the bzip2/xz decoder thread from the TypeScript sources (tests, `tsx`): a worker thread does
// not inherit the parent's TypeScript loader, so it registers tsx itself. The published package runs
// dist/decode-worker.js instead and never loads this file (src/runtime/worker-module.ts picks which).
import { tsImport } from "tsx/esm/api";

await tsImport("./decode-worker.ts", import.meta.url);
