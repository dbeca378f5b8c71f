// SentencePiece pieces (and tokenizer.json pieces) for the perplexity step, as CCNet tokenizes before KenLM (its models are
// over the pieces of a 65,536-piece unigram model). The encoder is the real SentencePiece library
// compiled to WebAssembly (npm @agnai/sentencepiece-js; same pieces as Debian's spm_encode, in the
// tests), loaded only when a SentencePiece model is asked for: it is an optional dependency.
import { existsSync } from "node:fs";
import { InputError, MissingDependencyError } from "../errors.js";
import { openHuggingFaceTokenizer } from "../tokenize/text-tokenizer.js";

interface Processor {
  load(path: string): Promise<void>;
  encodePieces(text: string): string[];
}

const PACKAGE = "@agnai/sentencepiece-js";

/** A tokenizer function from a SentencePiece `.model` file. */
export async function loadSentencePiece(path: string): Promise<(text: string) => string[]> {
  if (!existsSync(path)) throw new InputError({ file: path }, "no such SentencePiece model");
  let module: { SentencePieceProcessor?: new () => Processor; default?: { SentencePieceProcessor: new () => Processor } };
  try {
    // a variable, so that bundlers leave the optional package out of the build
    const name = PACKAGE;
    module = (await import(name)) as typeof module;
  } catch (error) {
    throw new MissingDependencyError(PACKAGE, "perplexity({ tokenizer: { sentencepiece } })", { cause: error });
  }
  const Processor = module.SentencePieceProcessor ?? module.default!.SentencePieceProcessor;
  const processor = new Processor();
  try {
    await processor.load(path);
  } catch (error) {
    throw new InputError({ file: path }, `not a SentencePiece model: ${String((error as Error)?.message ?? error)}`, { cause: error });
  }
  return (text) => processor.encodePieces(text);
}

/**
 * A tokenizer function from a Hugging Face tokenizer.json: the model's token strings (pieces), as
 * an n-gram model over that tokenizer's pieces expects them.
 */
export async function loadTokenizerJsonPieces(path: string): Promise<(text: string) => string[]> {
  const { tokenizer } = await openHuggingFaceTokenizer(path);
  return (text) => tokenizer.tokenize(text, { add_special_tokens: false });
}
