// Which integer type the token files hold. Both formats store raw little-endian integers; they differ
// in which 4-byte type they can name:
// - Megatron-LM's indexed dataset records the type as a one-byte code (DType in
//   megatron/core/datasets/indexed_dataset.py: uint8 1, int8 2, int16 3, int32 4, int64 5,
//   float64 6, float32 7, uint16 8). There is no uint32 code: a vocabulary too large for uint16 is
//   stored as int32, as Megatron's own preprocess_data.py does, so ids must stay below 2^31.
// - nanoGPT's flat .bin names no type at all (its prepare.py writes numpy uint16); our JSON sidecar
//   names it, so uint32 is fine there.
import { ConfigError } from "../errors.js";

export type TokenFormat = "megatron" | "bin";
export type TokenDtypeOption = "auto" | "uint16" | "uint32";
/** The type on disk: `uint32` in `bin` files becomes `int32` in Megatron files. */
export type TokenDtype = "uint16" | "uint32" | "int32";

/** Megatron-LM's DType code of each type, as the .idx header stores it (none for uint32). */
export const MEGATRON_DTYPE_CODE: Record<TokenDtype, number | undefined> = { uint16: 8, int32: 4, uint32: undefined };

export const DTYPE_BYTES: Record<TokenDtype, 2 | 4> = { uint16: 2, uint32: 4, int32: 4 };

/** The largest id each type holds. */
export const DTYPE_MAX: Record<TokenDtype, number> = { uint16: 0xffff, uint32: 0xffff_ffff, int32: 0x7fff_ffff };

/**
 * The on-disk type. `auto` needs the vocabulary size: ids are below it, so uint16 holds them when it
 * is at most 65,536. (Megatron's optimal_dtype switches at 65,500 to leave room for added special
 * tokens; the writer instead checks every id, so the exact bound is safe.) Deciding from the data
 * instead would mean holding or rewriting the output, and would let a shard's type depend on which
 * documents it got, so runs split into different numbers of tasks would write different files.
 */
export function chooseTokenDtype(format: TokenFormat, dtype: TokenDtypeOption, vocabSize: number | undefined, where: string): TokenDtype {
  if (dtype === "auto" && vocabSize === undefined) {
    throw new ConfigError(where, 'dtype "auto" needs vocabSize (the tokenizer\'s vocabulary size); pass it, or set dtype to "uint16" or "uint32"');
  }
  const wide = dtype === "uint32" || (dtype === "auto" && vocabSize! > 65_536);
  const chosen: TokenDtype = !wide ? "uint16" : format === "megatron" ? "int32" : "uint32";
  if (vocabSize !== undefined && vocabSize - 1 > DTYPE_MAX[chosen]) {
    throw new ConfigError(
      where,
      `a vocabulary of ${vocabSize} ids does not fit ${chosen}${format === "megatron" && chosen === "int32" ? " (Megatron-LM has no uint32 type)" : ""}`,
    );
  }
  return chosen;
}
