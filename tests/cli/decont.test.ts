// corpuskit decont index, then a config whose decontaminate step loads the index: a planted
// benchmark item is dropped, a page on the same topic is kept.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAgainst } from "../../src/cli/decont.js";
import { readJsonl } from "../../src/index.js";
import { collect, runCli, tempDir } from "../support.js";

const ITEM = {
  question:
    "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?",
  answer: "Natalia sold 48/2 = 24 clips in May. Natalia sold 48+24 = 72 clips altogether in April and May. #### 72",
};

describe("corpuskit decont index", () => {
  it("builds the index a run's decontaminate step loads", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "bench.jsonl"), `${JSON.stringify(ITEM)}\n`);
    const index = join(dir, "decont.idx");
    const built = runCli("decont", "index", "--against", `mybench=${join(dir, "bench.jsonl")}:question+answer`, "-o", index, "--json");
    expect(built.code, built.stderr).toBe(0);
    expect((JSON.parse(built.stdout) as { ngrams: number }).ngrams).toBeGreaterThan(20);

    const docs = [
      { id: "copied", text: `Homework help. ${ITEM.question} Show your work below.` },
      { id: "topic", text: "Natalia runs a small stationery shop and sells paper clips to her friends every spring." },
    ];
    await writeFile(join(dir, "in.jsonl"), docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
    await writeFile(
      join(dir, "run.yaml"),
      `input: ${join(dir, "in.jsonl")}\nsteps:\n  - step: decontaminate\n    index: ${index}\noutput: ${join(dir, "out")}\n`,
    );
    const run = runCli("run", join(dir, "run.yaml"), "-q");
    expect(run.code, run.stderr).toBe(0);
    expect((await collect(readJsonl(join(dir, "out", "*.jsonl.gz")))).map((d) => d.id)).toEqual(["topic"]);
  });

  it("reads the three forms of --against", () => {
    expect(parseAgainst("gsm8k")).toBe("gsm8k");
    expect(parseAgainst("mmlu=data/mmlu/")).toEqual({ id: "mmlu", baseUrl: "data/mmlu/" });
    expect(parseAgainst("b=b.jsonl:q+a")).toEqual({ name: "b", path: "b.jsonl", fields: ["q", "a"] });
    expect(parseAgainst("b=b.parquet")).toEqual({ name: "b", path: "b.parquet" });
  });
});
