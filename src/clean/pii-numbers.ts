// Personal numbers that carry their own proof: a mainland China resident ID (ISO 7064 MOD 11-2 check
// character), a payment card (Luhn, on an issuer prefix of a length it issues), an IBAN (ISO 13616:
// mod 97 = 1, on the length the SWIFT IBAN Registry gives its country), and phone numbers, which
// carry no check and are found only in shapes prose numbers do not take: "+" and a country code
// (E.164), a North American (NXX) NXX-XXXX, a trunk "0" national number in groups, or a mainland
// China mobile 1[3-9]X XXXX XXXX. Every candidate must stand alone: no letter, digit or "_" glued to
// it, and no "1." / "-2" style continuation, so years, prices, versions, ISBNs, timestamps and
// order numbers inside longer tokens are never read as one.
import type { PiiSpan } from "./pii-span.js";

// Not preceded by a word character, nor by a separator that follows a digit ("3.1", "12-", "5181 "):
// a number that goes on to the left is a longer number, not this one.
const LEFT = String.raw`(?<![\p{L}\p{N}_])(?<!\p{N}[ .,:/-])`;
// Not followed by a word character, nor by a separator and a digit (",5", ".10", "-3").
const RIGHT = String.raw`(?![\p{L}\p{N}_])(?![.,:/-]\p{N})`;

const CN_ID = new RegExp(`${LEFT}\\d{17}[\\dXx]${RIGHT}`, "gu");
// ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 and the check character for each remainder (GB 11643-1999).
const CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_CHECK = "10X98765432";
// First two digits: the province-level codes of GB/T 2260 (71 Taiwan), and 81, 82, 83, which begin
// the residence permit numbers of Hong Kong, Macau and Taiwan residents.
const CN_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

/** An 18-character resident ID whose check character is right (and whose region and birth date exist). */
export function isCnResidentId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  if (!CN_PROVINCES.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1880 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * CN_WEIGHTS[i]!;
  return CN_CHECK[sum % 11] === id[17]!.toUpperCase();
}

export function findCnIds(text: string): PiiSpan[] {
  return collect(text, CN_ID, "cn_id", isCnResidentId);
}

// Card numbers: 13-19 digits written together, or in the groups cards print them in (4-4-4-4,
// 4-4-4-4-3, 4-6-5 for American Express, 4-6-4 for Diners), one separator kind throughout.
const CARD = new RegExp(`${LEFT}(?:\\d{13,19}|\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{1,4}(?:\\1\\d{3})?|\\d{4}([ -])\\d{6}\\2\\d{4,5})${RIGHT}`, "gu");

/** Luhn's mod 10 check (ISO/IEC 7812-1 annex B). */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Issuer prefixes (the IIN ranges of ISO/IEC 7812 issuer numbers each network publishes) and the
// lengths it issues: [low prefix, high prefix, lengths].
const CARD_RANGES: readonly [string, string, readonly number[]][] = [
  ["4", "4", [13, 16, 19]], // Visa
  ["51", "55", [16]], // Mastercard
  ["2221", "2720", [16]], // Mastercard 2-series
  ["34", "34", [15]], // American Express
  ["37", "37", [15]],
  ["300", "305", [14, 15, 16, 17, 18, 19]], // Diners Club
  ["36", "36", [14, 15, 16, 17, 18, 19]],
  ["38", "39", [14, 15, 16, 17, 18, 19]],
  ["6011", "6011", [16, 17, 18, 19]], // Discover
  ["644", "649", [16, 17, 18, 19]],
  ["65", "65", [16, 17, 18, 19]],
  ["3528", "3589", [16, 17, 18, 19]], // JCB
  ["62", "62", [16, 17, 18, 19]], // UnionPay
  ["50", "50", [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro
  ["56", "58", [12, 13, 14, 15, 16, 17, 18, 19]],
  ["2200", "2204", [16, 17, 18, 19]], // Mir
];

export function isCardNumber(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  const plausible = CARD_RANGES.some(([low, high, lengths]) => {
    const prefix = digits.slice(0, low.length);
    return prefix >= low && prefix <= high && lengths.includes(digits.length);
  });
  return plausible && luhn(digits);
}

export function findCards(text: string): PiiSpan[] {
  return collect(text, CARD, "card", (m) => isCardNumber(m.replace(/[ -]/g, "")));
}

// IBAN lengths by country, from the SWIFT IBAN Registry (its members and the countries it lists as partial).
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HN: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

// Written together, or in groups of four separated by single spaces (the registry's print format).
const IBAN = new RegExp(`${LEFT}[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)${RIGHT}`, "gu");

/** ISO 13616: the country's length, then the number read with letters as 10..35 and the first four characters moved to the end is 1 mod 97. */
export function isIban(compact: string): boolean {
  const length = IBAN_LENGTHS[compact.slice(0, 2)];
  if (length === undefined || compact.length !== length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  const moved = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (const c of moved) {
    const code = c.charCodeAt(0);
    const value = code <= 57 ? code - 48 : code - 55;
    rest = (value > 9 ? rest * 100 + value : rest * 10 + value) % 97;
  }
  return rest === 1;
}

export function findIbans(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  IBAN.lastIndex = 0;
  for (let m = IBAN.exec(text); m; m = IBAN.exec(text)) {
    // the last group of four may be the next word ("... 0130 00 TEXT" is not, "... 7034 CODE" is):
    // cut at the country's length when the cut falls where a group ends
    const length = IBAN_LENGTHS[m[0].slice(0, 2)];
    if (length === undefined) continue;
    let seen = 0;
    let end = 0;
    while (end < m[0].length && seen < length) if (m[0][end++] !== " ") seen++;
    if (seen < length || (end < m[0].length && m[0][end] !== " ")) continue;
    if (isIban(m[0].slice(0, end).replace(/ /g, ""))) spans.push({ kind: "iban", start: m.index, end: m.index + end });
  }
  return spans;
}

// Phones. Groups are digits with one separator (space, hyphen, dot) between them; "(" ")" may hold the area code.
const PHONE = new RegExp(
  `${LEFT}(?:` +
    // E.164 as written: "+", a country code, an area code of 1-4 digits (maybe in parentheses),
    // then at least two groups of 2-5 digits (+33 1 23 45 67 89, +44 (20) 7946 0958, +8613812345678)
    String.raw`\+[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\)|[ .-]?\d{1,4})?(?:[ .-]?\d{2,5}){2,5}` +
    // North America: (NXX) NXX-XXXX, NXX-NXX-XXXX, NXX.NXX.XXXX (N is 2-9), optionally after "1-"
    String.raw`|(?:1[ .-])?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}([ .-]))[2-9]\d{2}[ .-]\d{4}` +
    // a trunk "0" national number in 2-3 groups (020 7946 0958, 030 12345678, 01 23 45 67 89)
    String.raw`|\(?0[1-9]\d{0,3}\)?[ /-]\d{2,8}(?:[ -]\d{2,4}){0,3}` +
    // mainland China mobile: 1[3-9]X XXXX XXXX, together or in 3-4-4 groups
    String.raw`|1[3-9]\d(?:\d{8}|([ -])\d{4}\2\d{4})` +
    `)${RIGHT}`,
  "gu",
);

/** A phone-shaped match is kept when its digit count fits its form (E.164 allows 15 digits at most). */
function isPhone(match: string): boolean {
  const digits = match.replace(/\D/g, "");
  if (match.startsWith("+")) return digits.length >= 8 && digits.length <= 15;
  if (/^\(?0/.test(match)) {
    // national numbers with a trunk 0 have 10-12 digits (UK 020 7946 0958, FR 01 23 45 67 89, DE 030 12345678); a ZIP+4 such as 02110-1301 has 9
    return digits.length >= 10 && digits.length <= 12;
  }
  return digits.length === 10 || digits.length === 11;
}

export function findPhones(text: string): PiiSpan[] {
  return collect(text, PHONE, "phone", isPhone);
}

function collect(text: string, pattern: RegExp, kind: PiiSpan["kind"], valid: (match: string) => boolean): PiiSpan[] {
  const spans: PiiSpan[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (valid(m[0])) spans.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return spans;
}
