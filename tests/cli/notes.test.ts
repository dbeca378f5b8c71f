// The notes a finished run ends with when its result will surprise (run on the bundled sample).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fewKeptNote } from "../../src/cli/notes.js";
import { runCli, tempDir } from "../support.js";

describe("notes after a filter run", () => {
  it("a run that keeps nothing names the steps that dropped the most, and Chinese dropped by English-only rules names the flag", async () => {
    const out = await tempDir();
    const run = runCli("filter", "examples/data/web.jsonl.gz", "-o", join(out, "zh"), "--lang", "zh", "--gopher", "-q");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^note: kept 0 of 224 documents; language dropped \d+ \(language_not_wanted \d+/m);
    expect(run.stderr).toMatch(/^note: gopher_quality dropped \d+ of \d+ "zh" documents by rules written for English.*--english-only-word-rules/m);
    // with the flag the word rules skip Chinese: no such note, and no drop by mean word length
    const flagged = runCli(
      "filter",
      "examples/data/web.jsonl.gz",
      "-o",
      join(out, "flag"),
      "--lang",
      "zh",
      "--gopher",
      "-q",
      "--english-only-word-rules",
      "--json",
    );
    expect(flagged.stderr).not.toMatch(/rules written for English/);
    const gopher = JSON.parse(flagged.stdout).stats.steps.find((s: { name: string }) => s.name === "gopher_quality");
    expect(gopher.counters.total).toBeGreaterThan(0);
    expect(gopher.counters.dropped_gopher_below_avg_threshold).toBeUndefined();
  });

  it("fewKeptNote stays quiet when 1% or more is kept", () => {
    const step = (name: string, counters: Record<string, number>) => ({ name, seconds: 0, counters });
    const stats = (kept: number) => ({
      seconds: 0,
      steps: [
        step("read", { forwarded: 100 }),
        step("c4_quality", { total: 100, dropped: 100 - kept, dropped_c4_too_few_sentences: 100 - kept }),
        step("write_jsonl", { total: kept }),
      ],
    });
    expect(fewKeptNote(stats(1))).toBeUndefined();
    expect(fewKeptNote(stats(0))).toBe("kept 0 of 100 documents; c4_quality dropped 100 (c4_too_few_sentences 100)");
  });
});
