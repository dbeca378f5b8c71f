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

// V8's Intl.Segmenter slows down sharply with input length (measured: 4.4 MB/s on 200-character
// texts, 0.02 MB/s on one 400 KB text), so unspaced text is segmented in pieces cut at whitespace
// and punctuation, where no word can continue. A run longer than MAX_PIECE without any is cut hard.
const PIECE_BREAK_RE = /[\s\p{P}]/u;
const MAX_PIECE = 256;

// The filters of one pipeline ask for the same document's words one after the other: remember the
// last few answers (V8 caches a string's hash, so a repeated lookup does not rehash the text).
const recent = new Map<string, string[]>();
const RECENT_SIZE = 8;

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
  const key = `${language ?? ""}\u0000${text}`;
  const cached = recent.get(key);
  if (cached) return cached;
  const words = computeWords(text, language);
  if (recent.size >= RECENT_SIZE) recent.delete(recent.keys().next().value!);
  recent.set(key, words);
  return words;
}

function computeWords(text: string, language?: string): string[] {
  if (!isUnspaced(text, language)) return text.match(SPACED_TOKEN_RE) ?? [];
  const code = language?.toLowerCase().split(/[-_]/)[0] ?? (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text) ? "ja" : /\p{Script=Han}/u.test(text) ? "zh" : "th");
  let segmenter = segmenters.get(code);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(code, { granularity: "word" });
    segmenters.set(code, segmenter);
  }
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + MAX_PIECE);
    if (end < text.length) {
      // cut after the last break character in the window, if there is one
      let cut = end;
      while (cut > start + 1 && !PIECE_BREAK_RE.test(text[cut - 1]!)) cut--;
      if (cut > start + 1) end = cut;
      else if (/[\ud800-\udbff]/.test(text[end - 1]!)) end--; // never split a surrogate pair
    }
    for (const { segment } of segmenter.segment(text.slice(start, end))) {
      const token = segment.trim();
      if (token.length > 0) out.push(token);
    }
    start = end;
  }
  return out;
}

/** Only the word-like tokens (letters or digits), for counts such as "a document has 50 words". */
export function countWords(text: string, language?: string): number {
  let n = 0;
  for (const token of splitWords(text, language)) if (/[\p{L}\p{N}]/u.test(token)) n++;
  return n;
}
