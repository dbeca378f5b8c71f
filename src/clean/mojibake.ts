// UTF-8 that was decoded as Windows-1252 or Latin-1 ("â€™" for "’", "Ã©" for "é", "Ð¿Ñ€Ð¸" for
// "при"), undone only where that reading is unambiguous. The rules follow ftfy's decisions
// (rspeer/python-ftfy ftfy/__init__.py and ftfy/fixes.py, v6.3.1 @ 74dd0452): a line is re-read as
// a whole when all of it re-encodes to valid UTF-8 and it holds a clear sign of mojibake; otherwise
// only the clear runs inside it are, each judged alone (ftfy's decode_inconsistent_utf8), and a run
// that follows a stray continuation character is part of a bigger garble and stays. Then the C1
// controls left (U+0080-U+009F) become the Windows-1252 characters of their bytes, as browsers do.
// What counts as a clear sign is ours, measured on ftfy's public test cases (tests/clean/fix-text).

// Windows-1252's 0x80-0x9F; the five bytes it leaves undefined read as the C1 control of that
// number (ftfy's "sloppy-windows-1252", WHATWG's windows-1252 decoder).
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const BYTE_OF = new Map<number, number>();
for (let b = 0; b < 32; b++) BYTE_OF.set(CP1252_HIGH.charCodeAt(b), 0x80 + b);

/** The byte a character was read from (Windows-1252 or Latin-1), or -1 if it comes from neither. */
export function byteOf(code: number): number {
  if (code < 0x100) return code; // ASCII, Latin-1's C1 controls, and 0xA0-0xFF where both agree
  return BYTE_OF.get(code) ?? -1;
}

const isCont = (b: number) => b >= 0x80 && b <= 0xbf;

/** Length of the valid UTF-8 sequence starting at line[i] read as bytes, or 0. */
function sequenceAt(line: string, i: number): number {
  const lead = byteOf(line.charCodeAt(i));
  let need: number;
  if (lead >= 0xc2 && lead <= 0xdf) need = 1;
  else if (lead >= 0xe0 && lead <= 0xef) need = 2;
  else if (lead >= 0xf0 && lead <= 0xf4) need = 3;
  else return 0;
  for (let k = 1; k <= need; k++) {
    if (i + k >= line.length) return 0;
    const b = byteOf(line.charCodeAt(i + k));
    if (!isCont(b)) return 0;
    // no overlong forms, no surrogates, nothing past U+10FFFF
    if (k === 1) {
      if (lead === 0xe0 && b < 0xa0) return 0;
      if (lead === 0xed && b > 0x9f) return 0;
      if (lead === 0xf0 && b < 0x90) return 0;
      if (lead === 0xf4 && b > 0x8f) return 0;
    }
  }
  return need + 1;
}

// Continuation characters that are ordinary punctuation next to a capital accented letter
// ("VOCÊ…", "ZZAJÉ’s", "Ã’s"): alone after Â, Ã or Ð they are no sign of mojibake.
const WEAK_AFTER_COMMON = new Set([0x85, 0x8c, 0x8e, 0x92, 0xa5]);
// After the rarer lead letters (Ä-Ï, Ñ-ß) only a continuation that is no common punctuation or
// symbol of its own is a sign: "Ä°", "Ì¶", "Î³" are, "Gruß«", "QUEM É¿", "AHÅ™" are not.
const STRONG_AFTER_RARE = new Set([
  0x83, 0x86, 0x87, 0x88, 0x89, 0x98, 0xa4, 0xa6, 0xa7, 0xa8, 0xaa, 0xac, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb5, 0xb6, 0xb8, 0xb9, 0xba, 0xbc, 0xbd, 0xbe,
]);
const COMMON_LEADS = new Set([0xc2, 0xc3, 0xd0]);
// Characters that mark the middle of a bigger garble (ftfy's utf8_continuation_strict): the
// continuation bytes except space and the punctuation text uses on its own.
const PLAIN_PUNCTUATION = new Set(["–", "—", "‘", "’", "‚", "“", "”", "„", "•", "…"].map((c) => c.charCodeAt(0)));
const LETTER = /\p{L}/u;
// Continuations common in text on their own: a lone three-byte sequence whose two continuations are
// both of these is ordinary text ("Brontë…”", "lá´´"), not "â€™".
const PLAIN_AFTER_THREE = new Set([0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xa0, 0xab, 0xb4, 0xbb, 0xbf]);
// "Ã" and a space where "à" was: the 0xA0 byte of "à" became a space on the way (ftfy
// fixes.py A_GRAVE_WORD_RE), not before a second space or the Portuguese "Àquele", "Às".
const A_GRAVE_SPACE = /^Ã (?! |quele|quela|quilo|s )/;

interface Run {
  start: number;
  end: number;
  /** Sequence lengths, in order; 0 for an "Ã " that stands for "à". */
  lengths: number[];
}

/** Maximal runs of adjacent valid UTF-8 sequences in the line read as bytes. */
function runs(line: string): Run[] {
  const out: Run[] = [];
  let i = 0;
  while (i < line.length) {
    const n = line.charCodeAt(i) < 0xc0 ? 0 : sequenceAt(line, i);
    if (n === 0 && line.charCodeAt(i) === 0xc3 && A_GRAVE_SPACE.test(line.slice(i, i + 7))) {
      out.push({ start: i, end: i + 1, lengths: [0] });
      i++;
      continue;
    }
    if (n === 0) {
      i++;
      continue;
    }
    const run: Run = { start: i, end: i, lengths: [] };
    let j = i;
    for (let m = n; m > 0; m = j < line.length ? sequenceAt(line, j) : 0) {
      run.lengths.push(m);
      j += m;
    }
    run.end = j;
    out.push(run);
    i = j;
  }
  return out;
}

function isClear(line: string, run: Run, context: boolean): boolean {
  if (run.lengths.length > 1) return true;
  // "Ã " for "à" is never a sign by itself (Yanomami writes "Ã" as a word): it is re-read only
  // with other mojibake in the line, between lowercase words ("relatifs Ã l’utilisation")
  if (run.lengths[0] === 0) return false;
  if (run.lengths[0]! > 2) {
    if (run.lengths[0] === 4) return true;
    const c1 = line[run.start + 1]!;
    const c2 = line[run.start + 2]!;
    // two letters after a Latin letter are a word ("áššiid", "âžžân" in Sami), not "â€™"
    if (LETTER.test(c1) && LETTER.test(c2)) return false;
    return !(PLAIN_AFTER_THREE.has(byteOf(c1.charCodeAt(0))) && PLAIN_AFTER_THREE.has(byteOf(c2.charCodeAt(0))));
  }
  const lead = byteOf(line.charCodeAt(run.start));
  const cont = byteOf(line.charCodeAt(run.start + 1));
  const cont1 = line.charCodeAt(run.start + 1);
  // inside a word, between two letters ("RÄ«ga", "xÃ¥y"), but not an apostrophe ("ZZAJÉ’s") or a no-break space ("SELKÄ EDELLÄ")
  const inWord = context && cont1 !== 0x2019 && cont1 !== 0xa0 && LETTER.test(line[run.start - 1] ?? "") && LETTER.test(line[run.end] ?? "");
  if (cont1 >= 0x80 && cont1 <= 0x9f) return true; // a C1 control: never meant as text
  if (COMMON_LEADS.has(lead)) return !WEAK_AFTER_COMMON.has(cont) || inWord;
  // a capital accented letter and a symbol glued to a lowercase letter ("ArtykuÅ‚" for "Artykuł",
  // "Æ™asa" for "ƙasa") is no spelling
  const nextToLower =
    context &&
    cont1 !== 0x2019 &&
    cont1 !== 0xa0 &&
    lead <= 0xde &&
    lead !== 0xd7 &&
    (/\p{Ll}/u.test(line[run.start - 1] ?? "") || /\p{Ll}/u.test(line[run.end] ?? ""));
  return STRONG_AFTER_RARE.has(cont) || inWord || nextToLower;
}

function aGraveBetweenWords(line: string, run: Run): boolean {
  return /[\s\p{Ll}]/u.test(line[run.start - 1] ?? " ") && /\p{Ll}/u.test(line[run.start + 2] ?? "");
}

function decodeRange(line: string, start: number, end: number): string {
  if (end - start === 1 && line.charCodeAt(start) === 0xc3) return "à";
  const bytes = new Uint8Array(end - start);
  for (let i = start; i < end; i++) bytes[i - start] = byteOf(line.charCodeAt(i));
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

/** True when every character maps to a byte and the bytes are valid UTF-8. */
function wholeLineDecodes(line: string, found: Run[]): boolean {
  let at = 0;
  for (const run of found) {
    for (let i = at; i < run.start; i++) {
      // outside the runs only ASCII may stand: any other byte would be invalid UTF-8 there
      if (line.charCodeAt(i) >= 0x80) return false;
    }
    at = run.end;
  }
  for (let i = at; i < line.length; i++) if (line.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** One pass over one line; returns the line and how many runs were re-read. */
function fixLineOnce(line: string): [string, number] {
  const found = runs(line);
  if (found.length === 0) return [line, 0];
  if (wholeLineDecodes(line, found) && found.some((r) => isClear(line, r, true))) {
    const whole: string[] = [];
    let from = 0;
    for (const run of found) {
      whole.push(line.slice(from, run.start), decodeRange(line, run.start, run.end));
      from = run.end;
    }
    whole.push(line.slice(from));
    return [whole.join(""), found.length];
  }
  const parts: string[] = [];
  let at = 0;
  let fixed = 0;
  for (const run of found) {
    const before = run.start > 0 ? line.charCodeAt(run.start - 1) : -1;
    const garbled = before >= 0 && isCont(byteOf(before)) && before !== 0x20 && !PLAIN_PUNCTUATION.has(before);
    if (garbled) continue;
    if (
      run.lengths[0] === 0 ? !(aGraveBetweenWords(line, run) && found.some((r) => r.lengths[0] !== 0 && isClear(line, r, false))) : !isClear(line, run, false)
    )
      continue;
    parts.push(line.slice(at, run.start), decodeRange(line, run.start, run.end));
    at = run.end;
    fixed++;
  }
  if (fixed === 0) return [line, 0];
  parts.push(line.slice(at));
  return [parts.join(""), fixed];
}

// Mojibake of mojibake ("nÃƒÂ©" for "né") takes one pass per layer; ftfy's longest cases have three.
const MAX_PASSES = 4;

/** The text with its UTF-8-as-Windows-1252/Latin-1 runs re-read; `count` is how many runs were fixed. */
export function fixMojibake(text: string): { text: string; count: number } {
  // only characters 0xC2-0xF4 start a sequence: text without one has nothing to fix
  if (!/[\u00c2-\u00f4]/.test(text)) return { text, count: 0 };
  let count = 0;
  const lines = text.split("\n");
  for (let l = 0; l < lines.length; l++) {
    let line = lines[l]!;
    if (!/[\u00c2-\u00f4]/.test(line)) continue;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const [next, n] = fixLineOnce(line);
      if (n === 0) break;
      count += n;
      line = next;
    }
    lines[l] = line;
  }
  return { text: count === 0 ? text : lines.join("\n"), count };
}

/** C1 controls (U+0080-U+009F) as the Windows-1252 characters of those bytes; the five it leaves undefined stay. */
export function fixC1Controls(text: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(/[\u0080-\u009f]/g, (c) => {
    const mapped = CP1252_HIGH[c.charCodeAt(0) - 0x80]!;
    if (mapped !== c) count++;
    return mapped;
  });
  return { text: out, count };
}
