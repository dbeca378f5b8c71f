// tokenizer.json pre-tokenizer patterns are Oniguruma regexes (Hugging Face's tokenizers runs its
// Split pre-tokenizer with onig, Ruby syntax, UTF-8); this translates the subset that byte-level
// BPE tokenizers use into a JavaScript RegExp with the same matches, and refuses the rest (the
// caller then keeps Hugging Face's own implementation). Where the two engines read the same text
// differently:
// - `\s` is White_Space in onig (and in Rust's regex, which tiktoken uses); JavaScript's `\s` also
//   takes U+FEFF and misses U+0085 (NEL), so `\s`/`\S` become \p{White_Space}/\P{White_Space};
//   `\d` is \p{Nd} in onig's Unicode mode, ASCII in JavaScript.
// - `(?i:...)` has no JavaScript form before Node 23: its literal letters become classes of their
//   simple case folds; `s` also matches U+017F (long s) and `k` U+212A (Kelvin sign), the only
//   other characters that fold to an ASCII letter (Unicode CaseFolding.txt).
// - `.` is "anything but \n" in onig, and `^`/`$` are line anchors (Ruby syntax), at \n only.
// - JavaScript's u flag refuses identity escapes of non-syntax characters (`\'`, `\"`) and lone
//   braces, which onig reads as literals: they become \u{...} escapes.
// - Unicode versions: Node 20.20 knows Unicode 17.0, the binding's onig 16.0, where 17.0's new
//   characters are unassigned; a class with a property (\p{L}, \d...) is corrected to read them as
//   onig does (unicode-17-additions.ts), with the v flag's class subtraction and nesting, which V8
//   folds into one character class when it compiles the pattern (no cost per character).
// The result is for the v flag (plus "g" or "y"). Possessive quantifiers, atomic groups, onig-only escapes (\h, \R, \X, \A, \z, \K, \G), class
// intersections, nested classes and patterns that match the empty string are refused.

import { UNICODE_17_ADDITIONS } from "./unicode-17-additions.js";

const SYNTAX = new Set("^$\\.*+?()[]{}|/");
const FOLDS: Record<string, string> = { s: "sSſ", k: "kKK" };

/** The JavaScript source (for flags "v" plus "g" or "y") of an onig pattern, or undefined when it uses what we do not translate. */
export function onigToJs(pattern: string): string | undefined {
  let out = "";
  let inClass = false;
  // the class being read: its body, whether negated, whether it holds a property escape
  let body = "";
  let negated = false;
  let property = false;
  const emit = (text: string) => {
    if (inClass) body += text;
    else out += text;
  };
  let caseless = -1; // the group depth of a (?i: group, or -1
  let depth = 0;
  const hex = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const e = pattern[++i];
      if (e === undefined) return undefined;
      if (caseless >= 0 && /[A-Za-z]/.test(e)) return undefined; // a class under (?i) would need its case folds
      if (e === "s" || e === "S" || e === "d" || e === "D" || e === "p" || e === "P") {
        let escape: string;
        if (e === "s" || e === "S" || e === "d" || e === "D") {
          if (inClass && (e === "S" || e === "D")) return undefined; // [^\S...] would need a class difference
          escape = `\\${e === "s" || e === "d" ? "p" : "P"}{${e === "s" || e === "S" ? "White_Space" : "Nd"}}`;
        } else {
          const m = /^\{\^?([A-Za-z_=]+)\}/.exec(pattern.slice(i + 1));
          if (!m) return undefined;
          const not = m[0].startsWith("{^") !== (e === "P");
          // onig takes script names bare (\p{Han}); JavaScript wants Script=Han
          const name = valid(`\\p{${m[1]}}`) ? m[1] : valid(`\\p{Script=${m[1]}}`) ? `Script=${m[1]}` : undefined;
          if (name === undefined) return undefined;
          escape = `\\${not ? "P" : "p"}{${name}}`;
          i += m[0].length;
        }
        if (inClass) {
          body += escape;
          property = true;
        } else out += asOnigReads(escape, false);
      } else if ("rntfv".includes(e)) emit(`\\${e}`);
      else if (e === "x") {
        const m = /^(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{2}))/.exec(pattern.slice(i + 1));
        if (!m) return undefined;
        emit(`\\u{${m[1] ?? m[2]}}`);
        i += m[0].length;
      } else if (e === "u") {
        const m = /^[0-9a-fA-F]{4}/.exec(pattern.slice(i + 1));
        if (!m) return undefined;
        emit(`\\u{${m[0]}}`);
        i += 4;
      } else if (/[A-Za-z0-9]/.test(e))
        return undefined; // \w, \b, \h, \R, \A, \z, back-references...: not needed, not translated
      else emit(SYNTAX.has(e) || (inClass && e === "-") ? `\\${e}` : hex(e));
      continue;
    }
    if (inClass) {
      if (c === "]") {
        inClass = false;
        out += property ? asOnigReads(body, negated) : `[${negated ? "^" : ""}${body}]`;
      } else if (c === "[" || (c === "&" && pattern[i + 1] === "&")) return undefined;
      else if (c === "-") {
        // a range between two characters; first or last in the class, a literal (the v flag wants it escaped)
        body += body === "" || pattern[i + 1] === "]" ? "\\-" : "-";
      } else if (c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(c))
        body += hex(c); // the v flag reserves ( ) { } | / and doubled punctuation
      else {
        const char = String.fromCodePoint(c.codePointAt(0)!);
        body += char;
        i += char.length - 1;
      }
      continue;
    }
    if (c === "[") {
      if (caseless >= 0) return undefined;
      inClass = true;
      body = "";
      property = false;
      negated = pattern[i + 1] === "^";
      if (negated) i++;
      if (pattern[i + 1] === "]") return undefined; // onig's literal ] first in a class
      continue;
    }
    if (c === "(") {
      depth++;
      if (pattern.startsWith("(?i:", i)) {
        if (caseless >= 0) return undefined;
        caseless = depth;
        out += "(?:";
        i += 3;
        continue;
      }
      if (pattern[i + 1] === "?" && !/^\(\?(?::|=|!|<=|<!)/.test(pattern.slice(i))) return undefined; // atomic, options, named...
      out += c;
      continue;
    }
    if (c === ")") {
      if (depth === caseless) caseless = -1;
      depth--;
      out += c;
      continue;
    }
    if (c === "*" || c === "+" || c === "?" || c === "}") {
      if (c === "}") {
        out += "\\}";
        continue;
      }
      if (pattern[i + 1] === "+") return undefined; // possessive
      out += c;
      continue;
    }
    if (c === "{") {
      // onig's {,n} is {0,n}; JavaScript reads it as text
      const m = /^\{(\d*)(,\d*)?\}/.exec(pattern.slice(i));
      if (m && (m[1] !== "" || (m[2] ?? ",") !== ",")) {
        out += `{${m[1] || "0"}${m[2] ?? ""}}`;
        i += m[0].length - 1;
        if (pattern[i + 1] === "+") return undefined;
      } else out += "\\{";
      continue;
    }
    if (c === ".") out += "[^\\n]";
    else if (c === "^") out += "(?<![^\\n])";
    else if (c === "$") out += "(?![^\\n])";
    else if (caseless >= 0 && /[a-zA-Z]/.test(c)) {
      const lower = c.toLowerCase();
      out += `[${FOLDS[lower] ?? lower + lower.toUpperCase()}]`;
    } else {
      const cp = c.codePointAt(0)!;
      const char = String.fromCodePoint(cp);
      if (caseless >= 0 && char.toLowerCase() !== char.toUpperCase()) return undefined; // a non-ASCII letter under (?i)
      out += char;
      i += char.length - 1;
    }
  }
  // a pattern that can match nothing: Hugging Face's Split then cuts at every empty match, which the
  // engine's word loop does not reproduce
  return inClass || depth !== 0 || !valid(out) || new RegExp(out, "v").test("") ? undefined : out;
}

// a code point unassigned in every Unicode version: what onig makes of Unicode 17.0's additions
const UNASSIGNED = "\u0378";

/**
 * A class (its body, for the v flag) that takes Unicode 17.0's new characters as onig's Unicode
 * 16.0 does: as unassigned. Where JavaScript's class reads some of them otherwise (a new letter in
 * \p{L}), they are taken out of it, or added to it when the class takes unassigned code points.
 */
function asOnigReads(body: string, negated: boolean): string {
  const set = new RegExp(`^[${body}]$`, "v");
  const unassigned = set.test(UNASSIGNED);
  const differ: string[] = [];
  for (const [from, to] of UNICODE_17_ADDITIONS) {
    let start = -1;
    for (let c = from; c <= to + 1; c++) {
      const same = c > to || set.test(String.fromCodePoint(c)) === unassigned;
      if (!same && start < 0) start = c;
      else if (same && start >= 0) {
        differ.push(start === c - 1 ? `\\u{${start.toString(16)}}` : `\\u{${start.toString(16)}}-\\u{${(c - 1).toString(16)}}`);
        start = -1;
      }
    }
  }
  const not = negated ? "^" : "";
  if (differ.length === 0) return `[${not}${body}]`;
  return unassigned ? `[${not}${body}[${differ.join("")}]]` : `[${not}[${body}]--[${differ.join("")}]]`;
}

function valid(source: string): boolean {
  try {
    new RegExp(source, "v");
    return true;
  } catch {
    return false;
  }
}
