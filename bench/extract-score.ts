// The ScrapingHub article-extraction benchmark's scoring (scrapinghub/article-extraction-benchmark,
// evaluate.py @ 4a3bc97), restated: Python's `\w+` tokens, word 4-gram shingles as a multiset, per-page
// precision and recall over shingle counts, corpus precision = mean over pages with a non-empty
// prediction, recall = mean over all pages, F1 = harmonic mean of the two means.

const WORD = /[\p{L}\p{N}_]+/gu;

function shingles(text: string): Map<string, number> {
  const tokens = text.match(WORD) ?? [];
  const counts = new Map<string, number>();
  if (tokens.length === 0) return counts;
  if (tokens.length < 4) {
    counts.set(tokens.join(" "), 1);
    return counts;
  }
  for (let i = 0; i + 4 <= tokens.length; i++) {
    const key = `${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]} ${tokens[i + 3]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface PageScore {
  precision: number | undefined;
  recall: number | undefined;
}

export function scorePage(expected: string, predicted: string): PageScore {
  const truth = shingles(expected);
  const pred = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, n] of truth) {
    const m = pred.get(key) ?? 0;
    tp += Math.min(n, m);
    fn += Math.max(0, n - m);
  }
  for (const [key, m] of pred) fp += Math.max(0, m - (truth.get(key) ?? 0));
  const ratio = (a: number, b: number): number | undefined => (a + b === 0 ? undefined : a / (a + b));
  // evaluate.py: 1 when both error terms are 0 and there is something to compare
  return {
    precision: tp + fp === 0 ? undefined : fp === 0 && fn === 0 ? 1 : ratio(tp, fp),
    recall: tp + fn === 0 ? undefined : fp === 0 && fn === 0 ? 1 : ratio(tp, fn),
  };
}

export interface Score {
  f1: number;
  precision: number;
  recall: number;
  empty: number;
  pages: number;
}

export function scoreAll(pairs: { expected: string; predicted: string }[]): Score {
  let p = 0;
  let np = 0;
  let r = 0;
  let nr = 0;
  let empty = 0;
  for (const { expected, predicted } of pairs) {
    if ((predicted.match(WORD) ?? []).length === 0) empty++;
    const s = scorePage(expected, predicted);
    if (s.precision !== undefined) {
      p += s.precision;
      np++;
    }
    if (s.recall !== undefined) {
      r += s.recall;
      nr++;
    }
  }
  const precision = np === 0 ? 0 : p / np;
  const recall = nr === 0 ? 0 : r / nr;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { f1, precision, recall, empty, pages: pairs.length };
}
