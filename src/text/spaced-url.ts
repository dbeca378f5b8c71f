// spaCy's URL test (URL_MATCH in spacy/lang/tokenizer_exceptions.py, v3.7.5, after Diego Perini's
// URL regex, MIT): what is left of a chunk once its prefixes and suffixes are peeled stays one
// token if it reads as a URL -- an optional scheme ("xx://"), optional user info ending in "@", a
// public IPv4 address or dotted host names ending in a top-level domain of 2-63 lower-case letters
// (spaCy's ALPHA_LOWER, so "google.com" and "end.the" are URLs, "end.The" is not), an optional
// port and an optional path. Written as a scan rather than one regular expression: the regex's
// user-info part backtracks over every "@" and ":" of a chunk, which is quadratic on long chunks.
import { LOWER, classOf } from "./spaced-chars.js";

// A public IPv4 address (spaCy excludes 10/8, 127/8, 169.254/16, 192.168/16, 172.16/12, network
// and broadcast addresses, and 224.0.0.0 and above) and the optional port, matched where the host
// starts (sticky), before the end or a path ("/", "?", "#"), which is looked at, not matched: no
// match runs to the chunk's end, so trying it after each "@" stays linear.
const IPV4 =
  /(?!(?:10|127)(?:\.\p{Nd}{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\p{Nd}{1,3}){2})(?!172\.(?:1[6-9]|2\p{Nd}|3[0-1])(?:\.\p{Nd}{1,3}){2})(?:[1-9]\p{Nd}?|1\p{Nd}\p{Nd}|2[01]\p{Nd}|22[0-3])(?:\.(?:1?\p{Nd}{1,2}|2[0-4]\p{Nd}|25[0-5])){2}\.(?:[1-9]\p{Nd}?|1\p{Nd}\p{Nd}|2[0-4]\p{Nd}|25[0-4])(?::\p{Nd}{2,5})?(?=$|[/?#])/uy;
// Python's \w (letters, digits, underscore) and + - . : a scheme's characters.
const SCHEME_CHAR = /[\p{L}\p{N}_+\-.]/u;
const DIGIT = /\p{Nd}/u;

/** Whether spaCy's url_match accepts `s` (a chunk without whitespace). */
export function isSpacyUrl(s: string): boolean {
  if (!s.includes(".")) return false; // both the address and the host name need a dot
  const starts = [0];
  const scheme = s.indexOf("://");
  if (scheme >= 2 && [...s.slice(0, scheme)].every((ch) => SCHEME_CHAR.test(ch))) starts.push(scheme + 3);
  for (const s0 of starts) {
    if (hostAndRest(s, s0)) return true;
    // user info: anything (at least one character) up to an "@"
    for (let at = s.indexOf("@", s0 + 1); at !== -1; at = s.indexOf("@", at + 1)) if (hostAndRest(s, at + 1)) return true;
  }
  return false;
}

/** A host from `h` to a top-level domain, then an optional port and path, to the end of `s`. */
function hostAndRest(s: string, h: number): boolean {
  if (h >= s.length) return false;
  const c = s.charCodeAt(h);
  if (c >= 0x31 && c <= 0x39 && ipv4AndRest(s, h)) return true; // an address starts with [1-9]
  // Labels of 1-64 characters ([A-Za-z0-9] or U+00A1-U+FFFF; _ and - inside), each followed by
  // a dot; the top-level domain may follow any of them. A label ends at the next dot, so the
  // labels are found left to right without backtracking.
  let p = h;
  for (;;) {
    const dot = labelEnd(s, p);
    if (dot < 0) return false;
    p = dot + 1;
    if (tldAndRest(s, p)) return true;
  }
}

/** An address at `h`, then the end or a path. */
function ipv4AndRest(s: string, h: number): boolean {
  IPV4.lastIndex = h;
  return IPV4.test(s);
}

/** The index of the dot ending a valid label that starts at `p`, or -1. */
function labelEnd(s: string, p: number): number {
  let n = 0;
  let last = -1;
  for (let i = p; i < s.length;) {
    const cp = s.codePointAt(i)!;
    if (cp === 0x2e) return n >= 1 && n <= 64 && isHostChar(last) ? i : -1;
    const inner = cp === 0x5f || cp === 0x2d;
    if (!inner && !isHostChar(cp)) return -1;
    if (n === 0 && inner) return -1;
    last = cp;
    n++;
    i += cp > 0xffff ? 2 : 1;
  }
  return -1;
}

function isHostChar(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xa1 && cp <= 0xffff);
}

/** 2-63 lower-case letters, then ":port" (2-5 digits), then "/", "?" or "#" and anything, each optional. */
function tldAndRest(s: string, p: number): boolean {
  let n = 0;
  let i = p;
  while (i < s.length) {
    const cp = s.codePointAt(i)!;
    if (!(classOf(cp) & LOWER)) break;
    n++;
    i += cp > 0xffff ? 2 : 1;
  }
  if (n < 2 || n > 63) return false;
  if (i < s.length && s.charCodeAt(i) === 0x3a) {
    let digits = 0;
    let j = i + 1;
    while (j < s.length && DIGIT.test(String.fromCodePoint(s.codePointAt(j)!))) {
      const cp = s.codePointAt(j)!;
      j += cp > 0xffff ? 2 : 1;
      digits++;
    }
    if (digits >= 2 && digits <= 5) i = j;
  }
  if (i === s.length) return true;
  const c = s.charCodeAt(i);
  return c === 0x2f || c === 0x3f || c === 0x23;
}
