// Writing ARPA text exactly as KenLM's lmplz does (kpu/kenlm lm/common/print.cc PrintARPA):
//   \data\ / "ngram N=count" lines / blank / per order "\N-grams:", one
//   "log10prob<TAB>w1 w2 ...<TAB>backoff" line per n-gram, blank / \end\
// Every order but the highest prints its backoff, zero included ("0"); the highest prints none.
// Values are printed as the shortest decimal that reads back as the same float (float32.ts), so
// reading a KenLM file and writing it again gives the same bytes.
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { OutputError } from "../errors.js";
import type { ArpaData } from "./arpa-data.js";
import { formatFloat32 } from "./float32.js";

/** The ARPA text in pieces of about `chunkLines` lines each (join them for the whole file). */
export function* arpaText(arpa: ArpaData, chunkLines = 65536): Generator<string> {
  const { vocab, orders } = arpa;
  const head: string[] = [];
  for (const line of arpa.preamble ?? []) head.push(`${line}\n`);
  head.push("\\data\\\n");
  orders.forEach((order, i) => head.push(`ngram ${i + 1}=${order.log10Probs.length}\n`));
  head.push("\n");
  yield head.join("");
  const cache = new Map<number, string>();
  const format = (x: number): string => {
    let s = cache.get(x);
    if (s === undefined) {
      s = formatFloat32(x);
      if (cache.size < 1 << 20) cache.set(x, s);
    }
    return s;
  };
  for (let i = 0; i < orders.length; i++) {
    const n = i + 1;
    const { ids, log10Probs, backoffs } = orders[i]!;
    const highest = n === orders.length;
    let lines: string[] = [`\\${n}-grams:\n`];
    for (let e = 0; e < log10Probs.length; e++) {
      let words = vocab[ids[e * n]!]!;
      for (let k = 1; k < n; k++) words += ` ${vocab[ids[e * n + k]!]}`;
      // Object.is keeps a "-0" that was read as -0 (format gives "-0"); the cache would not.
      const prob = Object.is(log10Probs[e], -0) ? "-0" : format(log10Probs[e]!);
      if (highest || !backoffs) lines.push(`${prob}\t${words}\n`);
      else lines.push(`${prob}\t${words}\t${Object.is(backoffs[e], -0) ? "-0" : format(backoffs[e]!)}\n`);
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

/** Writes the model as an ARPA file; a path ending in .gz is gzip-compressed. */
export async function writeArpa(arpa: ArpaData, path: string): Promise<void> {
  const text = Readable.from(arpaText(arpa));
  try {
    if (path.toLowerCase().endsWith(".gz")) await pipeline(text, createGzip(), createWriteStream(path));
    else await pipeline(text, createWriteStream(path));
  } catch (error) {
    throw new OutputError(path, `cannot write: ${(error as Error).message}`, { cause: error });
  }
}
