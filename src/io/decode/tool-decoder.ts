// A decoder that is a command-line tool (`xz -dc`, `zstd -dc --long=31`) run as a child process. It
// decodes on another core, as `xz -dc f | parser` does, and memory holds a pipe's worth either
// side, whatever the file's size.
// A local file is the tool's stdin itself (an open descriptor, no copy through this thread): fed
// through a pipe from here, the tool waited whenever this thread was busy parsing, and read() of
// Wikipedia text ran at 0.55-0.8x the speed of `zstd -dc FILE | parser`. Other sources (HTTP, S3,
// a zip member) are written to its stdin. For a local file the tool's progress through it is read
// from the shared file offset (/proc/self/fdinfo, Linux); elsewhere it counts at the end.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { CorpuskitError, InputError } from "../../errors.js";

/** A local file a tool may read itself: the bytes `chunks` would give, from the start. */
export interface LocalFile {
  path: string;
  /** Told how far into the file the tool has read, in bytes (for progress and the expansion limit). */
  onPosition: (bytes: number) => void;
}

export interface Tool {
  child: ChildProcessByStdio<Writable | null, Readable, Readable>;
  /** Our descriptor of the tool's stdin file, which shares its offset. */
  fd?: number;
}

/** The tool, started; undefined when it is not installed (or cannot run). */
export async function startTool(command: string, args: readonly string[], local?: LocalFile): Promise<Tool | undefined> {
  const fd = local ? openSync(local.path, "r") : undefined;
  const child = spawn(command, args, { stdio: [fd ?? "pipe", "pipe", "pipe"] }) as Tool["child"];
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    return fd === undefined ? { child } : { child, fd };
  } catch {
    if (fd !== undefined) closeSync(fd);
    return undefined;
  }
}

/**
 * The tool's output: of `chunks` written to its stdin, or of its stdin file (`local`). A non-zero
 * exit is an InputError whose text `failure` makes from the tool's last line on stderr; the tool is
 * killed when the consumer stops early.
 */
export async function* throughTool(
  tool: Tool,
  chunks: AsyncIterable<Buffer> | undefined,
  file: string,
  failure: (message: string) => string,
  local?: LocalFile,
): AsyncIterable<Buffer> {
  const { child, fd } = tool;
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr = (stderr + s).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  let inputError: unknown;
  const stdin = child.stdin;
  const feeding =
    stdin && chunks
      ? (async () => {
          stdin.on("error", () => {}); // EPIPE when the tool stops early: its exit code tells why
          try {
            for await (const chunk of chunks) {
              if (!stdin.write(chunk)) await new Promise((resolve) => stdin.once("drain", resolve));
              if (child.exitCode !== null) break;
            }
          } catch (error) {
            inputError = error;
          } finally {
            stdin.end();
          }
        })()
      : undefined;
  const position = fd !== undefined && local ? offsetReader(fd) : undefined;
  let finished = false;
  let n = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      // every 16 pieces of 64 KiB: a read of /proc per MiB of output
      if (position && ++n % 16 === 0) {
        const at = position();
        if (at !== undefined) local!.onPosition(at);
      }
      yield chunk;
    }
    await feeding;
    if (inputError) throw inputError;
    const code = await exited;
    finished = true;
    if (code !== 0) {
      const message = stderr.trim().split("\n").pop() || `exit code ${code}`;
      throw new InputError({ file }, failure(message));
    }
    // the tool read the whole file
    if (fd !== undefined && local) local.onPosition(fstatSync(fd).size);
  } catch (error) {
    if (error instanceof CorpuskitError) throw error;
    throw new InputError({ file }, failure((error as Error).message), { cause: error });
  } finally {
    if (!finished) child.kill();
    if (fd !== undefined) closeSync(fd);
  }
}

/** The offset of our descriptor `fd` (shared with the child reading it), or undefined where /proc is missing. */
function offsetReader(fd: number): () => number | undefined {
  let available = true;
  return () => {
    if (!available) return undefined;
    try {
      const match = /^pos:\s*(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "latin1"));
      return match ? Number(match[1]) : undefined;
    } catch {
      available = false;
      return undefined;
    }
  };
}
