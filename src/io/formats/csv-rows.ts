// Decoded CSV text -> pieces that each end where a row ends, for fast-csv. fast-csv keeps an
// unfinished row as a string and scans it again from its start each time more text arrives, so a
// row of n characters that comes in pieces of c costs O(n^2 / c): one 32 MB cell took 29 s. Given
// whole rows it scans each character once. Row ends are found as fast-csv finds them (RFC 4180): a
// newline outside a quoted cell; a cell is quoted when its first character after blanks is the
// quote; inside it, a doubled quote is a literal one. A guess that differs from fast-csv's (a stray
// quote) only moves where the text is cut, never what fast-csv parses.
import { InputError } from "../../errors.js";

export interface CsvRowOptions {
  delimiter: string;
  /** null: no quoting (TSV). */
  quote: string | null;
  /** A longer row is an InputError (the reader's maxRecordBytes, counted in characters here). */
  maxRowChars: number;
  file: string;
}

const CELL_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3; // a quote inside a quoted cell: a second one escapes it, anything else closes the cell
const NEWLINE = 10;

export async function* csvRowPieces(text: AsyncIterable<string>, options: CsvRowOptions): AsyncIterable<string> {
  const delimiter = options.delimiter.charCodeAt(0);
  const quote = options.quote === null ? -1 : options.quote.charCodeAt(0);
  let state = CELL_START;
  let pending: string[] = [];
  let pendingChars = 0;
  let line = 1;
  let rowLine = 1;
  for await (const piece of text) {
    let lastEnd = -1;
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (state === QUOTED) {
        if (c === quote) state = QUOTE_SEEN;
        else if (c === NEWLINE) line++;
        continue;
      }
      if (state === QUOTE_SEEN && c === quote) {
        state = QUOTED;
        continue;
      }
      if (c === NEWLINE) {
        line++;
        rowLine = line;
        lastEnd = i;
        state = CELL_START;
      } else if (c === delimiter) state = CELL_START;
      else if (state === CELL_START && c === quote) state = QUOTED;
      else if (c !== 32 && c !== 9) state = UNQUOTED;
    }
    if (lastEnd === -1) {
      pending.push(piece);
      pendingChars += piece.length;
    } else {
      const head = piece.slice(0, lastEnd + 1);
      yield pending.length > 0 ? pending.join("") + head : head;
      const rest = piece.slice(lastEnd + 1);
      pending = rest.length > 0 ? [rest] : [];
      pendingChars = rest.length;
    }
    if (pendingChars > options.maxRowChars) {
      throw new InputError(
        { file: options.file, line: rowLine },
        `a CSV row longer than maxRecordBytes (${options.maxRowChars} characters); raise the option to read it`,
      );
    }
  }
  if (pending.length > 0) yield pending.join("");
}
