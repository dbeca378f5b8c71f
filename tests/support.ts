// What several test files need: temporary folders and draining a source into an array.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
