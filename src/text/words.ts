// Words per language. datatrove splits with a per-language tokenizer (spaCy for English: punctuation
// becomes its own token, whitespace disappears); Chinese, Japanese, Thai and other unspaced scripts
// need a dictionary (unspaced-words.ts). Spaced scripts follow spaCy's rules: English's
// (spaced-tokens.ts), or the language's own where datatrove uses them (spacy-rules.ts).

import { isSpace } from "./code-points.js";
import { spacedTokens } from "./spaced-tokens.js";
import { spacyRuleLanguage, spacyRuleTokens } from "./spacy-rules.js";
import { guessUnspacedLanguage, unspacedWords } from "./unspaced-words.js";

export { guessUnspacedLanguage } from "./unspaced-words.js";

/** Languages written without spaces between words: segmented with a dictionary (unspaced-words.ts). */
const UNSPACED = new Set(["zh", "ja", "th", "lo", "km", "my", "bo", "yue", "wuu", "cmn"]);
const UNSPACED_SCRIPT_RE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

// The filters of one pipeline ask for the same document's words one after the other: remember the
// last few answers (V8 caches a string's hash, so a repeated lookup does not rehash the text).
const recent = new Map<string, { language: string | undefined; words: string[] }[]>();
const RECENT_SIZE = 8;

/** Whether `language` (ISO code, or undefined) is written without spaces, or the text looks so. */
export function isUnspaced(text: string, language?: string): boolean {
  if (language) return UNSPACED.has(language.toLowerCase().split(/[-_]/)[0]!);
  // every filter of a pipeline asks about the same document in turn: remember the last answers
  let answer = scriptGuesses.get(text);
  if (answer === undefined) {
    answer = UNSPACED_SCRIPT_RE.test(text.slice(0, 2000));
    if (scriptGuesses.size >= RECENT_SIZE) scriptGuesses.delete(scriptGuesses.keys().next().value!);
    scriptGuesses.set(text, answer);
  }
  return answer;
}

const scriptGuesses = new Map<string, boolean>();

/**
 * Every token of `text`: words and punctuation marks, no whitespace (datatrove's split_into_words).
 * Without a language, unspaced scripts are detected from the text.
 */
export function splitWords(text: string, language?: string): string[] {
  // Keyed by the text itself: the same string object hashes once (a key built by concatenation
  // would be a new string to flatten and hash on every call).
  const entries = recent.get(text);
  const hit = entries?.find((e) => e.language === language);
  if (hit) return hit.words;
  const words = computeWords(text, language);
  if (entries) entries.push({ language, words });
  else {
    if (recent.size >= RECENT_SIZE) recent.delete(recent.keys().next().value!);
    recent.set(text, [{ language, words }]);
  }
  return words;
}

function computeWords(text: string, language?: string): string[] {
  if (!isUnspaced(text, language)) {
    // German, French, Spanish, Portuguese, Italian, Dutch, Russian: spaCy's rules of that language
    const lang = spacyRuleLanguage(language);
    return lang ? spacyRuleTokens(text, lang) : spacedTokens(text);
  }
  return unspacedWords(text, language?.toLowerCase().split(/[-_]/)[0] ?? guessUnspacedLanguage(text));
}

/** Only the word-like tokens (letters or digits), for counts such as "a document has 50 words". */
export function countWords(text: string, language?: string): number {
  let n = 0;
  for (const token of splitWords(text, language)) if (/[\p{L}\p{N}]/u.test(token)) n++;
  return n;
}

/**
 * A lower bound on `splitWords(text).length` that builds nothing: the runs between whitespace that
 * hold a visible character. Every tokenizer here splits at ASCII whitespace (spaCy at Python's
 * isspace, jieba at `\s`, ICU's word rules around tabs, spaces and line breaks) and keeps every
 * visible character in some token, so each such run gives at least one word. Rules that need only
 * the word count (FineWeb's newlines per word) can decide from it when it already suffices.
 */
export function minWordCount(text: string): number {
  let runs = 0;
  let visible = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) {
      if (visible) runs++;
      visible = false;
    } else if (!visible && !isSoftSpace(c)) visible = true;
  }
  return visible ? runs + 1 : runs;
}

/** Whitespace to JavaScript (\s) or to Python (str.isspace, which adds \x1c-\x1f and U+0085): not a visible character. */
function isSoftSpace(c: number): boolean {
  return isSpace(c) || (c >= 0x1c && c <= 0x1f) || c === 0x85;
}
