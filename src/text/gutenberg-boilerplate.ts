// Project Gutenberg's licence header and footer, cut from a raw PG text. The markers and the rules
// follow c-w/gutenberg's strip_headers (gutenberg/_domain_model/text.py, itself a port of Johannes
// Krugel's C++ tool): a start marker within the first 600 lines drops everything before it, and the
// first end marker after it drops everything from there. Matched on a line's start, case-insensitively
// and with or without a space after "***": real files vary (PG #10026 has "***START OF THE PROJECT
// GUTENBERG EBOOK THE MIRROR OF LITERATURE," with the title, and the closing "***", on the next line).

const START_MARKERS = [
  /^\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG/i,
  /^\*{3}\s*START OF THE COPYRIGHTED PROJECT GUTENBERG/i,
  /^\*END\*\s*THE SMALL PRINT/i,
  /^\*{3}\s*START\*{0,3}\s*OF THE PROJECT GUTENBERG/i,
];
const END_MARKERS = [
  /^\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG/i,
  /^\*{3}\s*END OF THE COPYRIGHTED PROJECT GUTENBERG/i,
  /^End of (the |this )?Project Gutenberg/i,
  /^End of Project Gutenberg's/i,
];
/** c-w's window: a start marker further down is text that quotes one, not the header's. */
const START_WINDOW = 600;

export interface GutenbergParts {
  /** The book's text, header and footer removed (the input unchanged when no marker was found). */
  text: string;
  foundStart: boolean;
  foundEnd: boolean;
  /** `Title:`, `Author:`, `Language:`, `Release Date:`... from the header, lower-cased keys with `_`. */
  header: Record<string, string>;
}

export function stripGutenberg(raw: string): GutenbergParts {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const lines = text.split(/\r?\n/);
  let start = -1;
  for (let i = 0; i < Math.min(lines.length, START_WINDOW); i++) {
    if (START_MARKERS.some((m) => m.test(lines[i]!.trimStart()))) {
      start = i;
      break;
    }
  }
  const header: Record<string, string> = {};
  if (start > 0) {
    for (const line of lines.slice(0, start)) {
      const m = /^(Title|Author|Language|Release Date|Posting Date|Character set encoding|Translator|Editor):\s*(.+)$/i.exec(line.trim());
      if (m && !(m[1]!.toLowerCase().replace(/ /g, "_") in header)) header[m[1]!.toLowerCase().replace(/ /g, "_")] = m[2]!.trim();
    }
  }
  let from = start + 1;
  // A marker whose "***" does not close on its own line continues on the next (a wrapped title).
  if (start >= 0 && !/\*{3}\s*$/.test(lines[start]!.slice(3))) {
    for (let j = from; j < Math.min(lines.length, from + 3); j++) {
      if (/\*{3}\s*$/.test(lines[j]!)) {
        from = j + 1;
        break;
      }
    }
  }
  let end = lines.length;
  for (let i = Math.max(from, 0); i < lines.length; i++) {
    if (END_MARKERS.some((m) => m.test(lines[i]!.trimStart()))) {
      end = i;
      break;
    }
  }
  const foundEnd = end < lines.length;
  if (start < 0 && !foundEnd) return { text, foundStart: false, foundEnd: false, header };
  const body = lines.slice(Math.max(from, 0), end).join("\n").trim();
  return { text: body, foundStart: start >= 0, foundEnd, header };
}
