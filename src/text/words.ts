// Words per language. datatrove splits with a per-language tokenizer (spaCy for English: punctuation
// becomes its own token, whitespace disappears); Chinese, Japanese, Thai and other unspaced scripts
// need a dictionary, which Node's ICU brings through Intl.Segmenter. Spaced scripts use a Unicode
// regex instead: the same tokens for ordinary text at several times the speed of the segmenter.
// Known difference from spaCy: contractions stay whole ("don't" is one token, spaCy gives "do", "n't").

/** Languages written without spaces between words: segmented with ICU's dictionaries. */
const UNSPACED = new Set(["zh", "ja", "th", "lo", "km", "my", "bo", "yue", "wuu", "cmn"]);
const UNSPACED_SCRIPT_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

// A word: letters, marks and digits, with inner apostrophes, hyphens or dots ("l'homme", "e-mail",
// "3.14"); a run of dots is one token ("...", as spaCy keeps it); anything else that is not a space
// is a token of its own (punctuation, symbols).
const SPACED_TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:['’\-.][\p{L}\p{M}\p{N}]+)*|\.{2,}|[^\s\p{L}\p{M}\p{N}]/gu;

const segmenters = new Map<string, Intl.Segmenter>();

/** Whether `language` (ISO code, or undefined) is written without spaces, or the text looks so. */
export function isUnspaced(text: string, language?: string): boolean {
  if (language) return UNSPACED.has(language.toLowerCase().split(/[-_]/)[0]!);
  return UNSPACED_SCRIPT_RE.test(text.slice(0, 2000));
}

/**
 * Every token of `text`: words and punctuation marks, no whitespace (datatrove's split_into_words).
 * Without a language, unspaced scripts are detected from the text.
 */
export function splitWords(text: string, language?: string): string[] {
  if (!isUnspaced(text, language)) return text.match(SPACED_TOKEN_RE) ?? [];
  const code = language?.toLowerCase().split(/[-_]/)[0] ?? (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text) ? "ja" : /\p{Script=Han}/u.test(text) ? "zh" : "th");
  let segmenter = segmenters.get(code);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(code, { granularity: "word" });
    segmenters.set(code, segmenter);
  }
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const token = segment.trim();
    if (token.length > 0) out.push(token);
  }
  return out;
}

/** Only the word-like tokens (letters or digits), for counts such as "a document has 50 words". */
export function countWords(text: string, language?: string): number {
  let n = 0;
  for (const token of splitWords(text, language)) if (/[\p{L}\p{N}]/u.test(token)) n++;
  return n;
}
