// Chinese words as datatrove gets them: its word tokenizer for Chinese is spaCy's "zh" with the
// jieba segmenter (datatrove/utils/word_tokenizers.py), i.e. Python jieba 0.42's `cut(text)` with
// HMM on, tokens stripped and empty ones dropped. @node-rs/jieba runs jieba-rs, a port with the same
// dictionary (one entry apart), natively and several times faster than ICU's Intl.Segmenter (`npm run bench -- filters`, "words
// alone"), whose
// Chinese words also differ from jieba's (183 of 1,468 sample documents came out alike; see
// bench/peers/README.md).
//
// One difference remains and is mended here: runs of ASCII letters, digits and `+#&._%-` that no
// dictionary word covers. Python jieba hands such a run to its HMM fallback (finalseg), which splits
// it with the regex `[a-zA-Z0-9]+(?:\.\d+)?%?`, keeping what lies between matches whole: "2024-02-22"
// -> 2024, -, 02, -, 22; "XYZ-3.6" -> XYZ, -, 3.6; "x86_64" -> x86, _, 64. jieba-rs keeps "2024-02"
// or "x86_64" whole. Measured on the sample: 1,438 of 1,468 Chinese documents alike before the mend,
// every one after.
import { createRequire } from "node:module";
import { isSpace } from "./code-points.js";

interface Segmenter {
  cut(text: string, hmm?: boolean): string[];
}

let jieba: Segmenter | undefined;

function segmenter(): Segmenter {
  if (jieba) return jieba;
  const require = createRequire(import.meta.url);
  // Loaded on first use: the dictionary takes ~0.2 s and ~50 MB, which a run without Chinese never pays.
  const { Jieba } = require("@node-rs/jieba") as { Jieba: { withDict(dict: Uint8Array): Segmenter } };
  const { dict } = require("@node-rs/jieba/dict") as { dict: Uint8Array };
  jieba = Jieba.withDict(dict);
  return jieba;
}

// A run of tokens made only of the ASCII characters of Python jieba's block regex (re_han_default:
// letters, digits, +#&._%-), between whitespace, Han or other punctuation, is what finalseg re-splits.
const FINALSEG_SKIP = /[a-zA-Z0-9]+(?:\.\d+)?%?/g;
// The dictionary's only ASCII words with marks in them: the DAG keeps these whole, finalseg never sees them.
const ASCII_DICT_WORDS = /AT&T|C\+\+|C#|c\+\+|c#/;

/** The words of Chinese `text`, as datatrove's Chinese tokenizer gives them (no whitespace tokens). */
export function jiebaWords(text: string): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const joined = run.join("");
    if (ASCII_DICT_WORDS.test(joined)) out.push(...run);
    else splitLikeFinalseg(joined, out);
    run = [];
  };
  // Tokens are tested by char codes (isSpace is the set trim() removes): a regex test and trim() on
  // every token cost about a third as much as jieba's own segmentation (measured on the sample:
  // 10.9 -> 11.9 MB/s, jieba alone 15; `npm run bench -- filters`, "words alone").
  for (const token of segmenter().cut(text, true)) {
    if (isAsciiRun(token)) {
      run.push(token);
      continue;
    }
    flush();
    if (!isSpace(token.charCodeAt(0)) && !isSpace(token.charCodeAt(token.length - 1))) out.push(token);
    else {
      const trimmed = token.trim();
      if (trimmed.length > 0) out.push(trimmed);
    }
  }
  flush();
  return out;
}

// The run characters, by code.
const RUN_CHAR = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+#&._%-") RUN_CHAR[c.charCodeAt(0)] = 1;

/** Whether every character of a non-empty token is a run character. */
function isAsciiRun(token: string): boolean {
  if (token.length === 0) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 128 || RUN_CHAR[c] === 0) return false;
  }
  return true;
}

function splitLikeFinalseg(run: string, out: string[]): void {
  let last = 0;
  for (const m of run.matchAll(FINALSEG_SKIP)) {
    if (m.index > last) out.push(run.slice(last, m.index));
    out.push(m[0]);
    last = m.index + m[0].length;
  }
  if (last < run.length) out.push(run.slice(last));
}
