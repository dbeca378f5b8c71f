// submitSlurm and waitForSlurm against a fake cluster (an injected command runner): the afterok
// chain from the job ids sbatch returns, resuming from completion markers, the split at
// MaxArraySize, and the failure path -- a failed task's dependents cancelled, the error naming the
// stage, the rank and the log to read. tests/run/cluster/slurm.test.ts runs the same on real Slurm.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CorpuskitError, OutputError } from "../../../src/errors.js";
import { submitSlurm, waitForSlurm, type CommandRunner } from "../../../src/run/cluster/slurm-submit.js";
import { tempDir } from "../../support.js";

interface Call {
  file: string;
  args: string[];
}

/** sbatch answers 100, 101, ...; squeue answers from the script, then nothing. */
function fakeCluster(squeue: string[][] = []): { runner: CommandRunner; calls: Call[]; submitted: () => { id: string; script: string; after: string }[] } {
  const calls: Call[] = [];
  let next = 100;
  const runner: CommandRunner = async (file, args) => {
    calls.push({ file, args: [...args] });
    if (file === "sbatch") return { stdout: `${next++};cluster\n`, stderr: "" };
    if (file === "squeue") return { stdout: (squeue.shift() ?? []).join("\n"), stderr: "" };
    return { stdout: "", stderr: "" };
  };
  const submitted = () =>
    calls
      .filter((c) => c.file === "sbatch")
      .map((c, k) => ({
        id: String(100 + k),
        script: c.args.at(-1)!,
        after: c.args.find((a) => a.startsWith("--dependency="))?.slice("--dependency=".length) ?? "",
      }));
  return { runner, calls, submitted };
}

const minhashStages = (tasks: number) => [
  { name: "process", tasks },
  { name: "minhash_buckets", tasks },
  { name: "minhash_clusters", tasks: 1 },
  { name: "finish", tasks },
];

async function plan(tasks = 4) {
  const output = join(await tempDir(), "out");
  return { output, logs: join(output, "logs"), tasks, stages: minhashStages(tasks) };
}

async function mark(logs: string, stage: string, ...ranks: number[]): Promise<void> {
  await mkdir(join(logs, "completions", stage), { recursive: true });
  for (const rank of ranks) await writeFile(join(logs, "completions", stage, String(rank).padStart(5, "0")), "{}");
}

const command = ["/usr/bin/node", "/opt/corpuskit/dist/cli/bin.js"];

describe("submitSlurm", () => {
  it("chains each stage afterok on the one before and merge-stats on the last, writing the scripts under <logs>/slurm", async () => {
    const run = await plan();
    const cluster = fakeCluster();
    const submission = await submitSlurm(run, "/data/c.yaml", { command, runner: cluster.runner });
    expect(cluster.submitted().map(({ id, script, after }) => [id, script.slice(run.logs.length + 1), after])).toEqual([
      ["100", "slurm/process.sbatch", ""],
      ["101", "slurm/minhash_buckets.sbatch", "afterok:100"],
      ["102", "slurm/minhash_clusters.sbatch", "afterok:101"],
      ["103", "slurm/finish.sbatch", "afterok:102"],
      ["104", "slurm/merge_stats.sbatch", "afterok:103"],
    ]);
    expect(cluster.calls.every((c) => c.args[0] === "--parsable")).toBe(true);
    expect(submission.stages.map((s) => s.jobs.map((j) => j.id))).toEqual([["100"], ["101"], ["102"], ["103"]]);
    expect(submission.merge?.id).toBe("104");
    const clusters = await readFile(join(run.logs, "slurm", "minhash_clusters.sbatch"), "utf8");
    expect(clusters).toContain("#SBATCH --array=0\n");
    expect(clusters).toContain("--world-size 4");
  });

  it("splits a stage at MaxArraySize and makes the next stage wait for every part", async () => {
    const run = await plan(5);
    const cluster = fakeCluster();
    await submitSlurm(run, "/data/c.yaml", { command, maxArraySize: 2, runner: cluster.runner });
    const jobs = cluster.submitted();
    expect(jobs.map((j) => j.script.slice(run.logs.length + 1))).toEqual([
      "slurm/process.0.sbatch",
      "slurm/process.1.sbatch",
      "slurm/process.2.sbatch",
      "slurm/minhash_buckets.0.sbatch",
      "slurm/minhash_buckets.1.sbatch",
      "slurm/minhash_buckets.2.sbatch",
      "slurm/minhash_clusters.sbatch",
      "slurm/finish.0.sbatch",
      "slurm/finish.1.sbatch",
      "slurm/finish.2.sbatch",
      "slurm/merge_stats.sbatch",
    ]);
    expect(jobs[3]!.after).toBe("afterok:100:101:102");
    expect(jobs[6]!.after).toBe("afterok:103:104:105");
    expect(jobs[7]!.after).toBe("afterok:106");
    expect(jobs[10]!.after).toBe("afterok:107:108:109");
    const last = await readFile(join(run.logs, "slurm", "process.2.sbatch"), "utf8");
    expect(last).toContain("#SBATCH --array=0\n");
    expect(last).toContain("export CORPUSKIT_RANK_OFFSET=4\n");
  });

  it("resumes: skips finished stages, submits only the unfinished ranks, chains over the skipped stage", async () => {
    const run = await plan();
    await mark(run.logs, "process", 0, 1, 2, 3);
    await mark(run.logs, "minhash_buckets", 0, 2);
    await mark(run.logs, "minhash_clusters", 0);
    const cluster = fakeCluster();
    const submission = await submitSlurm(run, "/data/c.yaml", { command, runner: cluster.runner });
    const jobs = cluster.submitted();
    expect(jobs.map((j) => [j.script.slice(run.logs.length + 1), j.after])).toEqual([
      ["slurm/minhash_buckets.sbatch", ""],
      ["slurm/finish.sbatch", "afterok:100"],
      ["slurm/merge_stats.sbatch", "afterok:101"],
    ]);
    expect(await readFile(join(run.logs, "slurm", "minhash_buckets.sbatch"), "utf8")).toContain("#SBATCH --array=1,3\n");
    expect(submission.stages.map((s) => [s.name, s.done, s.jobs.length])).toEqual([
      ["process", 4, 0],
      ["minhash_buckets", 2, 1],
      ["minhash_clusters", 1, 0],
      ["finish", 0, 1],
    ]);
  });

  it("submits nothing for a finished run that has its stats.json", async () => {
    const run = await plan(2);
    for (const stage of minhashStages(2)) await mark(run.logs, stage.name, ...Array.from({ length: stage.tasks }, (_, r) => r));
    await writeFile(join(run.output, "stats.json"), "{}");
    const cluster = fakeCluster();
    const submission = await submitSlurm(run, "/data/c.yaml", { command, runner: cluster.runner });
    expect(cluster.calls).toEqual([]);
    await waitForSlurm(submission, { runner: cluster.runner });
  });

  it("takes back what it submitted when a later sbatch fails", async () => {
    const run = await plan();
    const calls: Call[] = [];
    const runner: CommandRunner = async (file, args) => {
      calls.push({ file, args: [...args] });
      if (file === "sbatch" && calls.length === 3)
        throw new CorpuskitError("ERR_SLURM", "sbatch: error: Batch job submission failed: Invalid partition name specified");
      return { stdout: `${200 + calls.length}\n`, stderr: "" };
    };
    await expect(submitSlurm(run, "/data/c.yaml", { command, runner })).rejects.toThrow(/Invalid partition/);
    expect(calls.at(-1)).toEqual({ file: "scancel", args: ["201", "202"] });
  });

  it("says how to go on when sbatch is not installed", async () => {
    const run = await plan();
    const saved = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      await expect(submitSlurm(run, "/data/c.yaml", { command })).rejects.toThrow("sbatch not found: install Slurm or run locally with corpuskit run");
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe("waitForSlurm", () => {
  it("polls squeue until the jobs are gone, then finds every marker and a fresh stats.json", async () => {
    const run = await plan(2);
    const cluster = fakeCluster([["100_[0-1] PENDING None", "101 PENDING Dependency"], ["100_0 RUNNING None", "101 PENDING Dependency"], ["101 RUNNING None"]]);
    const submission = await submitSlurm({ ...run, stages: [{ name: "process", tasks: 2 }] }, "/data/c.yaml", { command, runner: cluster.runner });
    await mark(run.logs, "process", 0, 1);
    await writeFile(join(run.output, "stats.json"), "{}");
    const seen: string[][] = [];
    await waitForSlurm(submission, { runner: cluster.runner, pollSeconds: 0.01, onStatus: (lines) => seen.push(lines) });
    expect(seen).toHaveLength(3);
    expect(cluster.calls.filter((c) => c.file === "squeue")[0]!.args).toEqual(["-h", "-j", "100,101", "-o", "%i %T %r"]);
  });

  it("cancels the jobs after one whose dependency can never be met, and names the failed rank and its log", async () => {
    const run = await plan(4);
    const cluster = fakeCluster([
      ["100_[2-3] RUNNING None", "101 PENDING Dependency", "102 PENDING Dependency", "103 PENDING Dependency", "104 PENDING Dependency"],
      ["101 PENDING DependencyNeverSatisfied", "102 PENDING Dependency", "103 PENDING Dependency", "104 PENDING Dependency"],
    ]);
    const submission = await submitSlurm(run, "/data/c.yaml", { command, runner: cluster.runner });
    // rank 2 of process failed: no marker; the rest of the chain never ran
    await mark(run.logs, "process", 0, 1, 3);
    const error = await waitForSlurm(submission, { runner: cluster.runner, pollSeconds: 0.01 }).catch((e: unknown) => e);
    expect(cluster.calls.filter((c) => c.file === "scancel")).toEqual([{ file: "scancel", args: ["101", "102", "103", "104"] }]);
    expect(error).toBeInstanceOf(OutputError);
    const message = (error as Error).message;
    expect(message).toContain("stage process: 1 of 4 tasks left no completion marker, rank 2;");
    expect(message).toContain(`read ${join(run.logs, "slurm", "100_2.out")}`);
    expect(message).toContain("stage minhash_buckets did not run; stage minhash_clusters did not run; stage finish did not run");
  });

  it("does not trust a quiet queue: a task Slurm calls done without a marker is an error", async () => {
    const run = await plan(3);
    const cluster = fakeCluster();
    const submission = await submitSlurm({ ...run, stages: [{ name: "process", tasks: 3 }] }, "/data/c.yaml", {
      command,
      maxArraySize: 2,
      runner: cluster.runner,
    });
    await mark(run.logs, "process", 0, 1);
    // rank 2 is index 0 of the second array (job 101)
    await expect(waitForSlurm(submission, { runner: cluster.runner })).rejects.toThrow(`rank 2; read ${join(run.logs, "slurm", "101_0.out")}`);
  });

  it("reports a merge-stats job that wrote nothing", async () => {
    const run = await plan(1);
    const cluster = fakeCluster();
    const submission = await submitSlurm({ ...run, stages: [{ name: "process", tasks: 1 }] }, "/data/c.yaml", { command, runner: cluster.runner });
    await mark(run.logs, "process", 0);
    await expect(waitForSlurm(submission, { runner: cluster.runner })).rejects.toThrow(
      `merge-stats did not write ${join(run.output, "stats.json")}; read ${join(run.logs, "slurm", "merge_stats_101.out")}`,
    );
  });

  it("treats squeue's 'Invalid job id' (every job purged) as an empty queue", async () => {
    const run = await plan(1);
    const runner: CommandRunner = async (file) => {
      if (file === "squeue") throw new CorpuskitError("ERR_SLURM", "squeue -h -j 7 failed: slurm_load_jobs error: Invalid job id specified");
      return { stdout: "7\n", stderr: "" };
    };
    const submission = await submitSlurm({ ...run, stages: [{ name: "process", tasks: 1 }] }, "/data/c.yaml", { command, runner });
    await mark(run.logs, "process", 0);
    await writeFile(join(run.output, "stats.json"), "{}");
    await waitForSlurm(submission, { runner });
  });

  it("gives up after the timeout, saying the jobs go on", async () => {
    const run = await plan(1);
    const cluster = fakeCluster(Array.from({ length: 100 }, () => ["100 RUNNING None"]));
    const submission = await submitSlurm({ ...run, stages: [{ name: "process", tasks: 1 }] }, "/data/c.yaml", { command, runner: cluster.runner });
    await expect(waitForSlurm(submission, { runner: cluster.runner, pollSeconds: 0.01, timeoutSeconds: 0.05 })).rejects.toThrow(
      /still queued or running after 0.05 s/,
    );
  });
});
