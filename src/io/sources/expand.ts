// Paths, directories and globs -> a sorted list of files. Sorted by code unit, not locale, so every
// machine and every task sees the same order (datatrove shards the sorted listing by rank).
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname, resolve, sep } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { InputError } from "../../errors.js";
import { isS3 } from "../s3/s3-client.js";
import { expandS3 } from "../s3/s3-glob.js";

export interface ExpandOptions {
  /** For directories: keep only files whose name passes (e.g. a known format). */
  accept?: (file: string) => boolean;
  /** Told of each file a directory or glob passed over as not data (README, LICENSE...). */
  onSkip?: (file: string) => void;
  /** Folders a directory or glob passes over (a command's own output folder, when it sits inside its input). */
  exclude?: readonly string[];
}

/** The file every corpuskit command leaves in its output folder: which command wrote it, with which settings. */
export const OUTPUT_RECORD = ".corpuskit-output.json";
// Inside such a folder, what a command writes beside its documents: read back as a corpus, the folder
// gives its documents, not its stats, report or rejected documents.
const BOOKKEEPING = /^(?:stats\.json|report\.html|rejected\/.+)$/;

// Files that travel with a corpus but are not part of it (a README.md is also a readable text file):
// a directory or a glob passes over them; named on their own, they are read. Dot files (.DS_Store)
// are never matched by a directory or glob.
const NOT_DATA = /^(?:readme|licen[cs]e|copying|notice|changelog|changes|authors|contributing|citation)(?:[._-][^/]*)?$|^(?:thumbs\.db|desktop\.ini)$/i;

/** Whether a file's name marks it as documentation beside a corpus rather than data. */
export function isNotData(file: string): boolean {
  return NOT_DATA.test(file.slice(file.lastIndexOf("/") + 1));
}

function dataOnly(files: string[], options: ExpandOptions, base: string): string[] {
  const bookkeeping = bookkeepingTest(resolve(base));
  const excluded = (options.exclude ?? []).map((f) => resolve(f));
  return files.filter((f) => {
    if (excluded.length > 0) {
      const path = resolve(f);
      if (excluded.some((x) => path === x || path.startsWith(x + sep))) return false;
    }
    if (!isNotData(f) && !bookkeeping(f)) return true;
    options.onSkip?.(f);
    return false;
  });
}

/**
 * Whether a local file is an output folder's stats, report or rejected document (its record is at
 * most three folders up), for an output folder at or below the input's fixed part: a glob that asks
 * for `out/rejected/language/*.jsonl.gz` gets them.
 */
function bookkeepingTest(base: string): (file: string) => boolean {
  const isOutput = new Map<string, boolean>();
  const hasRecord = (dir: string): boolean => {
    let known = isOutput.get(dir);
    if (known === undefined) isOutput.set(dir, (known = existsSync(`${dir}/${OUTPUT_RECORD}`)));
    return known;
  };
  return (file) => {
    let dir = resolve(dirname(file));
    let rel = basename(file);
    for (let depth = 0; depth < 3 && (dir === base || dir.startsWith(base.endsWith(sep) ? base : base + sep)); depth++) {
      if (hasRecord(dir) && BOOKKEEPING.test(rel)) return true;
      const up = dirname(dir);
      if (up === dir) break;
      rel = `${basename(dir)}/${rel}`;
      dir = up;
    }
    return false;
  };
}

export async function expandInputs(inputs: string | readonly string[], options: ExpandOptions = {}): Promise<string[]> {
  const list = typeof inputs === "string" ? [inputs] : [...inputs];
  if (list.length === 0) throw new InputError({ file: "(no input)" }, "expected at least one path or glob");
  const files: string[] = [];
  for (const input of list) files.push(...(await expandOne(input, options)));
  return [...new Set(files)].sort(byCodeUnit);
}

async function expandOne(input: string, options: ExpandOptions): Promise<string[]> {
  if (/^https?:\/\//i.test(input)) return [input];
  if (isS3(input)) return expandS3(input, options.accept);
  if (isDynamicPattern(input)) {
    const found = await glob(input, { onlyFiles: true, dot: false, expandDirectories: false });
    if (found.length === 0) throw new InputError({ file: input }, "no files match this pattern");
    const data = dataOnly(found, options, staticBase(input));
    if (data.length === 0)
      throw new InputError({ file: input }, `this pattern matches only files that are not data (${found.join(", ")}): name one to read it`);
    return data;
  }
  let info;
  try {
    info = await stat(input);
  } catch (error) {
    throw new InputError({ file: input }, "no such file or directory", { cause: error });
  }
  if (!info.isDirectory()) return [input];
  const inside = await glob("**/*", { cwd: input, onlyFiles: true, dot: false, absolute: false });
  const accepted = dataOnly(
    inside.map((f) => joinPath(input, f)),
    options,
    input,
  ).filter((f) => options.accept?.(f) ?? true);
  if (accepted.length === 0) throw new InputError({ file: input }, "directory has no files in a readable format");
  return accepted;
}

/** The fixed part of a path or glob, before its first pattern segment (`data/*.jsonl` -> `data`). */
export function staticBase(input: string): string {
  if (!isDynamicPattern(input)) return input;
  const fixed: string[] = [];
  for (const part of input.split("/")) {
    if (/[*?[\]{}()!+@]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join("/") || (input.startsWith("/") ? "/" : ".");
}

function joinPath(dir: string, file: string): string {
  return dir.endsWith("/") ? dir + file : `${dir}/${file}`;
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
