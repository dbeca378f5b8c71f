// Every error corpuskit throws, in one file so the whole list is visible at once.
// Each carries a stable `code` (for programs) and says where: file and line, URL, or option path.
import type { z } from "zod";
import { redactUrl } from "./locations.js";

export interface ErrorOptions {
  cause?: unknown;
}

/** Base class: a stable `code`, a message that reads "where: what, expected, got", and the `cause`. */
export class CorpuskitError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

export interface InputLocation {
  /** The file (or URL) the bad input came from. */
  file: string;
  /** 1-based line number, for line-oriented formats. */
  line?: number;
  /** 1-based record number, for formats without lines (parquet rows, WARC records, CSV rows). */
  record?: number;
}

/** Bad or unreadable input: names the file and the line or record. */
export class InputError extends CorpuskitError {
  readonly file: string;
  readonly line: number | undefined;
  readonly record: number | undefined;
  constructor(location: InputLocation, what: string, options: ErrorOptions = {}) {
    const file = redactUrl(location.file);
    super("ERR_INPUT", `${formatLocation({ ...location, file })}: ${what}`, options);
    this.file = file;
    this.line = location.line;
    this.record = location.record;
  }
}

/** Output that cannot be written (full disk, no permission, a file where a folder should be). */
export class OutputError extends CorpuskitError {
  readonly path: string;
  constructor(path: string, what: string, options: ErrorOptions = {}) {
    super("ERR_OUTPUT", `${path}: ${what}`, options);
    this.path = path;
  }
}

/** A request that failed, after every attempt. */
export class NetworkError extends CorpuskitError {
  readonly url: string;
  readonly status: number | undefined;
  readonly attempts: number;
  constructor(url: string, what: string, details: { status?: number; attempts: number }, options: ErrorOptions = {}) {
    const shown = redactUrl(url);
    super("ERR_NETWORK", `${shown}: ${what} (after ${details.attempts} attempt${details.attempts === 1 ? "" : "s"})`, options);
    this.url = shown;
    this.status = details.status;
    this.attempts = details.attempts;
  }
}

/** Options or a config that do not fit the schema; `issues` keeps zod's issues with their paths. */
export class ConfigError extends CorpuskitError {
  readonly issues: readonly z.core.$ZodIssue[];
  readonly where: string;
  constructor(where: string, message: string, issues: readonly z.core.$ZodIssue[] = [], options: ErrorOptions = {}) {
    super("ERR_CONFIG", `${where}: ${message}`, options);
    this.where = where;
    this.issues = issues;
  }
}

/**
 * A command line that cannot run as given: a flag out of range, a missing argument, an unknown code.
 * The message names the flag (`--lang-threshold`), never the library option behind it; the CLI exits 2.
 */
export class UsageError extends ConfigError {
  constructor(flag: string, message: string, issues: readonly z.core.$ZodIssue[] = [], options: ErrorOptions = {}) {
    super(flag, message, issues, options);
    Object.defineProperty(this, "code", { value: "ERR_USAGE" });
  }
}

/** A dataset id the catalog does not know; `suggestions` holds the closest ids. */
export class UnknownDatasetError extends CorpuskitError {
  readonly id: string;
  readonly suggestions: readonly string[];
  constructor(id: string, suggestions: readonly string[] = []) {
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : "";
    super("ERR_UNKNOWN_DATASET", `unknown dataset "${id}"${hint}`);
    this.id = id;
    this.suggestions = suggestions;
  }
}

/** An optional package a step needs is not installed. */
export class MissingDependencyError extends CorpuskitError {
  readonly packageName: string;
  constructor(packageName: string, neededBy: string, options: ErrorOptions = {}) {
    super("ERR_MISSING_DEP", `${neededBy} needs the package "${packageName}", which could not be loaded; install it with: npm install ${packageName}`, options);
    this.packageName = packageName;
  }
}

/** "data/a.jsonl.gz line 1042" or "data/b.parquet record 7" or just the file. */
export function formatLocation(location: InputLocation): string {
  if (location.line !== undefined) return `${location.file} line ${location.line}`;
  if (location.record !== undefined) return `${location.file} record ${location.record}`;
  return location.file;
}
