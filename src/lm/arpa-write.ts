// Writing ARPA text exactly as KenLM's lmplz does (kpu/kenlm lm/common/print.cc PrintARPA):
//   \data\ / "ngram N=count" lines / blank / per order "\N-grams:", one
//   "log10prob<TAB>w1 w2 ...<TAB>backoff" line per n-gram, blank / \end\
// Every order but the highest prints its backoff, zero included ("0"); the highest prints none.
// Values are printed as the shortest decimal that reads back as the same float (float32.ts), so
// reading a KenLM file and writing it again gives the same bytes.
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { OutputError } from "../errors.js";
import type { ArpaData } from "./arpa-data.js";
import { formatFloat32 } from "./float32.js";

/** The ARPA text in pieces of about `chunkLines` lines each (join them for the whole file). */
export function* arpaText(arpa: ArpaData, chunkLines = 16384): Generator<string> {
  const { vocab, orders } = arpa;
  const head: string[] = [];
  for (const line of arpa.preamble ?? []) head.push(`${line}\n`);
  head.push("\\data\\\n");
  orders.forEach((order, i) => head.push(`ngram ${i + 1}=${order.log10Probs.length}\n`));
  head.push("\n");
  yield head.join("");
  for (let i = 0; i < orders.length; i++) {
    const n = i + 1;
    const { ids, log10Probs, backoffs } = orders[i]!;
    const highest = n === orders.length;
    let lines: string[] = [`\\${n}-grams:\n`];
    for (let e = 0; e < log10Probs.length; e++) {
      let words = vocab[ids[e * n]!]!;
      for (let k = 1; k < n; k++) words += ` ${vocab[ids[e * n + k]!]}`;
      const prob = formatFloat32(log10Probs[e]!);
      if (highest || !backoffs) lines.push(`${prob}\t${words}\n`);
      else lines.push(`${prob}\t${words}\t${backoffs[e] === 0 && !Object.is(backoffs[e], -0) ? "0" : formatFloat32(backoffs[e]!)}\n`);
      if (lines.length >= chunkLines) {
        yield lines.join("");
        lines = [];
      }
    }
    lines.push("\n");
    yield lines.join("");
  }
  yield "\\end\\\n";
}

/**
 * Writes the model as an ARPA file; a path ending in .gz is gzip-compressed. The file appears under
 * its name only when complete (written to a temporary name, then renamed), so a failed or killed
 * run never leaves a truncated model that would load.
 */
export async function writeArpa(arpa: ArpaData, path: string): Promise<void> {
  const text = Readable.from(arpaText(arpa), { highWaterMark: 2 });
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    if (path.toLowerCase().endsWith(".gz")) await pipeline(text, createGzip(), createWriteStream(temporary));
    else await pipeline(text, createWriteStream(temporary));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new OutputError(path, `cannot write: ${(error as Error).message}`, { cause: error });
  }
}
