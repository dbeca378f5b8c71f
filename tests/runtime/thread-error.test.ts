// Errors crossing a thread boundary (src/runtime/thread-error.ts), through a real worker thread's
// postMessage: corpuskit's own classes come back as themselves with their fields; anything else keeps
// its name, code and message, as the worker pool has always rebuilt it.
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { ConfigError, CorpuskitError, InputError, NetworkError, OutputError } from "../../src/index.js";
import { rebuildError, threadFailure, type ThreadFailure } from "../../src/runtime/thread-error.js";

/** A failure sent to a thread and back: the structured clone a real decoder thread's message gets. */
async function roundTrip(failure: ThreadFailure): Promise<ThreadFailure> {
  const echo = new Worker("require('node:worker_threads').parentPort.once('message', (m) => require('node:worker_threads').parentPort.postMessage(m))", {
    eval: true,
  });
  try {
    echo.postMessage(failure);
    return await new Promise<ThreadFailure>((resolve) => echo.once("message", resolve));
  } finally {
    await echo.terminate();
  }
}

describe("threadFailure and rebuildError", () => {
  it("an InputError keeps its class, message, file and record", async () => {
    const original = new InputError({ file: "data/b.parquet", record: 17 }, "cannot decode the row group starting at row 17: bad page");
    const error = rebuildError(await roundTrip(threadFailure(original)));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toBeInstanceOf(CorpuskitError);
    expect(error).toMatchObject({ name: "InputError", code: "ERR_INPUT", file: "data/b.parquet", record: 17, line: undefined });
    expect(error.message).toBe(original.message);
    expect(error.stack).toBe(original.stack);
  });

  it("a NetworkError keeps its URL, status and attempts; an OutputError its path; a ConfigError its issues", async () => {
    const network = rebuildError(await roundTrip(threadFailure(new NetworkError("https://hub.example/x.parquet", "HTTP 503", { status: 503, attempts: 6 }))));
    expect(network).toBeInstanceOf(NetworkError);
    expect(network).toMatchObject({
      url: "https://hub.example/x.parquet",
      status: 503,
      attempts: 6,
      message: "https://hub.example/x.parquet: HTTP 503 (after 6 attempts)",
    });
    expect(rebuildError(await roundTrip(threadFailure(new OutputError("out/00000.jsonl.gz", "no space left"))))).toMatchObject({ path: "out/00000.jsonl.gz" });
    const issues = [{ code: "custom", path: ["minDocWords"], message: "too small" }] as never;
    const config = rebuildError(await roundTrip(threadFailure(new ConfigError("gopherQuality", "bad option", issues))));
    expect(config).toBeInstanceOf(ConfigError);
    expect((config as ConfigError).issues).toEqual(issues);
  });

  it("another error, or a failure without fields (the worker pool's), keeps name, code and message", async () => {
    const plain = rebuildError(await roundTrip(threadFailure(new RangeError("Offset is outside the bounds of the DataView"))));
    expect(plain).not.toBeInstanceOf(CorpuskitError);
    expect(plain).toMatchObject({ name: "RangeError", message: "Offset is outside the bounds of the DataView" });
    const pooled = rebuildError({ name: "ConfigError", code: "ERR_CONFIG", message: "c4BadWords: no list", stack: undefined });
    expect(pooled).toBeInstanceOf(CorpuskitError);
    expect(pooled).not.toBeInstanceOf(ConfigError);
    expect(pooled).toMatchObject({ name: "ConfigError", code: "ERR_CONFIG", message: "c4BadWords: no list" });
  });
});
