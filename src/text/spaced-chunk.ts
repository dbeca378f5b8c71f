// The general path of spaced-tokens.ts for one chunk (no whitespace): spaCy's _split_affixes and
// _attach_tokens (spacy/tokenizer.pyx). Prefixes and suffixes are peeled off the ends in turn, and
// the peeling stops early when what remains (with or without the affix just found) is an exception;
// then the middle is an exception's tokens, a URL, or split at its infixes.
import { isException, englishExceptions } from "./spaced-exceptions.js";
import { prefixLength, splitInfixes, suffixLength } from "./spaced-affixes.js";
import { isSpacyUrl } from "./spaced-url.js";

/**
 * spaCy's _split_affixes and _attach_tokens on one chunk (no whitespace), tokens appended to
 * `out`. With `specials` off, as spaCy tokenizes an exception to find its affixed form.
 */
export function tokenizeChunk(chunk: string, out: string[], specials: boolean): void {
  // The peeled affixes are kept as [start, end) pairs and sliced at the end.
  const prefixes: number[] = [];
  const suffixes: number[] = [];
  let a = 0;
  let b = chunk.length;
  let lastSize = 0;
  while (a < b && b - a !== lastSize) {
    if (specials && isException(chunk, a, b)) break;
    lastSize = b - a;
    const pre = prefixLength(chunk, a, b);
    if (pre && a + pre < b && specials && isException(chunk, a + pre, b)) {
      prefixes.push(a, a + pre);
      a += pre;
      break;
    }
    const suf = suffixLength(chunk, a + pre, b);
    if (suf && b - suf > a && specials && isException(chunk, a, b - suf)) {
      suffixes.push(b - suf, b);
      b -= suf;
      break;
    }
    if (pre && suf && pre + suf <= b - a) {
      prefixes.push(a, a + pre);
      suffixes.push(b - suf, b);
      a += pre;
      b -= suf;
    } else if (pre) {
      prefixes.push(a, a + pre);
      a += pre;
    } else if (suf) {
      suffixes.push(b - suf, b);
      b -= suf;
    }
  }
  for (let k = 0; k < prefixes.length; k += 2) out.push(chunk.slice(prefixes[k], prefixes[k + 1]));
  if (a < b) {
    const rest = a === 0 && b === chunk.length ? chunk : chunk.slice(a, b);
    const special = specials && isException(rest, 0, rest.length) ? englishExceptions().get(rest) : undefined;
    if (special) for (const t of special) out.push(t);
    else if (isSpacyUrl(rest)) out.push(rest);
    else splitInfixes(rest, out);
  }
  for (let k = suffixes.length - 2; k >= 0; k -= 2) out.push(chunk.slice(suffixes[k], suffixes[k + 1]));
}
