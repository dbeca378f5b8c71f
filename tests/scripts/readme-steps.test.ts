// The README's step table is the one the descriptors give (scripts/readme-steps.ts).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BEGIN, stepTable, withStepTable } from "../../scripts/readme-steps.js";
import { STEP_DESCRIPTORS } from "../../src/run/steps.js";

describe("README step table", () => {
  const readme = readFileSync("README.md", "utf8");

  it("is up to date with the step descriptors (run `npx tsx scripts/readme-steps.ts` when this fails)", () => {
    expect(withStepTable(readme)).toBe(readme);
  });

  it("has a row per step, naming its factory", () => {
    const table = stepTable();
    for (const d of STEP_DESCRIPTORS) expect(table).toContain(`| \`${d.name}\` | \`${d.create.name}()\``);
    expect(readme).toContain(BEGIN);
  });

  it("is found stale when a description changes", () => {
    const stale = readme.replace(STEP_DESCRIPTORS[0].description, "something else");
    expect(withStepTable(stale)).not.toBe(stale);
  });
});
