// datatrove's punctuation sets (src/datatrove/utils/text.py: PUNCTUATION and TERMINAL_PUNCTUATION),
// as code points in data/punctuation.json: the symbol tests of the Gopher and FineWeb filters and
// the punctuation removal of simplifyText all read them.
import punctuation from "./data/punctuation.json" with { type: "json" };

export const PUNCTUATION_CHARS: ReadonlySet<string> = new Set(punctuation.punctuation.map((c) => String.fromCodePoint(c)));

export const TERMINAL_PUNCTUATION: ReadonlySet<string> = new Set(punctuation.terminalPunctuation.map((c) => String.fromCodePoint(c)));

/** Whether a character is in datatrove's PUNCTUATION_SET (PUNCTUATION plus TERMINAL_PUNCTUATION). */
export function isPunctuationChar(char: string): boolean {
  return PUNCTUATION_CHARS.has(char) || TERMINAL_PUNCTUATION.has(char);
}
