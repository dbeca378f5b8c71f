// Text normalization, three ways, each faithful to its origin:
// - ccnetNormalize / normalizeForDedup: CCNet's text_normalizer (Wenzek et al. 2019), used before
//   hashing paragraphs and before LM scoring;
// - simplifyText: datatrove's simplify_text, used for MinHash shingles and exact dedup;
// - normalize(): a pipeline step that cleans text for storage (NFC, line ends, control characters).
import { PUNCTUATION_CHARS } from "./punctuation.js";

/** CCNet's UNICODE_PUNCT: 34 characters and their ASCII stand-ins (text_normalizer.py). */
const UNICODE_PUNCT: Record<string, string> = {
  "，": ",",
  "。": ".",
  "、": ",",
  "„": '"',
  "”": '"',
  "“": '"',
  "«": '"',
  "»": '"',
  "１": '"',
  "」": '"',
  "「": '"',
  "《": '"',
  "》": '"',
  "´": "'",
  "∶": ":",
  "：": ":",
  "？": "?",
  "！": "!",
  "（": "(",
  "）": ")",
  "；": ";",
  "–": "-",
  "—": " - ",
  "．": ". ",
  "～": "~",
  "’": "'",
  "…": "...",
  "━": "-",
  "〈": "<",
  "〉": ">",
  "【": "[",
  "】": "]",
  "％": "%",
  "►": "-",
};
const UNICODE_PUNCT_RE = new RegExp(`[${Object.keys(UNICODE_PUNCT).join("")}]`, "g");
// chr 0-31 and 127-159: CCNet's non-printing characters (\n, \r and \t included: they are deleted).
const NON_PRINTING_RE = /[\u0000-\u001f\u007f-\u009f]/g;
const PUNCT_OR_NON_PRINTING_RE = new RegExp(`[${Object.keys(UNICODE_PUNCT).join("")}\\u0000-\\u001f\\u007f-\\u009f]`, "g");
// Python's \d is every Unicode decimal digit (Nd); JavaScript's \d is ASCII only.
const DIGIT_RE = /\p{Nd}/gu;
const COMBINING_MARK_RE = /\p{Mn}/gu;

export interface CcnetNormalizeOptions {
  accent?: boolean;
  case?: boolean;
  numbers?: boolean;
  /** 0 keep, 1 map to ASCII (CCNet's default), 2 delete. */
  punct?: 0 | 1 | 2;
}

/** CCNet's `normalize`: strip, lowercase, drop accents (NFD, no recomposition), digits to 0, punctuation map, non-printing removed. */
export function ccnetNormalize(line: string, options: CcnetNormalizeOptions = {}): string {
  const { accent = true, case: lower = true, numbers = true, punct = 1 } = options;
  let s = pythonStrip(line);
  if (s.length === 0) return s;
  if (lower) s = s.toLowerCase();
  if (accent) s = s.normalize("NFD").replace(COMBINING_MARK_RE, "");
  if (numbers) s = s.replace(DIGIT_RE, "0");
  if (punct === 1) s = s.replace(UNICODE_PUNCT_RE, (c) => UNICODE_PUNCT[c]!);
  else if (punct === 2) s = s.replace(UNICODE_PUNCT_RE, "");
  return s.replace(NON_PRINTING_RE, "");
}

/** CCNet's `normalize_for_dedup`: the key of a paragraph before hashing (accents kept, ASCII punctuation kept). */
export function normalizeForDedup(line: string): string {
  const s = pythonStrip(line);
  if (s.length === 0) return s;
  return s.toLowerCase().replace(DIGIT_RE, "0").replace(PUNCT_OR_NON_PRINTING_RE, "");
}

// Python's whitespace (str.isspace): \x1c-\x1f and \x85 are in, which JavaScript's \s lacks, and
// U+FEFF is out, which \s has. CCNet's normalizers start with strip(), and split() cuts on the
// same set, so a port must use it for both.
const PY_WHITESPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
// The trailing alternative may only start where a whitespace run starts (the lookbehind): without
// it, every position of a long run that does not end the text is tried and scanned to the run's
// end, which is quadratic ("a" + 80,000 spaces + "b" took 8 s; now milliseconds).
const PY_STRIP_RE = new RegExp(`^[${PY_WHITESPACE}]+|(?<![${PY_WHITESPACE}])[${PY_WHITESPACE}]+$`, "g");
const PY_SPLIT_RE = new RegExp(`[${PY_WHITESPACE}]+`);

export function pythonStrip(s: string): string {
  return s.replace(PY_STRIP_RE, "");
}

/** Python's str.split() with no argument: runs of Python's whitespace separate, none at the ends. */
export function pythonSplit(text: string): string[] {
  return text.split(PY_SPLIT_RE).filter((w) => w.length > 0);
}

/** Python's str.splitlines(): \n, \r\n, \r and the Unicode line separators; no trailing empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** datatrove's TextNormConfig, with its defaults. */
export interface SimplifyOptions {
  lowercase?: boolean;
  normWhitespace?: boolean;
  removePunctuation?: boolean;
  normUnicodeDiacritics?: boolean;
  normNumbers?: boolean;
  normWeekdays?: boolean;
  normMonthnames?: boolean;
}

const PUNCTUATION_RE = new RegExp(`[${[...PUNCTUATION_CHARS].map(escapeClass).join("")}]`, "gu");
const NUMBERS_RE = /\p{Nd}+([.,،٫⎖⎗⎘]\p{Nd}+)?/gu;
// Python's str.split/\s covers these; JavaScript's \s covers the same set plus U+FEFF, which Python lacks.
const WHITESPACE_RE = /[\s]+/gu;
const WEEKDAYS_RE = /monday|tuesday|wednesday|thursday|friday|saturday|sunday/g;
const MONTHS_RE = /january|february|march|april|may|june|july|august|september|october|november|december/g;

/**
 * datatrove's `simplify_text`: lowercase, numbers to "0", punctuation to spaces, whitespace collapsed,
 * diacritics dropped. `simplifyText("|$17.56||1|\n|$15.37||2599|")` is "0 0 0 0".
 */
export function simplifyText(text: string, options: SimplifyOptions = {}): string {
  const o = {
    lowercase: true,
    normWhitespace: true,
    removePunctuation: true,
    normUnicodeDiacritics: true,
    normNumbers: true,
    normWeekdays: false,
    normMonthnames: false,
    ...options,
  };
  let s = text;
  if (o.lowercase) s = s.toLowerCase();
  if (o.normNumbers) s = s.replace(NUMBERS_RE, "0");
  if (o.normWeekdays) s = s.replace(WEEKDAYS_RE, "WEEKDAY");
  if (o.normMonthnames) s = s.replace(MONTHS_RE, "MONTH");
  if (o.removePunctuation) s = s.replace(PUNCTUATION_RE, " ");
  if (o.normWhitespace) s = s.trim().replace(WHITESPACE_RE, " ");
  if (o.normUnicodeDiacritics) s = s.normalize("NFD").replace(COMBINING_MARK_RE, "");
  return s.trim();
}

// C0 and C1 controls except tab and newline, plus the BOM and the line/paragraph separators.
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff]/g;
const EXOTIC_SPACE_RE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const LINE_SEPARATOR_RE = /\r\n?|[\u2028\u2029\u0085]/g;
// Blanks at the end of a line, matched only from the start of a run of blanks: `/[ \t]+$/gm` retries
// at every position of a run that does not end its line, quadratic in the run's length (a line of
// 80,000 spaces between two words took 22 s; now milliseconds).
const TRAILING_BLANKS_RE = /(?<![ \t])[ \t]+$/gm;

/** Clean a text for storage: NFC, "\n" line ends, control characters out, odd spaces to " ", no trailing blanks. */
export function cleanText(text: string): string {
  return (
    text
      .replace(LINE_SEPARATOR_RE, "\n")
      .replace(CONTROL_RE, "")
      .replace(EXOTIC_SPACE_RE, " ")
      .replace(TRAILING_BLANKS_RE, "")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
      // NFC last, so that cleaning twice changes nothing: removing a control character can bring a
      // letter and a combining mark together ("e\u0001\u0301"), which NFC done first left apart.
      // NFC never makes a control character, line separator or blank the steps above remove.
      .normalize("NFC")
  );
}

function escapeClass(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}
