// How text becomes the tokens of an n-gram model, in one place for the three that must agree:
// training (`corpuskit lm train`), cut-off tables (`lm cutoffs`, sampleCutoffs) and scoring
// (the perplexity step). A model trained on one tokenization and scored with another gives
// meaningless perplexities, so all three take the same option and resolve it here.
import { z } from "zod";
import { splitWords } from "../text/words.js";
import { pythonSplit } from "../text/normalize.js";
import { loadSentencePiece, loadTokenizerJsonPieces } from "./sentencepiece.js";

export type LmTokenize = (text: string, language: string | undefined) => string[];

export const LmTokenizerOption = z.union([
  z.enum(["words", "whitespace"]),
  z.object({ sentencepiece: z.string().describe("path to a SentencePiece .model (needs the optional package @agnai/sentencepiece-js)") }).strict(),
  z.object({ tokenizerJson: z.string().describe("path to a Hugging Face tokenizer.json: its token strings") }).strict(),
  z.custom<LmTokenize>((v) => typeof v === "function"),
]);
export type LmTokenizerOption = z.infer<typeof LmTokenizerOption>;

/**
 * The tokenizer function: "words" (words.ts, per language), "whitespace" (Python's str.split(),
 * for text already tokenized), a SentencePiece model's pieces (CCNet's), a tokenizer.json's token
 * strings, or the function given. SentencePiece and tokenizer.json load asynchronously, once.
 */
export async function lmTokenizer(option: LmTokenizerOption): Promise<LmTokenize> {
  if (typeof option === "function") return option;
  if (option === "words") return (text, language) => splitWords(text, language);
  if (option === "whitespace") return (text) => pythonSplit(text);
  const pieces = "sentencepiece" in option ? await loadSentencePiece(option.sentencepiece) : await loadTokenizerJsonPieces(option.tokenizerJson);
  return (text) => pieces(text);
}

/** A name for the tables and logs: "words", "whitespace", "sentencepiece:<path>", "tokenizer.json:<path>" or "custom". */
export function lmTokenizerName(option: LmTokenizerOption): string {
  if (typeof option === "function") return "custom";
  if (typeof option === "string") return option;
  return "sentencepiece" in option ? `sentencepiece:${option.sentencepiece}` : `tokenizer.json:${option.tokenizerJson}`;
}
