// Waiting for a worker thread's next message. A thread is unref()'d while idle, so that a consumer
// that walks away without closing it does not keep the process alive; while someone waits for it,
// it must keep the process alive, or Node would exit with the wait still pending.
import type { Worker } from "node:worker_threads";

/**
 * Resolves when the wake-up that `arm` is handed gets called (by the thread's message or exit
 * handler); `arm(undefined)` disarms it afterwards.
 */
export async function waitForWorker(worker: Worker, arm: (wake: (() => void) | undefined) => void): Promise<void> {
  worker.ref();
  try {
    await new Promise<void>((resolve) => arm(resolve));
  } finally {
    arm(undefined);
    worker.unref();
  }
}
