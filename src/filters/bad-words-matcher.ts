// Whether a lowercased text contains a bad-words entry, with the meaning of datatrove's regular
// expression (C4BadWordsFilter): `(?:\W|^)(?:entry1|entry2|...)(?:\W|$)` for spaced languages, where
// \W is anything but a letter, digit or underscore (Python's re.UNICODE), and the bare alternation for
// ja, th and zh. That is: some entry starts at a code-point boundary preceded by the start of the text
// or a non-word code point, and is followed by the end or a non-word code point.
//
// Written by hand rather than handed to the regex engine: V8's irregexp tries the ~400-entry
// alternation at nearly every position, more than any other part of the bad-words step took; a trie
// walked only from word starts is several times faster (`npm run bench -- filters`, bad words alone). The regex stays in
// the tests as the reference.

/** A matcher for one list; `bounded` false for the unspaced languages (an entry matches anywhere). */
export interface BadWordsMatcher {
  test(lowerText: string): boolean;
}

export function badWordsMatcher(entries: readonly string[], bounded: boolean): BadWordsMatcher {
  // A trie over UTF-16 code units as one table: the code units the entries use get dense numbers
  // 1..A (`letter`, 0 for every other unit), and node k's child for letter a is child[k * (A + 1) + a]
  // (0: none). Node 0 is the root; `terminal[k]` marks the end of an entry. A Map of edges took
  // twice as long (measured).
  const letter = new Uint16Array(65536);
  let letters = 0;
  for (const entry of entries) for (let k = 0; k < entry.length; k++) if (letter[entry.charCodeAt(k)] === 0) letter[entry.charCodeAt(k)] = ++letters;
  const width = letters + 1;
  let child = new Int32Array(width * 64);
  const terminal: boolean[] = [false];
  for (const entry of entries) {
    if (entry.length === 0) continue;
    let node = 0;
    for (let k = 0; k < entry.length; k++) {
      const at = node * width + letter[entry.charCodeAt(k)]!;
      let next = child[at]!;
      if (next === 0) {
        next = terminal.push(false) - 1;
        if ((next + 1) * width > child.length) {
          const grown = new Int32Array(child.length * 2);
          grown.set(child);
          child = grown;
        }
        child[at] = next;
      }
      node = next;
    }
    terminal[node] = true;
  }
  const table = child;

  return {
    test(text: string): boolean {
      const n = text.length;
      let boundary = true; // the start of the text counts as a non-word before
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (boundary || !bounded) {
          let a = letter[c]!;
          let node = 0;
          let j = i;
          while (a !== 0) {
            node = table[node * width + a]!;
            if (node === 0) break;
            j++;
            if (terminal[node] && (!bounded || j === n || !isWordAt(text, j))) return true;
            if (j === n) break;
            a = letter[text.charCodeAt(j)]!;
          }
        }
        // A surrogate pair is one code point: nothing starts at its second half (the regex has the u flag).
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && isLowSurrogate(text.charCodeAt(i + 1))) {
          boundary = !isWordCodePoint(text.codePointAt(i)!);
          i++;
        } else boundary = c < 128 ? ASCII_WORD[c] === 0 : !isWordUnit(c);
      }
      return false;
    },
  };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Whether the code point starting at `at` is a letter, digit or underscore. */
function isWordAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c >= 0xd800 && c <= 0xdbff && at + 1 < text.length && isLowSurrogate(text.charCodeAt(at + 1))) return isWordCodePoint(text.codePointAt(at)!);
  return isWordUnit(c);
}

const WORD_RE = /^[\p{L}\p{N}_]$/u;
const ASCII_WORD = new Uint8Array(128).map((_, c) => (WORD_RE.test(String.fromCharCode(c)) ? 1 : 0));
// Per BMP code unit: 0 not yet known, 1 word, 2 not a word (a lone surrogate is not a word).
const unitClass = new Uint8Array(65536);

function isWordUnit(c: number): boolean {
  let k = unitClass[c]!;
  if (k === 0) {
    k = c < 0xd800 || c > 0xdfff ? (WORD_RE.test(String.fromCharCode(c)) ? 1 : 2) : 2;
    unitClass[c] = k;
  }
  return k === 1;
}

function isWordCodePoint(cp: number): boolean {
  return WORD_RE.test(String.fromCodePoint(cp));
}
