// On a real Slurm cluster (scripts/slurm-up.sh brings one up on this machine): submission, the
// afterok chain, a failing or cancelled task's dependents cancelled, resuming from the markers, and a full
// corpuskit pipeline with MinHash dedup giving byte for byte the output of a local run.
// Runs when `sinfo` is on PATH and SLURM_CONF is set; with CORPUSKIT_REQUIRE_SLURM=1 it must run,
// and fails instead of skipping when Slurm is missing.
import { spawnSync } from "node:child_process";
import { chmod, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputError } from "../../../src/errors.js";
import { submitSlurm, waitForSlurm, type SlurmSubmitOptionsInput } from "../../../src/run/cluster/slurm-submit.js";
import { runCli, tempDir } from "../../support.js";

const hasSinfo = spawnSync("sinfo", ["--version"], { encoding: "utf8" }).status === 0;
const available = hasSinfo && Boolean(process.env.SLURM_CONF);
const required = process.env.CORPUSKIT_REQUIRE_SLURM === "1";
const why = "no Slurm: run `bash scripts/slurm-up.sh` as root and export the SLURM_CONF it prints";
const slurmIt = available || required ? it : it.skip;
const title = (name: string) => (available || required ? name : `${name} (skipped: ${why})`);

/** Fails with the reason when Slurm was required but is not there or does not answer. */
function expectCluster(): void {
  expect(available, `CORPUSKIT_REQUIRE_SLURM=1 but ${why}`).toBe(true);
  const sinfo = spawnSync("sinfo", ["-h", "-o", "%t"], { encoding: "utf8" });
  expect(sinfo.status, `sinfo failed (${sinfo.stderr.trim()}); is the cluster up? bash scripts/slurm-up.sh`).toBe(0);
  expect(sinfo.stdout.trim(), "the Slurm node is not usable (state from sinfo)").toMatch(/^(idle|mix|alloc)/);
}

/**
 * A stand-in for `corpuskit run`/`merge-stats` that only writes the marker (or stats.json), exits 3
 * for the stage/rank in FAKE_FAIL and sleeps for the one in FAKE_HANG (to be cancelled): the
 * scheduling logic on real Slurm in a few seconds.
 */
async function fakeCorpuskit(dir: string, logs: string, output: string): Promise<string> {
  const path = join(dir, "fake-corpuskit.sh");
  await writeFile(
    path,
    [
      "#!/bin/bash",
      "set -eu",
      `if [ "$1" = merge-stats ]; then mkdir -p "${output}"; echo "{}" > "${output}/stats.json"; exit 0; fi`,
      'stage="$4" rank="$6"',
      'echo "fake task $stage $rank of $8"',
      'if [ "$stage/$rank" = "${FAKE_FAIL:-}" ]; then echo "failing on purpose" >&2; exit 3; fi',
      'if [ "$stage/$rank" = "${FAKE_HANG:-}" ]; then echo "hanging on purpose"; sleep 600; fi',
      `mkdir -p "${logs}/completions/$stage"`,
      `echo "{}" > "${logs}/completions/$stage/$(printf %05d "$rank")"`,
      "",
    ].join("\n"),
  );
  await chmod(path, 0o755);
  return path;
}

const stages = (tasks: number) => [
  { name: "process", tasks },
  { name: "minhash_buckets", tasks },
  { name: "minhash_clusters", tasks: 1 },
  { name: "finish", tasks },
];

/** Per stage of a submission: its name, the ranks already done, and the --array of each job. */
const arrays = (submission: Awaited<ReturnType<typeof submitSlurm>>) =>
  submission.stages.map((s) => [s.name, s.done, s.jobs.map((j) => /--array=(\S+)/.exec(j.script)?.[1])]);

/** What a resubmission must run when one process rank of 4 is missing: that rank, then every later stage. */
const onlyRankLeft = (rank: string) => [
  ["process", 3, [rank]],
  ["minhash_buckets", 0, ["0-3"]],
  ["minhash_clusters", 0, ["0"]],
  ["finish", 0, ["0-3"]],
];

/** A 4-task, 4-stage run plan in a new folder, with the stand-in command: for the scheduling tests. */
async function fakeRun() {
  expectCluster();
  const dir = await tempDir();
  const output = join(dir, "out");
  const plan = { output, logs: join(output, "logs"), tasks: 4, stages: stages(4) };
  return { dir, plan, fake: await fakeCorpuskit(dir, plan.logs, plan.output) };
}

describe("on real Slurm", () => {
  slurmIt(
    title("a failed task cancels the stages after it, the error names it, and a resubmission finishes only what is left"),
    async () => {
      const { dir, plan, fake } = await fakeRun();
      const options: SlurmSubmitOptionsInput = { command: [fake], env: { FAKE_FAIL: "process/2" } };

      const started = performance.now();
      const failed = await submitSlurm(plan, join(dir, "c.yaml"), options);
      const error = await waitForSlurm(failed, { pollSeconds: 0.5, timeoutSeconds: 120 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutputError);
      const processJob = failed.stages[0]!.jobs[0]!.id!;
      const log = join(plan.logs, "slurm", `${processJob}_2.out`);
      expect((error as Error).message).toContain(`stage process: 1 of 4 tasks left no completion marker, rank 2; read ${log}`);
      expect((error as Error).message).toContain("stage minhash_buckets did not run");
      expect(await readFile(log, "utf8")).toContain("failing on purpose");
      expect(await readdir(join(plan.logs, "completions"))).toEqual(["process"]);
      const failedAfter = performance.now();

      const resumed = await submitSlurm(plan, join(dir, "c.yaml"), { ...options, env: {} });
      expect(arrays(resumed)).toEqual(onlyRankLeft("2"));
      await waitForSlurm(resumed, { pollSeconds: 0.5, timeoutSeconds: 120 });
      expect(JSON.parse(await readFile(join(plan.output, "stats.json"), "utf8"))).toEqual({});
      console.info(
        `slurm fake chain: failure detected in ${((failedAfter - started) / 1000).toFixed(1)} s, resumed run done in ${((performance.now() - failedAfter) / 1000).toFixed(1)} s`,
      );
    },
    300_000,
  );

  slurmIt(
    title("a task cancelled while it runs (scancel) is reported as missing, the stages after it are cancelled, and a resubmission finishes it"),
    async () => {
      const { dir, plan, fake } = await fakeRun();
      const submitted = await submitSlurm(plan, join(dir, "c.yaml"), { command: [fake], env: { FAKE_HANG: "process/1" } });
      const processJob = submitted.stages[0]!.jobs[0]!.id!;
      // wait for the task to be running (its log says so), then cancel it as an operator would
      const log = join(plan.logs, "slurm", `${processJob}_1.out`);
      const deadline = Date.now() + 120_000;
      while (!(await readFile(log, "utf8").catch(() => "")).includes("hanging on purpose")) {
        expect(Date.now() < deadline, `task ${processJob}_1 did not start within 120 s`).toBe(true);
        await new Promise((done) => setTimeout(done, 250));
      }
      const scancel = spawnSync("scancel", [`${processJob}_1`], { encoding: "utf8" });
      expect(scancel.status, scancel.stderr).toBe(0);

      const error = await waitForSlurm(submitted, { pollSeconds: 0.5, timeoutSeconds: 120 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutputError);
      expect((error as Error).message).toContain(`stage process: 1 of 4 tasks left no completion marker, rank 1; read ${log}`);
      expect((error as Error).message).toContain("stage minhash_buckets did not run");
      expect(await readdir(join(plan.logs, "completions"))).toEqual(["process"]);
      expect((await readdir(join(plan.logs, "completions", "process"))).sort()).toEqual(["00000", "00002", "00003"]);

      const resumed = await submitSlurm(plan, join(dir, "c.yaml"), { command: [fake], env: {} });
      expect(arrays(resumed)).toEqual(onlyRankLeft("1"));
      await waitForSlurm(resumed, { pollSeconds: 0.5, timeoutSeconds: 120 });
      expect(JSON.parse(await readFile(join(plan.output, "stats.json"), "utf8"))).toEqual({});
    },
    300_000,
  );

  slurmIt(
    title("corpuskit slurm submit --tasks 4 --wait writes what a local run writes, byte for byte"),
    async () => {
      expectCluster();
      const dir = await tempDir();
      const data = resolve("examples/data");
      const config = join(dir, "pipeline.yaml");
      await writeFile(
        config,
        [
          "input:",
          `  paths: ${JSON.stringify(`${data}/*.{jsonl.gz,jsonl.zst,wet.gz,warc.gz,parquet}`)}`,
          "steps:",
          "  - step: normalize",
          "  - step: language",
          "    languages: [en]",
          "    threshold: 0.65",
          "  - step: gopher_repetition",
          "  - step: gopher_quality",
          "  - step: minhash_dedup",
          "output:",
          `  dir: ${JSON.stringify(join(dir, "default-out"))}`,
          "  compression: none",
          "",
        ].join("\n"),
      );
      const local = join(dir, "local");
      const slurm = join(dir, "slurm");

      let t = performance.now();
      const runLocal = runCli("run", config, "--output", local, "--quiet");
      expect(runLocal.stderr).toBe("");
      expect(runLocal.code).toBe(0);
      const localSeconds = (performance.now() - t) / 1000;

      // The tasks run the CLI as this submission was run: `node --import tsx src/cli/bin.ts`, by
      // absolute paths (the default command). Always the current sources, and no build to go stale.
      t = performance.now();
      const submit = runCli("slurm", "submit", config, "--tasks", "4", "--output", slurm, "--wait", "--poll", "0.5");
      expect(
        submit.stderr
          .split("\n")
          .filter((l) => l && !l.startsWith("slurm: "))
          .join("\n"),
      ).toBe("");
      expect(submit.code).toBe(0);
      const slurmSeconds = (performance.now() - t) / 1000;
      expect(submit.stdout).toMatch(/^process: job \d+ \(--array=0-3\)$/m);
      expect(submit.stdout).toMatch(/^minhash_clusters: job \d+ \(--array=0\) after \d+$/m);

      const ours = await outputBytes(local);
      expect(ours.length).toBeGreaterThan(0);
      expect((await outputBytes(slurm)).equals(ours)).toBe(true);
      for (const stage of stages(4)) {
        const markers = await readdir(join(slurm, ".logs", "completions", stage.name));
        expect(markers.sort()).toEqual(Array.from({ length: stage.tasks }, (_, r) => String(r).padStart(5, "0")));
      }
      const statsFile = /^done: .*; stats: (.+)$/m.exec(submit.stdout)?.[1];
      expect(statsFile).toBe(join(slurm, "stats.json"));
      expect((await stat(statsFile!)).size).toBeGreaterThan(0);
      console.info(`slurm pipeline: local 1 task ${localSeconds.toFixed(1)} s, slurm 4 tasks x 4 stages ${slurmSeconds.toFixed(1)} s`);

      // a second submission finds every marker: nothing to run, nothing submitted
      const again = runCli("slurm", "submit", config, "--tasks", "4", "--output", slurm);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("process: all 4 tasks done, skipped");
      expect(again.stdout).not.toContain("merge-stats: job");
    },
    600_000,
  );

  slurmIt(
    title("exact_dedup and line_dedup across 3 Slurm tasks: their merge stages run as arrays, and the output is a local 1-task run's"),
    async () => {
      expectCluster();
      const dir = await tempDir();
      const data = resolve("examples/data");
      const config = join(dir, "dedup.yaml");
      // books first and licenses.csv last: their planted licence copies are read by different tasks
      await writeFile(
        config,
        [
          "input:",
          `  - ${JSON.stringify(join(data, "books.jsonl.zst"))}`,
          `  - ${JSON.stringify(join(data, "web.jsonl.gz"))}`,
          `  - ${JSON.stringify(join(data, "licenses.csv"))}`,
          "steps:",
          "  - step: exact_dedup",
          "  - step: line_dedup",
          "    minLineLength: 10",
          "  - step: gopher_repetition",
          "output:",
          `  dir: ${JSON.stringify(join(dir, "default-out"))}`,
          "  compression: none",
          "",
        ].join("\n"),
      );
      const local = join(dir, "local");
      const slurm = join(dir, "slurm");
      const runLocal = runCli("run", config, "--output", local, "--quiet");
      expect(runLocal.code).toBe(0);
      const submit = runCli("slurm", "submit", config, "--tasks", "3", "--output", slurm, "--wait", "--poll", "0.5");
      expect(submit.code, submit.stderr).toBe(0);
      expect(submit.stdout).toMatch(/^exact_merge: job \d+ \(--array=0-2\) after \d+$/m);
      expect(submit.stdout).toMatch(/^line_merge: job \d+ \(--array=0-2\) after \d+$/m);
      const ours = await outputBytes(local);
      expect(ours.length).toBeGreaterThan(0);
      expect((await outputBytes(slurm)).equals(ours)).toBe(true);
      for (const stage of ["process", "exact_merge", "after_exact_dedup", "line_merge", "finish"]) {
        expect((await readdir(join(slurm, ".logs", "completions", stage))).sort()).toEqual(["00000", "00001", "00002"]);
      }
      const merged = JSON.parse(await readFile(join(slurm, "stats.json"), "utf8")) as { steps: { name: string; counters: Record<string, number> }[] };
      // the licence copies of licenses.csv, read by task 2, went: their first copies are in books, read by task 0
      expect(merged.steps.find((s) => s.name === "exact_dedup")?.counters.dropped_exact_duplicate).toBeGreaterThanOrEqual(7);
    },
    600_000,
  );
});

/** Every output file under `dir` but the logs, the work files, rejected/, stats.json and the folder's record, concatenated in name order. */
async function outputBytes(dir: string): Promise<Buffer> {
  const files: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      const name = relative(dir, path);
      if ([".logs", ".work", "logs", "work", "rejected", "stats.json", ".corpuskit-output.json"].includes(name)) continue;
      if (entry.isDirectory()) await walk(path);
      else files.push(name);
    }
  };
  await walk(dir);
  files.sort();
  return Buffer.concat(await Promise.all(files.map((name) => readFile(join(dir, name)))));
}
