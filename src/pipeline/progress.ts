// A live progress line on stderr when it is a terminal: documents, MB, docs/s. It wraps a source
// (so it adds no row to the Stats) and prints nothing when stderr is a pipe or a file.
import type { Doc } from "../doc.js";
import { docSource, type DocSource, type StepContext } from "./step.js";

export interface ProgressOptions {
  label?: string;
  /** Where to draw; defaults to process.stderr, and only when it is a TTY. */
  stream?: NodeJS.WriteStream;
  intervalMs?: number;
}

export function withProgress(source: DocSource, options: ProgressOptions = {}): DocSource {
  return docSource(source.stepName, (ctx: StepContext) => counted(source.open(ctx), options));
}

function counted(docs: AsyncIterable<Doc>, options: ProgressOptions): AsyncIterable<Doc> {
  const stream = options.stream ?? process.stderr;
  const interval = options.intervalMs ?? 250;
  return (async function* (): AsyncIterable<Doc> {
    if (!stream.isTTY) {
      yield* docs;
      return;
    }
    const started = performance.now();
    let last = 0;
    let count = 0;
    let bytes = 0;
    const draw = (final: boolean) => {
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(count / seconds) : 0;
      const text = `${options.label ?? "progress"}: ${count.toLocaleString("en-US")} docs, ${(bytes / 1e6).toFixed(1)} MB, ${rate.toLocaleString("en-US")} docs/s, ${seconds.toFixed(1)} s`;
      stream.write(`\r\x1b[K${text}${final ? "\n" : ""}`);
    };
    try {
      for await (const doc of docs) {
        count++;
        bytes += Buffer.byteLength(doc.text, "utf8");
        const now = performance.now();
        if (now - last >= interval) {
          last = now;
          draw(false);
        }
        yield doc;
      }
    } finally {
      draw(true);
    }
  })();
}
