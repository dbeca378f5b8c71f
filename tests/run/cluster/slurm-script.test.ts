// The sbatch scripts as text: directives, the rank arithmetic, quoting, and the split of large stages
// at MaxArraySize. No Slurm needed; tests/run/cluster/slurm.test.ts submits them for real.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { packageRoot } from "../../../src/runtime/package-root.js";
import { arrayParts, arraySpec, runningCorpuskit, shellQuote, slurmMergeScript, slurmStageScript } from "../../../src/run/cluster/slurm-script.js";

const run = { output: "/data/out", logs: "/data/out/logs", tasks: 4, stages: [{ name: "process", tasks: 4 }] };
const node = ["/usr/bin/node", "/opt/corpuskit/dist/cli/bin.js"];
const directives = (script: string) =>
  script
    .split("\n")
    .filter((l) => l.startsWith("#SBATCH "))
    .map((l) => l.slice(8));

describe("slurmStageScript", () => {
  it("runs one rank per array task, with the run's world size and the log under <logs>/slurm", () => {
    const script = slurmStageScript(
      run,
      "/data/fineweb.yaml",
      { stage: "process", tasks: 4, offset: 0, indices: [0, 1, 2, 3] },
      { command: node, chdir: "/data" },
    );
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
    expect(directives(script)).toEqual([
      "--job-name=corpuskit-process",
      "--array=0-3",
      "--output=/data/out/logs/slurm/%A_%a.out",
      "--chdir=/data",
      "--cpus-per-task=1",
    ]);
    expect(script).toContain("set -euo pipefail\nexport CORPUSKIT_RANK_OFFSET=0\nrank=$((SLURM_ARRAY_TASK_ID + CORPUSKIT_RANK_OFFSET))\n");
    expect(script.trimEnd().split("\n").at(-1)).toBe(
      'exec /usr/bin/node /opt/corpuskit/dist/cli/bin.js run /data/fineweb.yaml --stage process --rank "$rank" --world-size 4 --workers 1',
    );
  });

  it("puts every option in a directive before the first command, where sbatch reads them", () => {
    const script = slurmStageScript(
      run,
      "/c.yaml",
      { stage: "process", tasks: 4, offset: 0, indices: [0, 1, 2, 3] },
      { command: node, partition: "cpu", cpusPerTask: 8, mem: "16G", time: "4:00:00", sbatchArgs: ["--account=lm", "--comment=two words"], maxParallel: 2 },
    );
    const found = directives(script);
    expect(found).toEqual(
      expect.arrayContaining(["--array=0-3%2", "--partition=cpu", "--cpus-per-task=8", "--mem=16G", "--time=4:00:00", "--account=lm", '"--comment=two words"']),
    );
    const lines = script.split("\n");
    const firstCommand = lines.findIndex((l) => l !== "" && !l.startsWith("#"));
    expect(lines.findLastIndex((l) => l.startsWith("#SBATCH"))).toBeLessThan(firstCommand);
    expect(script).toContain("--workers 8");
  });

  it("quotes paths and environment values for bash, and passes an overridden output to every task", () => {
    const script = slurmStageScript(
      run,
      "/my data/c.yaml",
      { stage: "finish", tasks: 4, offset: 0, indices: [2] },
      { command: ["/usr/bin/node", "/a b/bin.js"], env: { NOTE: "it's" }, output: "/scratch/run 2" },
    );
    expect(script).toContain("export NOTE='it'\\''s'\n");
    expect(script).toContain(
      "exec /usr/bin/node '/a b/bin.js' run '/my data/c.yaml' --stage finish --rank \"$rank\" --world-size 4 --output '/scratch/run 2' --workers 1",
    );
    expect(directives(script)).toContain("--array=2");
  });

  it("takes a command given as shell text as it is", () => {
    const script = slurmStageScript(run, "/c.yaml", { stage: "process", tasks: 4, offset: 0, indices: [0] }, { command: "srun corpuskit" });
    expect(script).toContain("exec srun corpuskit run /c.yaml");
  });

  it("refuses options outside the schema, naming them", () => {
    expect(() => slurmStageScript(run, "/c.yaml", { stage: "process", tasks: 4, offset: 0, indices: [0] }, { cpus: 2 } as never)).toThrow(ConfigError);
    expect(() => slurmStageScript(run, "/c.yaml", { stage: "process", tasks: 4, offset: 0, indices: [0] }, { cpusPerTask: 0 })).toThrow(/cpusPerTask/);
  });
});

describe("arrayParts", () => {
  it("splits a stage larger than MaxArraySize into arrays 0..max-1 with a rank offset each", () => {
    const parts = arrayParts("process", 2500, new Set(), 1001);
    expect(parts.map((p) => [p.offset, p.indices.length, p.indices[0], p.indices.at(-1)])).toEqual([
      [0, 1001, 0, 1000],
      [1001, 1001, 0, 1000],
      [2002, 498, 0, 497],
    ]);
    const script = slurmStageScript({ ...run, tasks: 2500 }, "/c.yaml", parts[2]!, { command: node });
    expect(directives(script)).toContain("--array=0-497");
    expect(script).toContain("export CORPUSKIT_RANK_OFFSET=2002\n");
    expect(script).toContain("--world-size 2500");
  });

  it("leaves out finished ranks, and whole parts that are finished", () => {
    const done = new Set([0, 2, 4, ...Array.from({ length: 10 }, (_, i) => 10 + i)]);
    const parts = arrayParts("finish", 25, done, 10);
    expect(parts.map((p) => [p.offset, arraySpec(p.indices)])).toEqual([
      [0, "1,3,5-9"],
      [20, "0-4"],
    ]);
  });

  it("a stage of exactly MaxArraySize tasks is one array", () => {
    expect(arrayParts("process", 1001, new Set(), 1001)).toHaveLength(1);
  });
});

describe("arraySpec and shellQuote", () => {
  it("collapses runs of indices", () => {
    expect(arraySpec([0, 1, 2, 3, 5, 7, 8])).toBe("0-3,5,7-8");
    expect(arraySpec([4])).toBe("4");
  });

  it("quotes only what bash would split or expand", () => {
    expect(shellQuote("/usr/bin/node")).toBe("/usr/bin/node");
    expect(shellQuote("--import=tsx")).toBe("--import=tsx");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("$HOME")).toBe("'$HOME'");
    expect(shellQuote("")).toBe("''");
  });
});

describe("slurmMergeScript", () => {
  it("is one 1-CPU job running merge-stats on the output", () => {
    const script = slurmMergeScript(run, { command: node, cpusPerTask: 16, mem: "64G", partition: "cpu" });
    expect(directives(script)).toEqual([
      "--job-name=corpuskit-merge-stats",
      "--output=/data/out/logs/slurm/merge_stats_%j.out",
      `--chdir=${process.cwd()}`,
      "--cpus-per-task=1",
      "--partition=cpu",
    ]);
    expect(script.trimEnd().split("\n").at(-1)).toBe("exec /usr/bin/node /opt/corpuskit/dist/cli/bin.js merge-stats /data/out/logs");
  });
});

describe("runningCorpuskit", () => {
  it("is the package's built bin when the running script is not corpuskit's (here: vitest)", () => {
    expect(runningCorpuskit()).toEqual([process.execPath, join(packageRoot(), "dist", "cli", "bin.js")]);
  });
});
