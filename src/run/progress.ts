// Progress of a long run on stderr, from the reader's side: it wraps a source (so it adds no row to
// the Stats) and counts what passes. On a terminal one line is redrawn in place; in a log (a pipe, a
// file, a Slurm .out) a full line every 10 s and a summary at the end, as tqdm and datatrove do when
// not on a terminal, since `\r` redraws turn a log into one unreadable line.
import { z } from "zod";
import type { Doc } from "../doc.js";
import { attachReadProgress, readProgressOf, type ReadProgress } from "../io/read-progress.js";
import { parseOptions } from "../options.js";
import { progressLine, type ProgressState } from "./progress-line.js";
import { docSource, type DocSource } from "../pipeline/step.js";

export const PROGRESS_MODES = ["auto", "tty", "plain", "none"] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

/** Anything with write(): process.stderr, a file stream, a test's fake. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

function isProgressStream(value: unknown): value is ProgressStream {
  return typeof (value as { write?: unknown } | null)?.write === "function";
}

export const ProgressOptions = z
  .object({
    mode: z.enum(PROGRESS_MODES).default("auto").describe('"auto": "tty" when the stream is a terminal, else "plain"; "none" for --quiet'),
    label: z.string().default("progress").describe("what the line is about, e.g. the command"),
    stream: z.custom<ProgressStream>(isProgressStream, "expected a stream with write()").optional().describe("where to write; process.stderr by default"),
    intervalMs: z.number().min(0).default(250).describe("tty mode: time between redraws"),
    plainIntervalMs: z.number().min(0).default(10_000).describe("plain mode: time between lines"),
    totalBytes: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("the input's size as stored, when the caller knows it better than the reader (e.g. from a catalog)"),
  })
  .strict();
export type ProgressOptionsInput = z.input<typeof ProgressOptions>;
type ProgressConfig = z.output<typeof ProgressOptions>;

/** The mode "auto" stands for on this stream. */
export function progressMode(mode: ProgressMode, stream: ProgressStream): Exclude<ProgressMode, "auto"> {
  if (mode !== "auto") return mode;
  return stream.isTTY ? "tty" : "plain";
}

/**
 * The same documents, with a progress line per run. Percent and ETA appear when the input's size
 * is known: a reader over local files measures it (see io/read-progress.ts), or `totalBytes` gives it.
 */
export function withProgress(source: DocSource, options: ProgressOptionsInput = {}): DocSource {
  const config = parseOptions(ProgressOptions, options, "withProgress");
  const stream = config.stream ?? process.stderr;
  const mode = progressMode(config.mode, stream);
  if (mode === "none") return source;
  return docSource(source.stepName, (ctx) => {
    const docs = source.open(ctx);
    const input = readProgressOf(docs);
    return attachReadProgress(shown(docs, input, stream, mode, config), input);
  });
}

async function* shown(
  docs: AsyncIterable<Doc>,
  input: ReadProgress | undefined,
  stream: ProgressStream,
  mode: "tty" | "plain",
  config: ProgressConfig,
): AsyncIterable<Doc> {
  const started = performance.now();
  const every = mode === "tty" ? config.intervalMs : config.plainIntervalMs;
  // A terminal shows a line from the first document; a log gets its first line after one interval.
  let last = mode === "tty" ? -Infinity : started;
  let count = 0;
  let bytes = 0;
  const write = (state: ProgressState): void => {
    const snapshot = {
      docs: count,
      textBytes: bytes,
      seconds: (performance.now() - started) / 1000,
      readBytes: input?.readBytes,
      totalBytes: config.totalBytes ?? input?.totalBytes,
    };
    const line = progressLine(config.label, snapshot, state);
    const final = state !== "running";
    stream.write(mode === "tty" ? `\r\x1b[K${line}${final ? "\n" : ""}` : `${line}\n`);
  };
  // An error or a consumer that stops early ends the run "stopped", not "done".
  let state: ProgressState = "stopped";
  try {
    for await (const doc of docs) {
      count++;
      bytes += Buffer.byteLength(doc.text, "utf8");
      const now = performance.now();
      if (now - last >= every) {
        last = now;
        write("running");
      }
      yield doc;
    }
    state = "done";
  } finally {
    write(state);
  }
}
