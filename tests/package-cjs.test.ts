// The CommonJS build as a CommonJS user loads it: require() from a `.cts` file under tsx (whose
// loader breaks a require() of an ES module or of a package that requires its package.json) and
// under Node with require(esm) switched off. The dependencies that ship only as ES modules are
// bundled into it or loaded with import() on first use (tsup.config.ts, src/io/decode/zstd.ts,
// src/run/worker-pool.ts). `npm ci` builds dist/ (the prepare script).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./support.js";

const CJS = resolve("dist/index.cjs");

const SCRIPT = (cjs: string) => `
const corpuskit = require(${JSON.stringify(cjs)});
(async () => {
  // zstd (zstddec: an ES module only), HTML extraction (htmlparser2: an ES module only), a pipe
  let docs = 0;
  for await (const doc of corpuskit.read(${JSON.stringify(resolve("examples/data/books.jsonl.zst"))}, { limit: 3 })) docs += doc.text.length > 0 ? 1 : 0;
  const page = corpuskit.extractText("<html><body><nav>Home | About</nav><article><p>Rivers carry water from the hills to the sea, and along the way they shape valleys, feed farms and give towns a reason to exist.</p></article></body></html>");
  let kept = 0;
  const docsIn = [{ id: "a", text: "one two three", meta: {} }, { id: "b", text: "", meta: {} }];
  for await (const _ of corpuskit.pipe(docsIn, corpuskit.filter("nonempty", (d) => d.text.length > 0))) kept++;
  // the worker pool (piscina) starts and stops
  const pool = new corpuskit.WorkerPool({ workers: 1 });
  await pool.close();
  console.log(JSON.stringify({ docs, page: page.text, kept }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

describe("the CommonJS build", () => {
  it("is built (npm ci runs tsup)", () => {
    expect(existsSync(CJS), `${CJS} is missing: run npm run build`).toBe(true);
  });

  for (const runner of ["tsx .cts", "node --no-experimental-require-module"] as const) {
    it(`loads and runs under ${runner}`, async () => {
      const dir = await tempDir();
      const file = join(dir, runner.startsWith("tsx") ? "user.cts" : "user.cjs");
      await writeFile(file, SCRIPT(CJS));
      const args = runner.startsWith("tsx") ? [resolve("node_modules/tsx/dist/cli.mjs"), file] : ["--no-experimental-require-module", file];
      const out = execFileSync(process.execPath, args, { encoding: "utf8", timeout: 60_000 });
      const result = JSON.parse(out.trim().split("\n").pop()!) as { docs: number; page: string; kept: number };
      expect(result.docs).toBe(3);
      expect(result.page).toMatch(/^Rivers carry water/);
      expect(result.page).not.toContain("Home");
      expect(result.kept).toBe(1);
    });
  }
});
