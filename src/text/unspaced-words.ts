// Words of text written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese, Tibetan):
// a dictionary is needed. Chinese gets jieba, as in datatrove (jieba-words.ts); the others Node's ICU
// dictionaries through Intl.Segmenter.
import { jiebaWords } from "./jieba-words.js";

const segmenters = new Map<string, Intl.Segmenter>();

// V8's Intl.Segmenter slows down sharply with input length (a 400 KB text goes some 200 times
// slower per byte than short ones; tests/text/hostile-text.test.ts holds the pieces linear), so unspaced text is segmented in pieces cut at whitespace
// and punctuation, where no word can continue. A run longer than MAX_PIECE without any is cut hard.
const PIECE_BREAK_RE = /[\s\p{P}]/u;
const MAX_PIECE = 256;

/** Every word of unspaced text in `code` (an ISO 639-1 code), whitespace dropped. */
export function unspacedWords(text: string, code: string): string[] {
  if (code === "zh" || code === "cmn") return jiebaWords(text);
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

/** For text in an unspaced script: Japanese if it has kana, else Chinese if it has Han, else Thai. */
export function guessUnspacedLanguage(text: string): "ja" | "zh" | "th" {
  return /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text) ? "ja" : /\p{Script=Han}/u.test(text) ? "zh" : "th";
}
