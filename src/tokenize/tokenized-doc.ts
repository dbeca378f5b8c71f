// A document after tokenization: its token ids travel beside the text, as a typed array (4 bytes a
// token, no number boxing), to the token-file writers.
import type { Doc } from "../doc.js";

export interface TokenizedDoc extends Doc {
  tokens: Uint32Array;
  /**
   * The vocabulary size of the tokenizer that made `tokens` (its ids are below it), set by tokenize():
   * writeTokens' dtype "auto" reads it, so the sink need not be told.
   */
  vocabSize?: number;
}

export function isTokenized(doc: Doc): doc is TokenizedDoc {
  return (doc as Partial<TokenizedDoc>).tokens instanceof Uint32Array;
}
