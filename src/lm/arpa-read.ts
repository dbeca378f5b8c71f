// Reading ARPA files as KenLM does (kpu/kenlm lm/read_arpa.cc), streamed chunk by chunk into typed
// arrays: no string per line, none per n-gram word beyond the unigrams (byte-vocabulary.ts).
// KenLM's rules: only blank or "#" lines before \data\; "ngram N=count" for N = 1, 2, ...; each
// section "\N-grams:" holds exactly its count of lines "log10prob words [backoff]", fields apart
// by spaces or tabs; a word of a longer n-gram must be a unigram; a positive log10 probability is
// an error, and so is a backoff that is not finite or (on the highest order) not zero; "\end\"
// closes the file. Every error names the file and line. .gz and .zst files are decompressed.
import { InputError } from "../errors.js";
import { compressionOf, decompress } from "../io/decode/compression.js";
import { readFileChunks } from "../io/sources/file.js";
import { isS3 } from "../io/s3/s3-client.js";
import { s3Chunks } from "../io/s3/s3-read.js";
import type { ArpaData, ArpaOrder } from "./arpa-data.js";
import { ByteVocabulary } from "./byte-vocabulary.js";
import { parseNumber } from "./parse-number.js";

/** Reads an ARPA file (.arpa, .arpa.gz, .arpa.zst), local or s3://. */
export async function readArpa(path: string): Promise<ArpaData> {
  const parser = new ArpaParser(path);
  const bytes = isS3(path) ? s3Chunks(path) : readFileChunks(path);
  for await (const chunk of decompress(bytes, compressionOf(path), path)) parser.push(chunk);
  return parser.end();
}

/** Parses ARPA text or bytes already in memory; `file` names it in errors. */
export function parseArpa(text: string | Uint8Array, file = "<arpa>"): ArpaData {
  const parser = new ArpaParser(file);
  parser.push(typeof text === "string" ? Buffer.from(text, "utf8") : Buffer.from(text.buffer, text.byteOffset, text.byteLength));
  return parser.end();
}

type State = "preamble" | "counts" | "header" | "ngrams" | "end" | "done";

interface Section {
  ids: Uint32Array;
  log10Probs: Float32Array;
  backoffs: Float32Array | undefined;
}

const TAB = 0x09;
const SPACE = 0x20;

/** Push chunks of the file in order, then call end(). */
export class ArpaParser {
  private readonly file: string;
  private state: State = "preamble";
  private line = 0;
  private partial: Buffer[] = [];
  private readonly preamble: string[] = [];
  private readonly counts: number[] = [];
  private readonly sections: Section[] = [];
  private vocab: ByteVocabulary | undefined;
  private readonly words: string[] = [];
  /** The order being read (1-based) and how many of its lines are in. */
  private n = 0;
  private filled = 0;
  /** Where the previous n-gram line's words lie, to reuse their ids (same buffer only). */
  private previousBytes: Buffer | undefined;
  private readonly previousStart = new Int32Array(256);
  private readonly previousEnd = new Int32Array(256);

  constructor(file: string) {
    this.file = file;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.partial.length > 0) {
      const newline = chunk.indexOf(10);
      if (newline === -1) {
        this.partial.push(chunk);
        return;
      }
      const joined = Buffer.concat([...this.partial, chunk.subarray(0, newline)]);
      this.partial = [];
      this.take(joined, 0, joined.length);
      start = newline + 1;
    }
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline === -1) break;
      this.take(chunk, start, newline);
      start = newline + 1;
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }

  end(): ArpaData {
    if (this.partial.length > 0) {
      const rest = Buffer.concat(this.partial);
      this.partial = [];
      this.take(rest, 0, rest.length);
    }
    if (this.state !== "done") {
      const where =
        this.state === "ngrams"
          ? `in the ${this.n}-grams after ${this.filled} of ${this.counts[this.n - 1]} lines`
          : this.state === "end"
            ? "before \\end\\"
            : "before the n-grams";
      throw new InputError({ file: this.file, line: this.line }, `the file ends ${where}`);
    }
    const orders: ArpaOrder[] = this.sections.map((s, i) => (i === this.sections.length - 1 ? { ids: s.ids, log10Probs: s.log10Probs } : s) as ArpaOrder);
    for (const word of ["<s>", "</s>"]) {
      // KenLM's default (sentence_marker_missing = THROW_UP)
      if (!this.words.includes(word)) throw new InputError({ file: this.file }, `the unigrams have no ${word}, which a model needs to score sentences`);
    }
    return { vocab: this.words, orders, ...(this.preamble.length > 0 ? { preamble: this.preamble } : {}) };
  }

  private fail(what: string): never {
    throw new InputError({ file: this.file, line: this.line }, what);
  }

  /** One line: bytes[start, end) without its "\n" (a "\r" before it is dropped). */
  private take(bytes: Buffer, start: number, end: number): void {
    this.line++;
    if (end > start && bytes[end - 1] === 0x0d) end--;
    if (this.state === "ngrams") {
      this.ngram(bytes, start, end);
      return;
    }
    const blank = isBlank(bytes, start, end);
    const text = blank ? "" : bytes.toString("utf8", start, end);
    switch (this.state) {
      case "preamble":
        if (text === "\\data\\") this.state = "counts";
        else if (blank || text.startsWith("#")) this.preamble.push(bytes.toString("utf8", start, end));
        else this.fail(`expected \\data\\ (the start of an ARPA file), got "${preview(text)}"${hint(bytes, start)}`);
        return;
      case "counts":
        if (blank) {
          if (this.counts.length === 0) this.fail('expected "ngram 1=<count>" after \\data\\');
          this.allocate();
          this.state = "header";
          this.n = 1;
          return;
        }
        this.count(text);
        return;
      case "header": {
        if (blank) return;
        if (text !== `\\${this.n}-grams:`) this.fail(`expected \\${this.n}-grams:, got "${preview(text)}"`);
        this.filled = 0;
        this.previousBytes = undefined;
        this.state = "ngrams";
        this.nextSection();
        return;
      }
      case "end":
        if (blank) return;
        if (text !== "\\end\\")
          this.fail(`expected \\end\\ after ${this.counts.length}-grams (the header announced ${this.counts.length} orders), got "${preview(text)}"`);
        this.state = "done";
        return;
      case "done":
        if (!blank) this.fail(`unexpected line after \\end\\: "${preview(text)}"`);
        return;
    }
  }

  private count(text: string): void {
    const match = /^ngram (\d+)=(\d+)$/.exec(text.trim());
    if (!match) this.fail(`expected "ngram N=<count>", got "${preview(text)}"`);
    const n = Number(match[1]);
    if (n !== this.counts.length + 1) this.fail(`ngram counts must be for orders 1, 2, ... in turn; got order ${n} after ${this.counts.length}`);
    if (n > 255) this.fail(`order ${n} is too high`);
    this.counts.push(Number(match[2]));
  }

  private allocate(): void {
    const top = this.counts.length;
    this.counts.forEach((count, i) => {
      const n = i + 1;
      this.sections.push({ ids: new Uint32Array(count * n), log10Probs: new Float32Array(count), backoffs: n < top ? new Float32Array(count) : undefined });
    });
    this.vocab = new ByteVocabulary(this.counts[0]!);
  }

  /** After a section's header, or after its last line: an empty section needs no lines. */
  private nextSection(): void {
    while (this.state === "ngrams" && this.filled === this.counts[this.n - 1]) {
      if (this.n === this.counts.length) this.state = "end";
      else {
        this.n++;
        this.state = "header";
      }
    }
  }

  private ngram(bytes: Buffer, start: number, end: number): void {
    const n = this.n;
    const section = this.sections[n - 1]!;
    const e = this.filled;
    let p = start;
    let q = fieldEnd(bytes, p, end);
    const prob = parseNumber(bytes, p, q);
    if (bytes[start] === 0x5c || isBlank(bytes, start, end)) {
      this.fail(`the header announced ${this.counts[n - 1]} ${n}-grams, found ${e} before "${preview(bytes.toString("utf8", start, end))}"`);
    }
    if (q === p || Number.isNaN(prob))
      this.fail(`expected a log10 probability at the start of a ${n}-gram line, got "${preview(bytes.toString("utf8", start, end))}"`);
    if (prob > 0) this.fail(`positive log10 probability ${prob} (KenLM refuses it too)`);
    section.log10Probs[e] = prob;
    const vocab = this.vocab!;
    for (let k = 0; k < n; k++) {
      p = skipSpaces(bytes, q, end);
      q = fieldEnd(bytes, p, end);
      if (q === p) this.fail(`expected ${n} word${n === 1 ? "" : "s"} after the probability, found ${k}`);
      let id: number;
      if (n === 1) {
        id = vocab.size;
        if (!vocab.add(bytes, p, q)) this.fail(`the unigram "${bytes.toString("utf8", p, q)}" is listed twice`);
        this.words.push(bytes.toString("utf8", p, q));
      } else if (bytes === this.previousBytes && sameBytes(bytes, this.previousStart[k]!, this.previousEnd[k]!, p, q)) {
        // lmplz lists n-grams in suffix order: a line mostly ends in the words of the line before
        id = section.ids[(e - 1) * n + k]!;
      } else {
        id = vocab.find(bytes, p, q);
        if (id === -1) this.fail(`the word "${bytes.toString("utf8", p, q)}" of this ${n}-gram is not among the unigrams`);
      }
      this.previousStart[k] = p;
      this.previousEnd[k] = q;
      section.ids[e * n + k] = id;
    }
    p = skipSpaces(bytes, q, end);
    let backoff = 0;
    if (p < end) {
      q = fieldEnd(bytes, p, end);
      backoff = parseNumber(bytes, p, q);
      if (!Number.isFinite(backoff)) this.fail(`expected a finite log10 backoff after the ${n}-gram's words, got "${bytes.toString("utf8", p, q)}"`);
      if (skipSpaces(bytes, q, end) < end) this.fail(`unexpected text after the backoff of a ${n}-gram: "${preview(bytes.toString("utf8", q, end).trim())}"`);
      if (!section.backoffs && backoff !== 0) this.fail(`non-zero backoff ${backoff} on a ${n}-gram of the highest order`);
    }
    if (section.backoffs) section.backoffs[e] = backoff;
    this.previousBytes = bytes;
    this.filled++;
    this.nextSection();
  }
}

function sameBytes(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let k = 0; k < aEnd - a; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

function fieldEnd(bytes: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = bytes[p]!;
    if (c === TAB || c === SPACE) break;
    p++;
  }
  return p;
}

function skipSpaces(bytes: Uint8Array, p: number, end: number): number {
  while (p < end && (bytes[p] === TAB || bytes[p] === SPACE)) p++;
  return p;
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c !== SPACE && c !== TAB && c !== 0x0d && c !== 0x0b && c !== 0x0c) return false;
  }
  return true;
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}

/** KenLM's hints for files that are not ARPA text. */
function hint(bytes: Buffer, start: number): string {
  if (bytes[start] === 0x1f && bytes[start + 1] === 0x8b) return "; it looks gzip-compressed: name it .gz";
  if (bytes.toString("latin1", start, start + 33) === "mmap lm http://kheafield.com/code")
    return "; it looks like a KenLM binary model, which this reader does not read: use the ARPA file";
  return "";
}
