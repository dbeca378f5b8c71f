// A decoder that is a command-line tool (`xz -dc`, `zstd -dc --long=31`) run as a child process:
// the compressed bytes go to its stdin from whatever source they come from (disk, HTTP, a zip
// member), its stdout comes back chunk by chunk. It decodes on another core, as `xz -dc f | parser`
// does, and memory holds a pipe's worth either side, whatever the file's size.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { CorpuskitError, InputError } from "../../errors.js";

/** The tool, started; undefined when it is not installed (or cannot run). */
export async function startTool(command: string, args: readonly string[]): Promise<ChildProcessWithoutNullStreams | undefined> {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    return child;
  } catch {
    return undefined;
  }
}

/**
 * The tool's output for `chunks`. A non-zero exit is an InputError whose text `failure` makes from
 * the tool's last line on stderr; the tool is killed when the consumer stops early.
 */
export async function* throughTool(
  child: ChildProcessWithoutNullStreams,
  chunks: AsyncIterable<Buffer>,
  file: string,
  failure: (message: string) => string,
): AsyncIterable<Buffer> {
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr = (stderr + s).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  let inputError: unknown;
  const feeding = (async () => {
    try {
      for await (const chunk of chunks) {
        if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once("drain", resolve));
        if (child.exitCode !== null) break;
      }
    } catch (error) {
      inputError = error;
    } finally {
      child.stdin.end();
    }
  })();
  child.stdin.on("error", () => {}); // EPIPE when the tool stops early: its exit code tells why
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) yield chunk;
    await feeding;
    if (inputError) throw inputError;
    const code = await exited;
    finished = true;
    if (code !== 0) {
      const message = stderr.trim().split("\n").pop() || `exit code ${code}`;
      throw new InputError({ file }, failure(message));
    }
  } catch (error) {
    if (error instanceof CorpuskitError) throw error;
    throw new InputError({ file }, failure((error as Error).message), { cause: error });
  } finally {
    if (!finished) child.kill();
  }
}
