// What every reader does around its format: list the inputs, take this task's share of the files
// (datatrove: sorted_files[rank::world_size]), apply skip/limit, and apply onError to bad records and
// unreadable files -- counted in Stats and sent to `rejected`, never only logged.
import type { Doc } from "../doc.js";
import { InputError } from "../errors.js";
import { RejectedOutlet } from "../pipeline/filter.js";
import { standaloneContext, type DocSource, type StepContext } from "../pipeline/step.js";
import type { ReaderConfig } from "./reader-options.js";
import { expandInputs } from "./sources/expand.js";

/** Handed to a format's per-file reader. */
export interface FileReadContext {
  readonly file: string;
  readonly ctx: StepContext;
  /** Report a bad record: throws under onError "fail", else counts and keeps it in `rejected`. */
  bad(error: InputError, raw: string): Promise<void>;
}

export type FileReader<O> = (fileCtx: FileReadContext, options: O) => AsyncIterable<Doc>;

export interface ReaderSpec<O extends ReaderConfig> {
  name: string;
  inputs: string | readonly string[];
  options: O;
  /** The per-file reader for a file; may depend on its name (read() picks by extension). */
  readerFor(file: string): FileReader<O>;
  /** Which files in a directory this reader takes. */
  accept(file: string): boolean;
}

export function makeReader<O extends ReaderConfig>(spec: ReaderSpec<O>): DocSource {
  const open = (ctx: StepContext): AsyncIterable<Doc> => readAll(spec, ctx);
  return {
    stepName: spec.name,
    open,
    [Symbol.asyncIterator]: () => open(standaloneContext(spec.name))[Symbol.asyncIterator](),
  };
}

async function* readAll<O extends ReaderConfig>(spec: ReaderSpec<O>, ctx: StepContext): AsyncIterable<Doc> {
  const { options } = spec;
  const files = await expandInputs(spec.inputs, { accept: spec.accept });
  const mine = files.filter((_, i) => i % ctx.worldSize === ctx.rank);
  const rejected = new RejectedOutlet(spec.name, options.rejected);
  let toSkip = options.skip;
  let left = options.limit ?? Infinity;
  try {
    for (const file of mine) {
      if (left <= 0 || ctx.signal.aborted) break;
      ctx.stats.add("files");
      const fileCtx: FileReadContext = {
        file,
        ctx,
        async bad(error, raw) {
          if (options.onError === "fail") throw error;
          ctx.stats.add("skipped_bad_record");
          await rejected.push(
            { id: error.record !== undefined ? `${file}:${error.record}` : `${file}:${error.line ?? 0}`, text: raw, meta: { error: error.message, file_path: file } },
            "bad_record",
          );
        },
      };
      try {
        for await (const doc of spec.readerFor(file)(fileCtx, options)) {
          if (toSkip > 0) {
            toSkip--;
            continue;
          }
          if (options.addFilePath) doc.meta.file_path = file;
          yield doc;
          if (--left <= 0) break;
        }
      } catch (error) {
        // A file that breaks part way (truncated, corrupt): the documents before the break were
        // delivered; under onError "skip" the rest of the input still runs.
        if (options.onError === "fail" || !(error instanceof InputError)) throw error;
        ctx.stats.add("skipped_bad_file");
        await rejected.push({ id: file, text: "", meta: { error: error.message, file_path: file } }, "bad_file");
      }
    }
  } finally {
    await rejected.close();
  }
}
