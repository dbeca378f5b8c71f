// The thread that decodes bzip2 and xz for the main thread (decode-thread.ts starts it), so that
// decoding runs beside the JSON parsing, as `bzip2 -dc f | parser` runs the two in two processes.
// bzip2: one block per request, answered with its bytes (several such threads decode blocks in
// parallel). xz: one stream per thread, input pulled from the main thread chunk by chunk, output sent
// in batches, at most OUTPUT_CREDIT batches unread by the main thread: memory stays bounded whatever
// the input expands to.
import { parentPort, workerData } from "node:worker_threads";
import { threadFailure, type ThreadFailure } from "../../runtime/thread-error.js";
import { BlockDecodeError, blockDecoder, decodeBlock } from "./bzip2-block-decoder.js";
import { xzStream } from "./xz-stream.js";

export type DecodeJob = { codec: "bzip2" } | { codec: "xz" };

/** Main thread -> decoder thread. */
export type DecodeRequest =
  { kind: "block"; id: number; stream: Uint8Array; level: number } | { kind: "input"; chunk: Uint8Array | undefined } | { kind: "read" };

/** Decoder thread -> main thread. */
export type DecodeReply =
  | { kind: "block"; id: number; out: Uint8Array }
  | { kind: "block-failed"; id: number; bzCode: number; message: string }
  | { kind: "need-input" }
  | { kind: "output"; chunk: Uint8Array }
  | { kind: "done" }
  | { kind: "failed"; failure: ThreadFailure };

/** Output batches the xz thread may have sent and the main thread not yet taken. */
export const OUTPUT_CREDIT = 4;
/** xz-decompress hands out 64 KiB pieces; fewer, larger messages cost less. */
const BATCH = 256 * 1024;

if (parentPort) {
  const port = parentPort;
  const job = workerData as DecodeJob;
  const post = (reply: DecodeReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
  if (job.codec === "bzip2") {
    port.on("message", (request: DecodeRequest) => {
      if (request.kind !== "block") return;
      void blockDecoder().then((decoder) => {
        try {
          const out = decodeBlock(decoder, request.stream, request.level);
          post({ kind: "block", id: request.id, out }, [out.buffer as ArrayBuffer]);
        } catch (error) {
          const bzCode = error instanceof BlockDecodeError ? error.bzCode : NaN;
          post({ kind: "block-failed", id: request.id, bzCode, message: (error as Error).message });
        }
      });
    });
  } else {
    let credit = OUTPUT_CREDIT;
    let wakeCredit: (() => void) | undefined;
    let wakeInput: ((chunk: Uint8Array | undefined) => void) | undefined;
    port.on("message", (request: DecodeRequest) => {
      if (request.kind === "read") {
        credit++;
        wakeCredit?.();
      } else if (request.kind === "input") wakeInput?.(request.chunk);
    });
    const input = async (): Promise<Uint8Array | undefined> => {
      const next = new Promise<Uint8Array | undefined>((resolve) => (wakeInput = resolve));
      post({ kind: "need-input" });
      return next;
    };
    const send = async (parts: Uint8Array[], bytes: number) => {
      while (credit === 0) await new Promise<void>((resolve) => (wakeCredit = resolve));
      credit--;
      const chunk = new Uint8Array(bytes);
      let at = 0;
      for (const part of parts) {
        chunk.set(part, at);
        at += part.length;
      }
      post({ kind: "output", chunk }, [chunk.buffer]);
    };
    void (async () => {
      let parts: Uint8Array[] = [];
      let bytes = 0;
      for await (const out of xzStream(input)) {
        parts.push(out);
        bytes += out.length;
        if (bytes >= BATCH) {
          await send(parts, bytes);
          parts = [];
          bytes = 0;
        }
      }
      if (bytes > 0) await send(parts, bytes);
      post({ kind: "done" });
    })().catch((error: unknown) => post({ kind: "failed", failure: threadFailure(error) }));
  }
}
