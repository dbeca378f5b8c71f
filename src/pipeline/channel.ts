// A bounded push -> pull queue: lets a step hand documents to a sink that consumes an async
// iterable (the `rejected` writer) while the step keeps pulling its own input. push() waits when
// the queue is full, so a slow sink slows the step instead of growing memory.

export class Channel<T> implements AsyncIterable<T> {
  private readonly queue: T[] = [];
  private closed = false;
  private failure: unknown = undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(private readonly capacity = 256) {}

  async push(item: T): Promise<void> {
    while (this.queue.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => (this.wakeProducer = resolve));
    }
    if (this.closed) throw new Error("push() on a closed channel");
    this.queue.push(item);
    this.wake("consumer");
  }

  /** No more items; the consumer ends after draining the queue (or throws `error` if given). */
  close(error?: unknown): void {
    this.closed = true;
    this.failure = error;
    this.wake("consumer");
    this.wake("producer");
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for (;;) {
        if (this.queue.length > 0) {
          const item = this.queue.shift() as T;
          this.wake("producer");
          yield item;
          continue;
        }
        if (this.closed) {
          if (this.failure !== undefined) throw this.failure;
          return;
        }
        await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      }
    } finally {
      // The consumer stopped early: let a waiting producer fail fast instead of hanging.
      this.closed = true;
      this.wake("producer");
    }
  }

  private wake(who: "consumer" | "producer"): void {
    const fn = who === "consumer" ? this.wakeConsumer : this.wakeProducer;
    if (who === "consumer") this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    fn?.();
  }
}
