// The main thread's side of a Parquet file's decoder thread (parquet-worker.ts): asks for a row group
// one ahead of the reader, hands their rows over in order, and keeps the watchdog. The time bound starts
// when the thread says "decoding" (its bytes are in memory by then), so a slow disk or server never
// counts; a row group not decoded within it ends the thread and the file with an InputError.
import { Worker } from "node:worker_threads";
import { InputError } from "../../errors.js";
import { redactUrl } from "../../locations.js";
import { rebuildError } from "../../runtime/thread-error.js";
import { workerModule } from "../../runtime/worker-module.js";
import { waitForWorker } from "../../runtime/worker-wait.js";
import { groupRows, type GroupRows } from "./parquet-columns.js";
import type { DecoderMessage, DecoderRequest, GroupInfo, ParquetJob } from "./parquet-worker.js";

export interface Opened {
  names: string[];
  groups: GroupInfo[];
}

/** A file's decoder thread. Always close() it: that ends the thread, whatever state it is in. */
export class ParquetDecoder {
  private readonly worker: Worker;
  private readonly inbox: DecoderMessage[] = [];
  /** How the thread ended: an error to throw once the inbox is drained, or "aborted". */
  private ended: Error | "aborted" | undefined;
  private wake: (() => void) | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private starts: number[] = [];
  private groups: GroupInfo[] = [];

  /** `timeoutMs(group)`: how long the decoding of a row group may take. */
  constructor(
    private readonly job: ParquetJob,
    private readonly timeoutMs: (group: GroupInfo) => number,
    private readonly signal: AbortSignal,
  ) {
    this.worker = new Worker(workerModule("io/formats/parquet-worker", "the Parquet decoder module"), { workerData: job });
    // Referenced only while this thread waits for it (take()): a consumer that walks away without
    // closing the reader does not keep the process alive.
    this.worker.unref();
    this.worker.on("message", (message: DecoderMessage) => this.receive(message));
    this.worker.on("error", (error) => this.end(error));
    // Node emits every message of the thread before "exit": by now the inbox holds all it sent.
    this.worker.on("exit", () => this.end(new Error(`corpuskit: the Parquet decoder thread for ${redactUrl(this.job.file)} ended unexpectedly`)));
    signal.addEventListener("abort", this.abort);
    this.ask();
  }

  /** The columns and row groups, once the footer is read; undefined when the read was aborted. */
  async opened(): Promise<Opened | undefined> {
    const message = await this.take("opened");
    if (message?.kind !== "opened") return undefined;
    this.groups = message.groups;
    let start = 0;
    this.starts = message.groups.map((g) => ((start += g.rows), start - g.rows));
    return message;
  }

  /**
   * Row group `group`'s rows; undefined when aborted. The next group decodes while the reader goes
   * through these: memory holds two row groups at most, and neither thread waits for the other as
   * long as the reader takes longer per group than the decoding (it makes the strings: measured, 50
   * groups of 1,000 rows read as fast as 5 of 10,000).
   */
  async rows(group: number): Promise<GroupRows | undefined> {
    const message = await this.take("rows");
    if (message?.kind !== "rows") return undefined;
    if (message.group !== group) throw new Error(`corpuskit: the Parquet decoder sent row group ${message.group}, expected ${group}`);
    if (group + 1 < this.groups.length) this.ask();
    return groupRows(message.count, message.columns);
  }

  async close(): Promise<void> {
    this.ended ??= "aborted";
    clearTimeout(this.watchdog);
    this.signal.removeEventListener("abort", this.abort);
    await this.worker.terminate();
  }

  // --- internal ---

  private ask(): void {
    const next: DecoderRequest = "next";
    this.worker.postMessage(next);
  }

  private receive(message: DecoderMessage): void {
    if (message.kind === "decoding") {
      this.startWatchdog(message.group);
      return;
    }
    if (message.kind === "rows") clearTimeout(this.watchdog);
    if (message.kind === "failed") this.end(rebuildError(message.failure));
    else this.inbox.push(message);
    this.wake?.();
  }

  private startWatchdog(group: number): void {
    const info = this.groups[group] ?? { rows: 0, bytes: 0 };
    const ms = Math.min(this.timeoutMs(info), MAX_TIMER_MS);
    this.watchdog = setTimeout(() => {
      // The timer may have come due while this thread was busy and the rows were already waiting
      // to be delivered: those are delivered before setImmediate's callback runs.
      setImmediate(() => {
        if (this.ended || this.inbox.some((m) => m.kind === "rows" && m.group === group)) return;
        const record = (this.starts[group] ?? 0) + 1;
        this.end(
          new InputError(
            { file: this.job.file, record },
            `the Parquet decoder did not finish the row group starting at this row within ${formatSeconds(ms)}; a corrupt page can make it loop forever. ` +
              "If the file is sound and its row groups very large, raise the decodeTimeoutMs option",
          ),
        );
        void this.worker.terminate();
      });
    }, ms);
    this.watchdog.unref();
  }

  private readonly abort = () => {
    this.end("aborted");
    void this.worker.terminate();
  };

  private end(reason: Error | "aborted"): void {
    this.ended ??= reason;
    clearTimeout(this.watchdog);
    this.wake?.();
  }

  /** The next message of this kind, in order; the thread's error or undefined (aborted) once it ended. */
  private async take(kind: "opened" | "rows"): Promise<DecoderMessage | undefined> {
    for (;;) {
      const i = this.inbox.findIndex((m) => m.kind === kind);
      if (i >= 0) return this.inbox.splice(i, 1)[0];
      if (this.ended === "aborted" || this.signal.aborted) return undefined;
      if (this.ended) throw this.ended;
      await waitForWorker(this.worker, (wake) => (this.wake = wake));
    }
  }
}

/** setTimeout's longest delay (2^31 - 1 ms, ~24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${ms / 1000} s` : `${Math.round(ms / 1000)} s`;
}
