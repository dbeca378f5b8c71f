// What the perplexity step needs of a language model: log10 P(tokens, </s> | <s>), as KenLM's
// Model.score(sentence, bos=True, eos=True). NGramModel (src/lm) provides it; any other scorer (a
// wrapper around a native KenLM, say) can be passed in its place.
import { loadArpa } from "../lm/model.js";

export interface ScoringModel {
  score(tokens: readonly string[]): number;
}

/** Loads an ARPA model (.arpa, .arpa.gz, .arpa.zst) from disk. */
export function loadScoringModel(path: string): Promise<ScoringModel> {
  return loadArpa(path);
}
