// Token ids into the .bin: little-endian integers of the chosen type, back to back, as both Megatron-LM
// (numpy arrays written with tobytes()) and nanoGPT (numpy memmap) lay them out on the x86 and ARM
// machines they train on. Ids are checked before any byte is written, since a narrowing typed-array
// copy would silently wrap an id that does not fit.
import { endianness } from "node:os";
import { Buffer } from "node:buffer";
import { InputError } from "../errors.js";
import { BufferedFile } from "./buffered-file.js";
import { DTYPE_BYTES, DTYPE_MAX, type TokenDtype } from "./token-dtype.js";

const BIG_ENDIAN_HOST = endianness() === "BE";

/** Throws an InputError naming the document when an id is larger than `dtype` holds. */
export function checkTokensFit(tokens: Uint32Array, dtype: TokenDtype, docId: string): void {
  const max = DTYPE_MAX[dtype];
  if (max === 0xffff_ffff) return;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]! > max) {
      throw new InputError(
        { file: docId },
        `token ${tokens[i]} (position ${i} of the document) does not fit ${dtype}, whose largest value is ${max}; choose a wider dtype or give the tokenizer's vocabSize with dtype "auto"`,
      );
    }
  }
}

/** Append `tokens` (already checked) as `dtype`. */
export async function appendTokens(file: BufferedFile, tokens: Uint32Array, dtype: TokenDtype): Promise<void> {
  const size = DTYPE_BYTES[dtype];
  let at = 0;
  while (at < tokens.length) {
    await file.reserve(size);
    const n = Math.min((BufferedFile.SIZE - file.used) / size, tokens.length - at);
    const part = tokens.subarray(at, at + n);
    if (dtype === "uint16") new Uint16Array(file.buffer, file.used, n).set(part);
    else if (dtype === "int32") new Int32Array(file.buffer, file.used, n).set(part);
    else new Uint32Array(file.buffer, file.used, n).set(part);
    if (BIG_ENDIAN_HOST) {
      const written = Buffer.from(file.buffer, file.used, n * size);
      if (size === 2) written.swap16();
      else written.swap32();
    }
    file.used += n * size;
    at += n;
  }
}
