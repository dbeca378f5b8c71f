// What several test files need: temporary folders and draining a source into an array.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach } from "vitest";
import { sink, type Doc, type Sink } from "../src/index.js";

const made: string[] = [];

/** A fresh folder, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "corpuskit-test-"));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  while (made.length > 0) await rm(made.pop()!, { recursive: true, force: true });
});

export async function collect<T = Doc>(source: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

export const FIXTURES = "tests/fixtures";

/** The CLI as a user meets it: a child process, its exit code, stdout and stderr. */
export function runCli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A sink that keeps what it is given, e.g. for a step's `rejected` output. */
export function collector(): { docs: Doc[]; sink: Sink<void> } {
  const docs: Doc[] = [];
  return {
    docs,
    sink: sink("collect", async (stream: AsyncIterable<Doc>) => {
      for await (const d of stream) docs.push(d);
    }),
  };
}

// A full collection before each timing, so that no run pays for the garbage of the runs before it
// (V8's gc(), reachable without --expose-gc through a new context once the flag is set).
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/**
 * How fast the time of `run(size)` grows with the size: the exponent k of time ~ size^k between
 * `size` and `factor` times it, from the least of `repeats` timings at each end (the two alternated,
 * so a change in the machine's load falls on both). Load slows both ends alike and cancels out, so
 * this can be asserted where a number of seconds cannot: linear code gives about 1 (less where a
 * fixed cost dominates), quadratic 2. A wide span, not one doubling: the time per character of
 * linear code steps up at sizes where V8 and the processor's caches change regime (here one
 * doubling, 4,096 to 8,192 commas through splitWords, took 7.7 times as long), and a step counts
 * for less the more doublings it is spread over. A run too quick to time well is looped, the same
 * number of times at both ends, to last `minMs` at the small one.
 *
 * On a machine loaded far past its cores (CI beside other jobs: load 14 on 2 cores), a process can
 * lose the processor through every timing of one end, and one measurement then reads 1.6-2.0 for
 * code that reads 1.0-1.25 alone (seen in CI for the JSON-array scan and spaCy's rules). So an
 * exponent above `settled` is measured again, up to `attempts` times, and the least is kept: load
 * only ever adds time, and code that is really quadratic reads about 2 on every attempt.
 */
export async function timeExponent(
  run: (size: number) => unknown,
  size: number,
  { factor = 64, repeats = 3, minMs = 2, attempts = 3, settled = 1.4 } = {},
): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < attempts && best >= settled; attempt++) best = Math.min(best, await measureExponent(run, size, factor, repeats, minMs));
  return best;
}

async function measureExponent(run: (size: number) => unknown, size: number, factor: number, repeats: number, minMs: number): Promise<number> {
  const timed = async (n: number, loops: number) => {
    collectGarbage();
    const started = performance.now();
    for (let i = 0; i < loops; i++) await run(n);
    return performance.now() - started;
  };
  let loops = 1;
  while ((await timed(size, loops)) < minMs) loops *= 2; // also compiles and warms the code
  let small = Number.POSITIVE_INFINITY;
  let large = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    small = Math.min(small, await timed(size, loops));
    large = Math.min(large, await timed(size * factor, loops));
    if (large > small * factor ** 2) break; // quadratic already: more rounds would only take long
  }
  return Math.log(large / small) / Math.log(factor);
}
