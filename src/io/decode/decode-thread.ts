// The main thread's side of a decoder thread (decode-worker.ts): start it, send requests, take its
// replies in order of arrival. The thread is unref'd while nothing waits on it, so a reader left
// unfinished never keeps the process alive.
import { Worker } from "node:worker_threads";
import { rebuildError } from "../../runtime/thread-error.js";
import { workerModule } from "../../runtime/worker-module.js";
import { waitForWorker } from "../../runtime/worker-wait.js";
import type { DecodeJob, DecodeReply, DecodeRequest } from "./decode-worker.js";

export class DecodeThread {
  private readonly worker: Worker;
  private readonly replies: DecodeReply[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(job: DecodeJob) {
    this.worker = new Worker(workerModule("io/decode/decode-worker", "the bzip2/xz decoder module"), { workerData: job });
    this.worker.unref();
    this.worker.on("message", (reply: DecodeReply) => {
      if (reply.kind === "failed") this.failure ??= rebuildError(reply.failure);
      else this.replies.push(reply);
      this.wake?.();
    });
    this.worker.on("error", (error) => {
      this.failure ??= error;
      this.wake?.();
    });
    this.worker.on("exit", () => {
      this.failure ??= new Error("corpuskit: the bzip2/xz decoder thread ended unexpectedly");
      this.wake?.();
    });
  }

  send(request: DecodeRequest, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(request, transfer);
  }

  /** The next reply; a failure of the thread itself (not of the data) is thrown. */
  async next(): Promise<DecodeReply> {
    for (;;) {
      const reply = this.replies.shift();
      if (reply) return reply;
      if (this.failure) throw this.failure;
      await waitForWorker(this.worker, (wake) => (this.wake = wake));
    }
  }

  async close(): Promise<void> {
    this.failure ??= new Error("closed");
    await this.worker.terminate();
  }
}
