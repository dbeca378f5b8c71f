// Word ids as lmplz numbers them (kpu/kenlm lm/builder/corpus_count.cc, lm/vocab.hh): <unk> is 0,
// <s> 1, </s> 2, then every other word in the order it first appears. The unigram section of the
// ARPA file lists the words in this order.

export const UNK = 0;
export const BOS = 1;
export const EOS = 2;
export const SPECIAL_WORDS = ["<unk>", "<s>", "</s>"] as const;

export class Vocabulary {
  readonly words: string[] = [...SPECIAL_WORDS];
  private readonly ids = new Map<string, number>(SPECIAL_WORDS.map((w, i) => [w, i]));

  get size(): number {
    return this.words.length;
  }

  /** The word's id, adding it if it is new. */
  intern(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.ids.set(word, id);
    }
    return id;
  }
}

/** Whether a token is one of the three words lmplz reserves (it refuses them in the text). */
export function isSpecialWord(token: string): boolean {
  return token === "<unk>" || token === "<s>" || token === "</s>";
}

/**
 * A line split as lmplz reads its input (corpus_count.cc): words are separated by space, tab,
 * carriage return or NUL, and nothing else (a non-breaking space is part of a word).
 */
export function lmplzTokens(line: string): string[] {
  return line.split(/[ \t\r\0]+/).filter((w) => w !== "");
}
