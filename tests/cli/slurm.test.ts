// corpuskit slurm submit --dry-run and corpuskit k8s manifest from the command line; submitting for
// real is tests/run/cluster/slurm.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { queueSummary } from "../../src/cli/slurm.js";
import type { SlurmSubmission } from "../../src/run/cluster/slurm-submit.js";
import { runCli, tempDir } from "../support.js";

async function minhashConfig(): Promise<{ dir: string; config: string }> {
  const dir = await tempDir();
  const config = join(dir, "pipeline.yaml");
  await writeFile(
    config,
    ["input: examples/data/web.jsonl.gz", "steps:", "  - step: normalize", "  - step: minhash_dedup", `output: ${JSON.stringify(join(dir, "out"))}`, ""].join(
      "\n",
    ),
  );
  return { dir, config };
}

describe("corpuskit slurm submit", () => {
  it("--dry-run prints every script and the chained sbatch commands, and writes nothing", async () => {
    const { dir, config } = await minhashConfig();
    const run = runCli("slurm", "submit", config, "--tasks", "3", "--partition", "cpu", "--sbatch-arg", "--account=lm", "--dry-run");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const scripts = run.stdout.match(/^# ==> .+ <==$/gm)!.map((line) => line.slice(6, -4));
    expect(scripts.map((path) => path.slice(join(dir, "out").length + 1))).toEqual([
      ".logs/slurm/process.sbatch",
      ".logs/slurm/minhash_buckets.sbatch",
      ".logs/slurm/minhash_clusters.sbatch",
      ".logs/slurm/finish.sbatch",
      ".logs/slurm/merge_stats.sbatch",
    ]);
    expect(run.stdout).toContain("#SBATCH --partition=cpu\n#SBATCH --account=lm\n");
    expect(run.stdout).toContain("minhash_buckets=$(sbatch --parsable --dependency=afterok:$process ");
    expect(run.stdout).toMatch(/^sbatch --parsable --dependency=afterok:\$finish .+merge_stats\.sbatch$/m);
    // the tasks call this very CLI by absolute paths: node, tsx's loader, src/cli/bin.ts
    expect(run.stdout).toContain(
      `exec ${process.execPath} --import tsx ${join(process.cwd(), "src", "cli", "bin.ts")} run ${config} --stage process --rank "$rank" --world-size 3`,
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("without Slurm installed says so and how to run without it", async () => {
    const { config } = await minhashConfig();
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "slurm", "submit", config], {
      encoding: "utf8",
      env: { ...process.env, PATH: "/nonexistent" },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("sbatch not found: install Slurm or run locally with corpuskit run");
  });
});

describe("corpuskit k8s manifest", () => {
  it("prints one Indexed Job per stage and merge-stats, with the config path the pods see", async () => {
    const { config } = await minhashConfig();
    const run = runCli(
      "k8s",
      "manifest",
      config,
      "--tasks",
      "6",
      "--image",
      "ghcr.io/acme/corpuskit:1",
      "--config-path",
      "/data/pipeline.yaml",
      "--claim",
      "corpora",
      "--parallelism",
      "3",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const jobs = (
      parseAllDocuments(run.stdout) as {
        toJS(): { metadata: { name: string }; spec: { completions: number; parallelism: number; template: { spec: { containers: { args: string[] }[] } } } };
      }[]
    ).map((d) => d.toJS());
    expect(jobs.map((j) => [j.metadata.name, j.spec.completions, j.spec.parallelism])).toEqual([
      ["corpuskit-process", 6, 3],
      ["corpuskit-minhash-buckets", 6, 3],
      ["corpuskit-minhash-clusters", 1, 1],
      ["corpuskit-finish", 6, 3],
      ["corpuskit-merge-stats", 1, 1],
    ]);
    expect(jobs[0]!.spec.template.spec.containers[0]!.args.slice(0, 8)).toEqual([
      "run",
      "/data/pipeline.yaml",
      "--stage",
      "process",
      "--rank",
      "$(JOB_COMPLETION_INDEX)",
      "--world-size",
      "6",
    ]);
  });

  it("requires the image", async () => {
    const { config } = await minhashConfig();
    const run = runCli("k8s", "manifest", config);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--image");
  });
});

describe("queueSummary", () => {
  it("counts squeue's tasks per stage and state, arrays and throttles included", () => {
    const job = (id: string) => ({ stage: "", path: "", script: "", id });
    const submission = {
      run: { output: "/o", logs: "/o/.logs", tasks: 4, stages: [] },
      stages: [
        { name: "process", tasks: 4, done: 0, jobs: [job("38")] },
        { name: "finish", tasks: 4, done: 0, jobs: [job("39")] },
      ],
      merge: job("40"),
      submittedAt: 0,
    } as SlurmSubmission;
    const lines = [
      "38_[2-3,5%2] PENDING Resources",
      "38_0 RUNNING None",
      "38_1 RUNNING None",
      "39_[0-3] PENDING Dependency",
      "40 PENDING Dependency",
      "41 RUNNING None",
    ];
    expect(queueSummary(submission, lines)).toBe(
      "process 3 PENDING (Resources), 2 RUNNING; finish 4 PENDING (Dependency); merge-stats 1 PENDING (Dependency); job 41 1 RUNNING",
    );
  });
});
