// Emails and IP addresses with the semantics of datatrove's PIIFormatter
// (huggingface/datatrove src/datatrove/pipeline/formatters/pii.py @ a649de79): the same email
// pattern (RFC 5322-style local part and dotted domain, ASCII letters of either case; earlier
// datatrove releases matched lowercase only), the same unanchored IPv4 pattern, and
// Python's `ipaddress.ip_address(s).is_global` as the test for "public". IPv6 is our addition
// (datatrove's pattern only finds IPv4); it uses the same `is_global` tables.
import type { PiiSpan } from "./pii-span.js";

// Python's \b in a str pattern is Unicode-aware: a word character is a letter, a digit or "_".
const WORD = /[\p{L}\p{N}_]/u;
const LOCAL_CHAR = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]/;

// The domain after "@", anchored there (sticky): labels of [a-z0-9-] not starting or ending with
// "-", joined by dots, at least two; or an IPv4 literal in brackets (or its "tag:" form).
const DOMAIN =
  /(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?|\[(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?|[A-Za-z0-9-]*[A-Za-z0-9]:)\])/y;

function isWord(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const cp = text.codePointAt(i)!;
  // a low surrogate: the code point started one index earlier
  if (cp >= 0xdc00 && cp <= 0xdfff && i > 0) {
    const high = text.charCodeAt(i - 1);
    if (high >= 0xd800 && high <= 0xdbff) return WORD.test(String.fromCodePoint(text.codePointAt(i - 1)!));
  }
  return WORD.test(String.fromCodePoint(cp));
}

function isBoundary(text: string, i: number): boolean {
  return isWord(text, i - 1) !== isWord(text, i);
}

/**
 * Emails as datatrove's regex finds them, leftmost first. The regex itself can take quadratic time
 * on a long run of local-part characters (every start is retried); this scan reaches the same
 * matches from each "@" instead: the local part is the run of [class](.[class])* that ends just
 * before it, and the match starts at the leftmost word boundary in that run.
 */
export function findEmails(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  let from = 0; // matches do not overlap: the next one starts after the previous end
  let at = text.indexOf("@", from);
  while (at !== -1) {
    const span = emailAt(text, at, from);
    if (span) {
      spans.push(span);
      from = span.end;
      at = text.indexOf("@", from);
    } else {
      at = text.indexOf("@", at + 1);
    }
  }
  return spans;
}

function emailAt(text: string, at: number, from: number): PiiSpan | undefined {
  if (at - 1 < from || !LOCAL_CHAR.test(text[at - 1]!)) return undefined;
  // walk left over the local part: class characters, and single dots between two of them
  let left = at - 1;
  while (left - 1 >= from) {
    const c = text[left - 1]!;
    if (LOCAL_CHAR.test(c)) left--;
    else if (c === "." && left - 2 >= from && LOCAL_CHAR.test(text[left - 2]!)) left -= 2;
    else break;
  }
  // the leftmost start at a word boundary (a start is never a dot: dots sit between class chars)
  let start = -1;
  for (let s = left; s < at; s++) {
    if (text[s] !== "." && isBoundary(text, s)) {
      start = s;
      break;
    }
  }
  if (start === -1) return undefined;
  DOMAIN.lastIndex = at + 1;
  const m = DOMAIN.exec(text);
  if (!m) return undefined;
  return { kind: "email", start, end: at + 1 + m[0].length };
}

// datatrove's IPv4 pattern, unanchored: "1.2.3.4.5" gives "1.2.3.4", "256.1.1.1" gives "56.1.1.1".
const IPV4 = /(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)/g;

/** IPv4 addresses as datatrove's pattern finds them; `publicOnly` keeps only those Python calls global. */
export function findIpv4(text: string, publicOnly = true): PiiSpan[] {
  const spans: PiiSpan[] = [];
  IPV4.lastIndex = 0;
  for (let m = IPV4.exec(text); m; m = IPV4.exec(text)) {
    const value = parseIpv4(m[0]);
    // Python's ip_address rejects what it cannot parse (octets with leading zeros): left as it is
    if (value === undefined) continue;
    if (!publicOnly || isGlobalIpv4(value)) spans.push({ kind: "ip", start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

/** The address as an unsigned 32-bit number, or undefined where Python's ip_address refuses it. */
export function parseIpv4(s: string): number | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === "0")) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

type Net4 = readonly [base: number, bits: number];
const net4 = (s: string): Net4 => {
  const [addr, bits] = s.split("/");
  return [parseIpv4(addr!)!, Number(bits)];
};
const in4 = (value: number, [base, bits]: Net4): boolean => bits === 0 || Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits));

// CPython Lib/ipaddress.py (3.11 as Debian 12 ships it, after the 2024 update to IANA's
// special-purpose registry): is_global = not in 100.64.0.0/10 and not is_private, where is_private
// is "in one of these and in none of the exceptions".
const PRIVATE4 = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.0.170/31",
  "192.0.2.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "240.0.0.0/4",
  "255.255.255.255/32",
].map(net4);
const PRIVATE4_EXCEPTIONS = ["192.0.0.9/32", "192.0.0.10/32"].map(net4);
const SHARED4 = net4("100.64.0.0/10");

export function isPrivateIpv4(value: number): boolean {
  return PRIVATE4.some((n) => in4(value, n)) && !PRIVATE4_EXCEPTIONS.some((n) => in4(value, n));
}

export function isGlobalIpv4(value: number): boolean {
  return !in4(value, SHARED4) && !isPrivateIpv4(value);
}

// IPv6 candidates: the maximal run of hex digits, colons and dots around each colon (a pattern
// tried at every position was the slowest part of the step), not glued to other word characters,
// with at least two colons.
function isHexColonDot(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
}

/** Public IPv6 addresses (Python's is_global); compressed forms need three groups ("2001:db8::1"), so "a::b" in code is not one. */
export function findIpv6(text: string, publicOnly = true): PiiSpan[] {
  const spans: PiiSpan[] = [];
  if (!text.includes(":")) return spans;
  for (let colon = text.indexOf(":"); colon !== -1;) {
    let start = colon;
    while (start > 0 && isHexColonDot(text.charCodeAt(start - 1))) start--;
    let end = colon + 1;
    while (end < text.length && isHexColonDot(text.charCodeAt(end))) end++;
    colon = text.indexOf(":", end);
    const m = { index: start, 0: text.slice(start, end) };
    let candidate = m[0];
    // a sentence's full stop after the address is not part of it
    while (candidate.endsWith(".")) candidate = candidate.slice(0, -1);
    if (candidate.startsWith(".") || candidate.indexOf(":") === candidate.lastIndexOf(":")) continue;
    if (isWord(text, m.index - 1) || isWord(text, m.index + m[0].length)) continue;
    const groups = parseIpv6(candidate);
    if (!groups) continue;
    if (candidate.includes("::") && candidate.split(/:+/).filter((g) => g !== "").length < 3) continue;
    if (!publicOnly || isGlobalIpv6(groups)) spans.push({ kind: "ip", start: m.index, end: m.index + candidate.length });
  }
  return spans;
}

/** Eight 16-bit groups, or undefined for a string Python's IPv6Address would refuse. */
export function parseIpv6(s: string): number[] | undefined {
  let head = s;
  const tail: number[] = [];
  const v4 = /(?:^|:)((?:\d{1,3}\.){3}\d{1,3})$/.exec(s);
  if (v4) {
    const value = parseIpv4(v4[1]!);
    if (value === undefined) return undefined;
    tail.push(Math.floor(value / 65536), value % 65536);
    head = s.slice(0, s.length - v4[1]!.length);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    for (const g of part.split(":")) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parse(halves[0]!);
  const right = halves.length === 2 ? parse(halves[1]!) : [];
  if (!left || !right) return undefined;
  const given = left.length + right.length + tail.length;
  if (halves.length === 2) {
    if (given > 7) return undefined;
    return [...left, ...new Array<number>(8 - given).fill(0), ...right, ...tail];
  }
  return given === 8 ? [...left, ...tail] : undefined;
}

type Net6 = readonly [groups: number[], bits: number];
const net6 = (s: string): Net6 => {
  const [addr, bits] = s.split("/");
  return [parseIpv6(addr!)!, Number(bits)];
};
function in6(groups: number[], [base, bits]: Net6): boolean {
  for (let i = 0; i < 8; i++) {
    const take = Math.min(16, Math.max(0, bits - i * 16));
    if (take === 0) return true;
    const shift = 16 - take;
    if (groups[i]! >> shift !== base[i]! >> shift) return false;
  }
  return true;
}

// CPython Lib/ipaddress.py, IPv6 tables of the same release.
const PRIVATE6 = ["::1/128", "::/128", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10"].map(
  net6,
);
const PRIVATE6_EXCEPTIONS = ["2001:1::1/128", "2001:1::2/128", "2001:3::/32", "2001:4:112::/48", "2001:20::/28", "2001:30::/28"].map(net6);
const MAPPED = net6("::ffff:0:0/96");

export function isGlobalIpv6(groups: number[]): boolean {
  // an IPv4-mapped address is as private as its IPv4 address (Python: ipv4_mapped.is_private)
  if (in6(groups, MAPPED)) return !isPrivateIpv4(groups[6]! * 65536 + groups[7]!);
  return !(PRIVATE6.some((n) => in6(groups, n)) && !PRIVATE6_EXCEPTIONS.some((n) => in6(groups, n)));
}
