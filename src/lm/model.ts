// Scoring with a backoff n-gram model, as KenLM's Model.full_scores / score (kpu/kenlm
// lm/model.cc FullScore): for each word, the longest n-gram ending in it that the model lists
// gives its log10 probability, plus the backoffs of the longer contexts that were not followed by
// it:  log10 p(w | h) = log10 p(h_j w) + sum_{k >= j} bo(h_k), where h_k is the last k words of the
// history and bo of an unlisted context is 0. The state between words is KenLM's: the contexts
// found (at most order-1 words) and their backoffs. A word the model does not know is <unk>; a
// model without <unk> gives it log10 -100, KenLM's unknown_missing_logprob. Sums are in single
// precision, as KenLM's.
import { InputError } from "../errors.js";
import type { ArpaData } from "./arpa-data.js";
import { readArpa } from "./arpa-read.js";
import { extendKey, key, startKey } from "./ngram-hash.js";
import { ProbingTable } from "./probing-table.js";

export interface TokenScore {
  /** log10 p(token | history), backoffs included. */
  log10Prob: number;
  /** Length of the n-gram that matched (1 for a unigram). */
  ngramLength: number;
  /** The token is not in the vocabulary (scored as <unk>). */
  oov: boolean;
}

const UNKNOWN_MISSING_LOG10PROB = -100;
const fround = Math.fround;

export class NGramModel {
  readonly order: number;
  /** word -> id. */
  readonly vocab: ReadonlyMap<string, number>;
  private readonly unk: number;
  private readonly bos: number;
  private readonly eos: number;
  private readonly unigramProbs: Float32Array;
  private readonly unigramBackoffs: Float32Array;
  /** tables[n] holds the n-grams of order n >= 2. */
  private readonly tables: ProbingTable[];
  // The state between words, reused by every call: history[k] is the (k+1)-th latest word, and
  // context[k] the backoff of the last k words, for k = 1..contextLength.
  private readonly history: Int32Array;
  private readonly context: Float64Array;
  private readonly found: Float64Array;

  private constructor(arpa: ArpaData, source: string) {
    const { vocab: words, orders } = arpa;
    this.order = orders.length;
    const vocab = new Map<string, number>();
    words.forEach((w, i) => vocab.set(w, i));
    this.vocab = vocab;
    const unk = vocab.get("<unk>");
    this.unk = unk ?? words.length;
    this.bos = vocab.get("<s>")!;
    this.eos = vocab.get("</s>")!;
    const size = words.length + (unk === undefined ? 1 : 0);
    this.unigramProbs = new Float32Array(size);
    this.unigramBackoffs = new Float32Array(size);
    this.unigramProbs.set(orders[0]!.log10Probs);
    if (orders[0]!.backoffs) this.unigramBackoffs.set(orders[0]!.backoffs);
    if (unk === undefined) this.unigramProbs[this.unk] = UNKNOWN_MISSING_LOG10PROB;
    this.tables = [];
    for (let n = 2; n <= this.order; n++) {
      const { ids, log10Probs, backoffs } = orders[n - 1]!;
      const table = new ProbingTable(log10Probs.length);
      for (let e = 0; e < log10Probs.length; e++) {
        const at = e * n;
        startKey(ids[at + n - 1]!);
        for (let k = n - 2; k >= 0; k--) extendKey(ids[at + k]!);
        if (!table.insert(key.lo, key.hi, log10Probs[e]!, backoffs ? backoffs[e]! : 0)) {
          const gram = Array.from(ids.subarray(at, at + n), (id) => words[id]).join(" ");
          throw new InputError({ file: source }, `the ${n}-gram "${gram}" is listed twice (or shares its 64-bit key with another)`);
        }
      }
      this.tables[n] = table;
    }
    this.history = new Int32Array(this.order);
    this.context = new Float64Array(this.order + 1);
    this.found = new Float64Array(this.order + 1);
  }

  /** Indexes the n-grams for scoring; `source` names the model in errors. */
  static fromArpa(arpa: ArpaData, source = "<arpa>"): NGramModel {
    return new NGramModel(arpa, source);
  }

  /** log10 P(tokens), with <s> before them and </s> after them by default (KenLM's score). */
  score(tokens: readonly string[], bos = true, eos = true): number {
    return this.walk(tokens, bos, eos, undefined);
  }

  /** Each token's score, </s> last when eos (KenLM's full_scores). */
  fullScores(tokens: readonly string[], bos = true, eos = true): TokenScore[] {
    const out: TokenScore[] = [];
    this.walk(tokens, bos, eos, out);
    return out;
  }

  /** 10^(-log10 P / (tokens + 1)): KenLM's perplexity, </s> counted as a token. */
  perplexity(tokens: readonly string[]): number {
    return 10 ** (-this.score(tokens) / (tokens.length + 1));
  }

  private walk(tokens: readonly string[], bos: boolean, eos: boolean, out: TokenScore[] | undefined): number {
    const N = this.order;
    const { history, context, found, unigramProbs, unigramBackoffs, tables, vocab, unk } = this;
    let contextLength = 0;
    if (bos && N > 1) {
      history[0] = this.bos;
      context[1] = unigramBackoffs[this.bos]!;
      contextLength = 1;
    }
    let total = 0;
    const count = tokens.length + (eos ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const word = i < tokens.length ? (vocab.get(tokens[i]!) ?? unk) : this.eos;
      let prob = unigramProbs[word]!;
      let length = 1;
      found[1] = unigramBackoffs[word]!;
      const longest = contextLength < N - 1 ? contextLength : N - 1;
      if (longest > 0) {
        startKey(word);
        for (let k = 1; k <= longest; k++) {
          extendKey(history[k - 1]!);
          const table = tables[k + 1]!;
          const at = table.find(key.lo, key.hi);
          if (at === -1) break;
          prob = table.value(at);
          length = k + 1;
          found[length] = table.value(at + 1);
        }
      }
      // the contexts longer than the one used back off; KenLM adds in float, and so sums the
      // sentence (python/kenlm.pyx score: "cdef float total"), so the totals agree to the bit
      for (let k = length; k <= contextLength; k++) prob = fround(prob + context[k]!);
      total = fround(total + prob);
      if (out) out.push({ log10Prob: prob, ngramLength: length, oov: word === unk });
      contextLength = length < N - 1 ? length : N - 1;
      for (let k = contextLength; k >= 1; k--) context[k] = found[k]!;
      for (let k = N - 2; k >= 1; k--) history[k] = history[k - 1]!;
      history[0] = word;
    }
    return total;
  }
}

/** Reads an ARPA file (.arpa, .arpa.gz, .arpa.zst) into a model for scoring. */
export async function loadArpa(path: string): Promise<NGramModel> {
  return NGramModel.fromArpa(await readArpa(path), path);
}
