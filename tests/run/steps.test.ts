// Every step in the step table, the same checks: a new step added with one descriptor and one line in
// src/run/steps.ts is held to them without writing anything here.
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import { STEP_DESCRIPTORS, STEPS } from "../../src/run/steps.js";
import { parallelSteps } from "../../src/run/worker-pool.js";
import { pipe, type Doc } from "../../src/index.js";
import { collect } from "../support.js";

/** The file that declares each step: `defineStep({ name: "x", ...` in src/. */
function stepFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (path.endsWith(".ts")) {
        for (const m of readFileSync(path, "utf8").matchAll(/defineStep\(\{\s*name:\s*"([^"]+)"/g)) files.set(m[1]!, path);
      }
    }
  };
  visit("src");
  return files;
}

// Real text: the first documents of the bundled sample (English and Chinese), read as users read it.
const sample: Promise<Doc[]> = collect(api.read("examples/data/*.jsonl.gz", { limit: 6 }));

// Steps that cannot run until told what to work on (their schema still accepts {}): the least they need.
const REQUIRED: Record<string, () => Record<string, unknown>> = {
  decontaminate: () => {
    const path = join(mkdtempSync(join(tmpdir(), "corpuskit-steps-")), "bench.jsonl");
    writeFileSync(path, `${JSON.stringify({ question: "How many days are there in a leap year of the Gregorian calendar", answer: "366" })}\n`);
    return { against: [{ name: "tiny", path, fields: ["question", "answer"] }] };
  },
};

const files = stepFiles();
const readme = readFileSync("README.md", "utf8");
const exported = new Set<unknown>(Object.values(api));

describe.each(STEP_DESCRIPTORS.map((d) => [d.name, d] as const))("step %s", (name, descriptor) => {
  it("is listed under its own name, in snake_case", () => {
    expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(STEPS[name as keyof typeof STEPS]).toBe(descriptor);
  });

  it("has defaults for every option: its schema accepts {}", () => {
    expect(descriptor.options.safeParse({}).success).toBe(true);
  });

  it("has a description and a reference", () => {
    expect(descriptor.description.length).toBeGreaterThan(10);
    expect(descriptor.reference.length).toBeGreaterThan(0);
  });

  it("is exported: its factory, its options schema and its descriptor", () => {
    expect(exported.has(descriptor.create)).toBe(true);
    expect(exported.has(descriptor.options)).toBe(true);
    expect(exported.has(descriptor)).toBe(true);
  });

  it("has its own test file beside its source's path", () => {
    const source = files.get(name);
    expect(source, `no defineStep({ name: "${name}" }) in src/`).toBeDefined();
    const test = join("tests", relative("src", source!)).replace(/\.ts$/, ".test.ts");
    expect(existsSync(test), `${test} for ${source}`).toBe(true);
  });

  it("is in the README's step table", () => {
    expect(readme).toContain(`| \`${name}\` | \`${descriptor.create.name}()\``);
  });

  const options = REQUIRED[name]?.() ?? {};

  it("names its Stats row and its drop reasons after itself", async () => {
    const step = descriptor.create(options as never);
    expect(step.stepName).toBe(name);
  });

  it.runIf(descriptor.parallel)("gives the same documents and counters on a worker thread as on the main thread", async () => {
    const docs = await sample;
    const main = pipe(docs, descriptor.create(options as never));
    const onMain = await collect(main);
    const pooled = pipe(docs, parallelSteps([{ step: name, ...options }], { workers: 1 }));
    const onWorker = await collect(pooled);
    expect(onWorker).toEqual(onMain);
    expect(pooled.stats.get(name)!.counters).toEqual(main.stats.get(name)!.counters);
  });
});
