// An error thrown on a worker thread, carried to the thread that called it. postMessage's structured
// clone keeps an Error's message but not its class, code or fields, so a worker sends the error as
// data and the caller builds it again: an InputError from the Parquet decoder stays an InputError
// with its file and record, so `onError: "skip"` and `instanceof` treat it as one from this thread.
import { ConfigError, CorpuskitError, InputError, MissingDependencyError, NetworkError, OutputError, UnknownDatasetError } from "../errors.js";

/** An error as data. `fields` (file, record, url, status, attempts...) rebuild corpuskit's own classes. */
export interface ThreadFailure {
  name: string;
  code: string | undefined;
  message: string;
  stack: string | undefined;
  fields?: Record<string, unknown>;
}

// By the name their errors carry: errors.ts names each error after its class.
const CLASSES = new Map<string, abstract new (...args: never[]) => CorpuskitError>(
  [InputError, OutputError, NetworkError, ConfigError, UnknownDatasetError, MissingDependencyError].map((c) => [c.name, c]),
);

/** On the worker: the error as data, with its own fields when it is one of corpuskit's classes. */
export function threadFailure(error: unknown): ThreadFailure {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  const failure: ThreadFailure = { name: e.name, code: typeof code === "string" ? code : undefined, message: e.message, stack: e.stack };
  if (e instanceof CorpuskitError && CLASSES.has(e.name)) {
    failure.fields = {};
    for (const [key, value] of Object.entries(e)) if (key !== "code" && cloneable(value)) failure.fields[key] = value;
  }
  return failure;
}

/**
 * On the calling thread: with fields, the same class (built without its constructor, which would
 * format the message a second time); without, a CorpuskitError or Error that keeps the name and code.
 */
export function rebuildError(failure: ThreadFailure): Error {
  const known = failure.fields ? CLASSES.get(failure.name) : undefined;
  let error: Error;
  if (known) error = Object.assign(Reflect.construct(Error, [failure.message], known) as Error, { code: failure.code }, failure.fields);
  else if (failure.code?.startsWith("ERR_")) error = new CorpuskitError(failure.code, failure.message);
  else error = new Error(failure.message);
  error.name = failure.name;
  if (failure.stack) error.stack = failure.stack;
  return error;
}

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
