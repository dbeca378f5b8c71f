// The first pass of BPE training: how often each pre-tokenized word occurs in the corpus, as
// Hugging Face's BpeTrainer.feed() counts them. Memory grows with the distinct words, not the text.
//
// A web-scale corpus has more distinct words than fit in memory (and a JavaScript Map holds at most
// 2^24 entries), so the table is capped: past `maxWords` the rarest words are dropped, those seen once,
// then at most twice, and so on, until half the cap is free. A word dropped once and seen again starts
// from zero, so the counts of rare words come out low; frequent words, the ones merges are made of,
// are kept from their first sighting. Hugging Face keeps every word (no cap).
import { pretokenizer, specialSplitter, type PretokenizerName } from "./pretokenize.js";

export interface WordCountStatistics {
  /** Texts read. */
  texts: number;
  /** Words cut from them, special tokens not included. */
  words: number;
  /** Distinct words dropped to stay under the cap, and how often the cap was hit. */
  pruned: number;
  prunings: number;
}

export class WordCounter {
  readonly counts = new Map<string, number>();
  readonly statistics: WordCountStatistics = { texts: 0, words: 0, pruned: 0, prunings: 0 };
  private readonly split: (text: string) => string[];
  private readonly segments: ReturnType<typeof specialSplitter>;

  constructor(
    pretokenizerName: PretokenizerName,
    specialTokens: readonly string[],
    private readonly maxWords: number,
  ) {
    this.split = pretokenizer(pretokenizerName);
    this.segments = specialSplitter(specialTokens);
  }

  /**
   * Counts the words of one text. A special token in the text is a boundary and is not counted: it
   * encodes as its own id, so merges made of its pieces would never be used.
   */
  add(text: string): void {
    this.statistics.texts++;
    const counts = this.counts;
    for (const segment of this.segments(text)) {
      if (segment.special) continue;
      const words = this.split(segment.text);
      this.statistics.words += words.length;
      for (const word of words) {
        counts.set(word, (counts.get(word) ?? 0) + 1);
        if (counts.size > this.maxWords) this.prune();
      }
    }
  }

  private prune(): void {
    const before = this.counts.size;
    for (let atMost = 1; this.counts.size > this.maxWords / 2; atMost++) {
      for (const [word, count] of this.counts) if (count <= atMost) this.counts.delete(word);
    }
    this.statistics.pruned += before - this.counts.size;
    this.statistics.prunings++;
  }
}
