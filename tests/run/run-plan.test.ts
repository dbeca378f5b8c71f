import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planRun } from "../../src/run/run-plan.js";

describe("planRun with an output override (-o)", () => {
  it("moves the folders the config keeps under its output, and notes the ones elsewhere", async () => {
    const config = { input: "examples/data/web.jsonl.gz", output: "out/fineweb", rejected: "out/fineweb/rejected", work: "scratch/work" };
    const plan = await planRun(config, { output: "/tmp/elsewhere" });
    expect(plan.output).toBe("/tmp/elsewhere");
    expect(plan.rejected).toBe(join("/tmp/elsewhere", "rejected"));
    expect(plan.logs).toBe(join("/tmp/elsewhere", ".logs"));
    expect(plan.work).toBe("scratch/work");
    expect(plan.notes.some((n) => n.startsWith("work: scratch/work is outside the config's output out/fineweb"))).toBe(true);
  });

  it("leaves every path as the config gives it without -o", async () => {
    const plan = await planRun({ input: "examples/data/web.jsonl.gz", output: "out/fineweb", rejected: "out/fineweb/rejected" });
    expect(plan.rejected).toBe("out/fineweb/rejected");
    expect(plan.notes).toEqual([]);
  });
});
