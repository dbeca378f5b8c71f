// A word's summed input rows through the WebAssembly SIMD kernel in word-rows.wat, for models of
// dimension 16 (lid.176): the n-gram hashing, the pruned-bucket lookup and four f32x4 adds per row
// run in one call, where JavaScript spent ~3x what native fastText spends per new word (profiled on
// the sample corpus: hashing, bucket lookups and sixteen scalar adds per row). The sums are
// bit-identical to the scalar path in ../predict.ts, which stays the reference and the fallback.
//
// Each classifier gets its own instance: the model's input rows and its word-sum cache live in the
// instance's memory (sized once, never grown afterwards, so the views below stay valid); the
// compiled module is shared. New WebAssembly.Module on <1 KB compiles synchronously.
import type { SubwordRows } from "../subwords.js";
import { WORD_ROWS_WASM } from "./word-rows-wasm.js";

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

// TypeScript's ES2023 lib and @types/node 20 declare no WebAssembly: the members used here
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

interface Exports {
  memory: Memory;
  setup(bytes: number, input: number, nwords: number, minn: number, maxn: number, bucket: number, pruned: number, bits: number, offsets: number): void;
  wordRows(wid: number, len: number, subwords: number, out: number): number;
}

/** The bounded word's bytes: room for any word of up to this many UTF-16 units (3 bytes each, plus `<` `>`). */
const BYTES = 1 << 16;
export const KERNEL_LONGEST_WORD = (BYTES - 2) / 3;

export interface WordRowsKernel {
  /** Where boundedUtf8 writes the word (never replaced: words longer than KERNEL_LONGEST_WORD take the scalar path). */
  readonly scratch: { bytes: Uint8Array };
  /** `slots` sums of 16 floats, in the instance's memory. */
  readonly sums: Float32Array;
  /** Sums the rows of the bounded word scratch[0, length) into sums slot `slot`; returns the row count. */
  rows(wid: number, length: number, subwords: boolean, slot: number): number;
}

/** undefined: not tried yet; null: no WebAssembly SIMD here. */
let compiled: { wasm: WebAssemblyApi; module: object } | null | undefined;

function compile(): { wasm: WebAssemblyApi; module: object } | null {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined) return null;
  try {
    const bytes = Uint8Array.from(atob(WORD_ROWS_WASM), (ch) => ch.charCodeAt(0));
    // validating the kernel itself is the feature test: it fails exactly where a v128 op it uses is missing
    if (!wasm.validate(bytes)) return null;
    return { wasm, module: new wasm.Module(bytes) };
  } catch {
    return null;
  }
}

/**
 * A kernel holding `input` (rows x 16 floats) and room for `slots` word sums, or null where
 * WebAssembly SIMD is missing or the memory cannot be had (the caller sums in JavaScript then).
 */
export function wordRowsKernel(input: Float32Array, s: SubwordRows, slots: number): WordRowsKernel | null {
  if (compiled === undefined) compiled = compile();
  if (compiled === null) return null;
  const bits = s.prune?.bits ?? new Int32Array(0);
  const offsets = s.prune?.offsets ?? new Int32Array(0);
  const sumsAt = BYTES;
  const inputAt = sumsAt + slots * 64;
  const bitsAt = inputAt + input.length * 4;
  const offsetsAt = bitsAt + bits.length * 4;
  const end = offsetsAt + offsets.length * 4;
  if (end > 2 ** 32 - 65536) return null;
  try {
    const exports = new compiled.wasm.Instance(compiled.module).exports as unknown as Exports;
    const have = exports.memory.buffer.byteLength;
    if (end > have) exports.memory.grow(Math.ceil((end - have) / 65536));
    const buffer = exports.memory.buffer;
    new Float32Array(buffer, inputAt, input.length).set(input);
    new Int32Array(buffer, bitsAt, bits.length).set(bits);
    new Int32Array(buffer, offsetsAt, offsets.length).set(offsets);
    exports.setup(0, inputAt, s.nwords, s.minn, s.maxn, s.bucket, s.prune ? 1 : 0, bitsAt, offsetsAt);
    const wordRows = exports.wordRows;
    return {
      scratch: { bytes: new Uint8Array(buffer, 0, BYTES) },
      sums: new Float32Array(buffer, sumsAt, slots * 16),
      rows: (wid, length, subwords, slot) => wordRows(wid, length, subwords ? 1 : 0, sumsAt + slot * 64),
    };
  } catch {
    // a RangeError from grow(): no memory for the copy; the scalar path needs none
    return null;
  }
}
