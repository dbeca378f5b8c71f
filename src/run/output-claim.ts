// An output folder belongs to the command that wrote it. The first command to write there leaves a
// record (OUTPUT_RECORD: the command and a fingerprint of what decides its output); a later command,
// or the same command with other inputs or options, is refused, so that two runs' shards, rejected
// documents and stats never mix and nothing is overwritten silently. `overwrite` clears the folder
// first. The same command with the same settings again: `run` resumes (its logs say which tasks are
// done), the others start over on a cleared folder. A folder that holds files but no record (not
// written by corpuskit, or by a version before the record) is refused too, unless `overwrite`.
// And a command never reads its own output: an input inside the output folder is an error, and an
// output folder inside an input directory is passed over by the reader (ownFolders -> `exclude`).
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { resolve, sep } from "node:path";
import { OutputError, UsageError } from "../errors.js";
import { OUTPUT_RECORD, staticBase } from "../io/sources/expand.js";
import { ensureFolder, listNames, readTextIfExists, removeNames, writeTextAtomic } from "../io/storage.js";
import { hasUrlScheme, joinLocation } from "../locations.js";

export { OUTPUT_RECORD };

export interface OutputRecord {
  /** The command that wrote the folder: `filter`, `demo`, `run`, `dedup minhash`... */
  command: string;
  /** Hash of the inputs and options that decide the output. */
  fingerprint: string;
  /** When the first write began (ISO 8601). */
  started: string;
  /** The package version that wrote it. */
  version?: string;
}

export interface ClaimOptions {
  command: string;
  fingerprint: string;
  /** Clear the folder first, whoever wrote it. */
  overwrite?: boolean;
  /** The same command and fingerprint again: keep what is there (`run` resumes) instead of clearing it. */
  resume?: boolean;
  /** The command's inputs (paths, globs, URLs): none may lie inside the output folder. */
  inputs?: readonly string[];
  /** How the CLI names the output in messages (`-o`); the library says `output`. */
  flag?: string;
  version?: string;
}

export type ClaimOutcome = "new" | "resumed" | "restarted" | "overwritten";

/** A fingerprint of a command's settings: what is given, in a stable order, minus what does not change the output. */
export function settingsFingerprint(command: string, inputs: readonly string[], settings: Record<string, unknown>, ignore: readonly string[] = []): string {
  const kept = Object.keys(settings)
    .filter((k) => !ignore.includes(k) && settings[k] !== undefined && typeof settings[k] !== "function")
    .sort()
    .map((k) => [k, settings[k]]);
  const where = inputs.map((i) => (hasUrlScheme(i) ? i : resolve(i)));
  return createHash("sha256")
    .update(JSON.stringify({ command, inputs: where, settings: kept }))
    .digest("hex")
    .slice(0, 16);
}

/** Claim `dir` for this command (see the file's header): refuse it, clear it, or keep it. */
export async function claimOutput(dir: string, options: ClaimOptions): Promise<ClaimOutcome> {
  const flag = options.flag ?? "output";
  for (const input of options.inputs ?? []) {
    const base = staticBase(input);
    if (isInside(base, dir)) {
      const where = isInside(dir, base) ? "is" : "is inside";
      throw new UsageError(flag, `the input ${input} ${where} the output folder ${dir}: a command never reads what it writes; write to another folder`);
    }
  }
  const recordFile = joinLocation(dir, OUTPUT_RECORD);
  // listed before the record is read: tasks of one run claim the folder at once, and each writes the
  // record before any file of its own, so a task that sees another's files also sees its record
  const names = await listNames(dir);
  const previous = await readRecord(recordFile);
  const visible = names.filter((n) => !n.startsWith("."));
  const write = async (): Promise<void> => {
    await ensureFolder(dir);
    try {
      await writeTextAtomic(recordFile, record());
    } catch (error) {
      throw new OutputError(dir, `cannot write into the output folder: ${(error as Error).message}`, { cause: error });
    }
  };
  const record = (): string =>
    `${JSON.stringify({ command: options.command, fingerprint: options.fingerprint, started: new Date().toISOString(), ...(options.version ? { version: options.version } : {}) } satisfies OutputRecord, null, 2)}\n`;
  if (options.overwrite && names.length > 0) {
    refuseToClear(dir, flag);
    await removeNames(dir, () => true);
    await write();
    return "overwritten";
  }
  if (previous) {
    if (previous.command === options.command && previous.fingerprint === options.fingerprint) {
      if (options.resume) return "resumed";
      await removeNames(dir, (n) => n !== OUTPUT_RECORD);
      return "restarted";
    }
    const what =
      previous.command === options.command
        ? `an earlier \`corpuskit ${previous.command}\` (started ${previous.started}) with other inputs or options`
        : `\`corpuskit ${previous.command}\` (started ${previous.started}), and this is \`corpuskit ${options.command}\``;
    throw new UsageError(flag, `${dir} holds the output of ${what}: write to another folder, or add --overwrite to clear it first`);
  }
  // a run's logs from before the record: its own check (the logs' fingerprint) decides
  const olderRun = options.command === "run" && names.includes(".logs") && (await readTextIfExists(joinLocation(dir, ".logs", "run.json"))) !== undefined;
  if (visible.length > 0 && !olderRun) {
    const shown = visible.slice(0, 3).join(", ") + (visible.length > 3 ? ", ..." : "");
    throw new UsageError(
      flag,
      `${dir} is not empty (${visible.length} entr${visible.length === 1 ? "y" : "ies"}: ${shown}) and no corpuskit command wrote it: write to a new or empty folder, or add --overwrite to clear it first`,
    );
  }
  await write();
  return "new";
}

/** The folders a run writes, to pass over when an input directory holds them (read's `exclude`). */
export function ownFolders(...folders: (string | undefined)[]): string[] {
  return folders.filter((f): f is string => f !== undefined && !hasUrlScheme(f));
}

async function readRecord(file: string): Promise<OutputRecord | undefined> {
  let text: string | undefined;
  try {
    text = await readTextIfExists(file);
  } catch (error) {
    throw new OutputError(file, `cannot read the output folder's record: ${(error as Error).message}`, { cause: error });
  }
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as OutputRecord;
    if (typeof record.command === "string" && typeof record.fingerprint === "string") return record;
  } catch {
    // fall through
  }
  throw new OutputError(file, "the output folder's record is not what corpuskit writes; remove the file, or --overwrite to clear the folder");
}

/** --overwrite empties a folder: never one that holds the working directory or the home folder. */
function refuseToClear(dir: string, flag: string): void {
  if (hasUrlScheme(dir)) return;
  const target = resolve(dir);
  for (const keep of [process.cwd(), homedir()]) {
    if (isInside(keep, target)) throw new UsageError(flag, `--overwrite would empty ${dir}, which holds ${keep}: give a folder of its own`);
  }
}

/** Whether `path` is `folder` or lies under it (local paths resolved; URLs and s3:// compared as text). */
function isInside(path: string, folder: string): boolean {
  if (hasUrlScheme(path) || hasUrlScheme(folder)) {
    const a = path.replace(/\/+$/, "");
    const b = folder.replace(/\/+$/, "");
    return a === b || a.startsWith(`${b}/`);
  }
  const a = resolve(path);
  const b = resolve(folder);
  return a === b || a.startsWith(b.endsWith(sep) ? b : b + sep);
}
