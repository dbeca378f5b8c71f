// The layer check CI runs (scripts/check-imports.mjs): the real tree passes, and each kind of wrong
// import planted in a copy of it is reported.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error a plain .mjs script without declarations
import { checkImports } from "../../scripts/check-imports.mjs";

const check = checkImports as (dir: string) => string[];

describe("scripts/check-imports.mjs", () => {
  let copy: string;
  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), "corpuskit-imports-"));
    await cp("src", join(copy, "src"), { recursive: true });
  });
  afterAll(() => rm(copy, { recursive: true, force: true }));

  it("finds nothing against the layout in src/", () => {
    expect(check("src")).toEqual([]);
  });

  async function plant(file: string, line: string): Promise<string[]> {
    const path = join(copy, "src", file);
    const original = await readFile(path, "utf8");
    await writeFile(path, `${line}\n${original}`);
    try {
      return check(join(copy, "src"));
    } finally {
      await writeFile(path, original);
    }
  }

  it("reports the engine importing a layer above it", async () => {
    expect(await plant("pipeline/pipe.ts", 'import { read } from "../io/read.js";')).toEqual([
      "pipeline/pipe.ts imports io/read.ts: the engine imports only doc.ts, errors.ts and options.ts",
    ]);
  });

  it("reports a step folder importing the executor", async () => {
    // (the step table imports the filters back: a cycle too)
    const problems = await plant("filters/gopher-quality.ts", 'import { STEPS } from "../run/steps.js";');
    expect(problems).toContain("filters/gopher-quality.ts imports run/steps.ts: filters (layer 3) may not import run (layer 4)");
  });

  it("reports any import of the CLI, even a dynamic one", async () => {
    expect(await plant("run/run-task.ts", 'const cli = await import("../cli/main.js");')).toContain(
      "run/run-task.ts imports cli/main.ts: nothing imports src/cli/",
    );
  });

  it("reports a cycle inside a folder, but not through a type-only import", async () => {
    const cycle = await plant("text/code-points.ts", 'import { splitWords } from "./words.js";');
    expect(cycle.some((p) => p.startsWith("import cycle:") && p.includes("text/code-points.ts") && p.includes("text/words.ts"))).toBe(true);
    expect(await plant("text/code-points.ts", 'import type { WordList } from "./words.js";')).toEqual([]);
  });
});
