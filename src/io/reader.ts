// What every reader does around its format: list the inputs, take this task's share of the files
// (datatrove: sorted_files[rank::world_size]), apply skip/limit, and apply onError to bad records and
// unreadable files -- counted in Stats and sent to `rejected`, never only logged.
import type { Doc } from "../doc.js";
import { InputError } from "../errors.js";
import { hasUrlScheme, redactUrl } from "../locations.js";
import { RejectedOutlet } from "../pipeline/filter.js";
import { docSource, type DocSource, type StepContext } from "../pipeline/step.js";
import { attachReadProgress, sizeOnDisk, totalSize, type ReadProgress } from "./read-progress.js";
import type { ReaderConfig } from "./reader-options.js";
import { recordToDoc } from "./record.js";
import { assembleRecord } from "./text-assembly.js";
import { compressionOf, decompress } from "./decode/compression.js";
import { expandInputs } from "./sources/expand.js";
import { openBytes } from "./sources/open.js";

/** Handed to a format's per-file reader. */
export interface FileReadContext {
  readonly file: string;
  readonly ctx: StepContext;
  /** Pass to openBytes, which counts the file's bytes into it as they stream. */
  readonly progress: { readBytes: number };
  /** The file's bytes when they do not come from `file` itself (a zip member): readers use it before openBytes. */
  readonly open?: () => AsyncIterable<Buffer>;
  /**
   * Where the bytes of `open` lie as they are, in a local file (a zip member stored without
   * compression): readers that need random access (Parquet) read them there.
   */
  readonly stored?: StoredBytes;
  /** Report a bad record: throws under onError "fail", else counts and keeps it in `rejected`. */
  bad(error: InputError, raw: string): Promise<void>;
  /**
   * A parsed record (JSON object, CSV row, parquet row) as a Doc: one without usable text goes to
   * bad(), one with empty text is counted as `skipped_empty_text` (datatrove skips those silently);
   * both give undefined. `raw` is only rendered for a bad record. Only a bad record returns a
   * promise (kept in `rejected` first): a good one costs the reader no await.
   */
  recordDoc(record: unknown, where: { line: number } | { record: number }, raw: () => string): Doc | undefined | Promise<undefined>;
}

/** Bytes [start, start + length) of the local file `path`. */
export interface StoredBytes {
  readonly path: string;
  readonly start: number;
  readonly length: number;
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

/**
 * This task's share of the sorted file list: interleaved as datatrove (`files[rank::world_size]`),
 * or a contiguous block (`files[floor(r*F/W) : floor((r+1)*F/W)]`), where reading the tasks one
 * after the other reads the files in order.
 */
export function taskFiles(files: readonly string[], rank: number, worldSize: number, sharding: "interleaved" | "contiguous"): string[] {
  if (sharding === "interleaved") return files.filter((_, i) => i % worldSize === rank);
  return files.slice(Math.floor((rank * files.length) / worldSize), Math.floor(((rank + 1) * files.length) / worldSize));
}

export function makeReader<O extends ReaderConfig>(spec: ReaderSpec<O>): DocSource {
  return docSource(spec.name, (ctx) => {
    const progress: ReadProgress = { readBytes: 0 };
    return attachReadProgress(readAll(spec, ctx, progress), progress);
  });
}

async function* readAll<O extends ReaderConfig>(spec: ReaderSpec<O>, ctx: StepContext, progress: ReadProgress): AsyncIterable<Doc> {
  const { options } = spec;
  // README, LICENSE... that a directory or glob passed over: counted once, by the first task
  const files = await expandInputs(spec.inputs, {
    accept: spec.accept,
    onSkip: () => ctx.rank === 0 && ctx.stats.add("skipped_not_data"),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });
  const mine = taskFiles(files, ctx.rank, ctx.worldSize, options.sharding);
  const rejected = new RejectedOutlet(spec.name, options.rejected);
  let toSkip = options.skip;
  let left = options.limit ?? Infinity;
  let finished = false;
  // Measured alongside the reads, never before them. Under a limit the reader stops part way through
  // its files, so their total would promise a percent it never reaches.
  if (options.limit === undefined) {
    void totalSize(mine, () => finished).then((total) => {
      if (total !== undefined) progress.totalBytes = total;
    });
  }
  try {
    for (const file of mine) {
      if (left <= 0 || ctx.signal.aborted) break;
      ctx.stats.add("files");
      const before = progress.readBytes;
      // Ids and file_path end up in the output: a signed URL's credentials stay out of them.
      const shown = redactUrl(file);
      // the redacted name of the file or zip member being read, for ids: one per file, not one per record
      let named = file;
      let redacted = shown;
      const fileCtx: FileReadContext = {
        file,
        ctx,
        progress,
        async bad(error, raw) {
          if (options.onError === "fail") throw error;
          ctx.stats.add("skipped_bad_record");
          // `this.file`, not the file read: a zip member's context names the member
          const name = redactUrl(this.file);
          await rejected.push({ id: `${name}:${error.record ?? error.line ?? 0}`, text: raw, meta: { error: error.message, file_path: name } }, "bad_record");
        },
        recordDoc(record, where, raw) {
          const number = "line" in where ? where.line : where.record;
          if (this.file !== named) {
            named = this.file;
            redacted = redactUrl(named);
          }
          const id = `${redacted}:${number}`;
          const result = options.text ? assembleRecord(record, options.text, options.idField, id) : recordToDoc(record, options, id);
          if ("drop" in result) {
            ctx.stats.add(`skipped_${result.drop}`);
            return undefined;
          }
          if ("problem" in result) return this.bad(new InputError({ file: this.file, ...where }, result.problem), raw()).then(() => undefined);
          if (result.doc.text.length === 0) {
            ctx.stats.add("skipped_empty_text");
            return undefined;
          }
          return result.doc;
        },
      };
      try {
        for await (const doc of spec.readerFor(file)(fileCtx, options)) {
          if (toSkip > 0) {
            toSkip--;
            continue;
          }
          if (options.addFilePath) doc.meta.file_path = shown;
          yield doc;
          if (--left <= 0) break;
        }
      } catch (error) {
        // A file that breaks part way (truncated, corrupt): the documents before the break were
        // delivered; under onError "skip" the rest of the input still runs.
        if (options.onError === "fail" || !(error instanceof InputError)) throw error;
        ctx.stats.add("skipped_bad_file");
        await rejected.push({ id: shown, text: "", meta: { error: error.message, file_path: shown } }, "bad_file");
      }
      // A finished file counts as its size on disk: the streamed count misses a Parquet file (read by
      // random access) and the rest of a file that broke part way. A URL keeps its streamed count.
      progress.readBytes = before + ((await sizeOnDisk(file)) ?? progress.readBytes - before);
    }
  } finally {
    finished = true;
    await rejected.close();
  }
}

/**
 * A file's bytes as its reader parses them: decompressed, from `fc.open` (a zip member) or from its
 * location. A local file is named to the decoder, so that a decoding tool reads it itself.
 */
export function fileBytes(fc: FileReadContext, options: ReaderConfig): AsyncIterable<Buffer> {
  const { file } = fc;
  const compression = compressionOf(file, options.compression);
  if (fc.open) return decompress(fc.open(), compression, file, options);
  const local = hasUrlScheme(file) ? undefined : { path: file, progress: fc.progress };
  return decompress(openBytes(file, options.http, fc.ctx.signal, fc.progress), compression, file, options, local);
}
