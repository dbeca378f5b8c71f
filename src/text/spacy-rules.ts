// spaCy's tokenizer (spacy/tokenizer.pyx, v3.7.5) driven by one language's own rules: what
// datatrove's split_into_words uses for German, French, Spanish, Portuguese, Italian, Dutch and
// Russian (spacy.blank(lang); datatrove src/datatrove/utils/word_tokenizers.py). English keeps its
// hand-built fast path (spaced-tokens.ts); these languages run spaCy's procedure as written, over
// its own regular expressions and special cases, which scripts/spacy-rules.py exports from spaCy
// 3.7.5 into data/spacy-<lang>.json (MIT, see data/README.md). The steps: cut at Python's
// whitespace; a chunk that is a special case takes its tokens; otherwise prefixes and suffixes are
// peeled off until none is left, the rest is a special case, or token_match accepts it; the middle
// stays whole if it is a special case, token_match or a URL, else is split at infixes; last, runs
// of tokens that spell a special case with affixes in it are replaced (the special matcher).
import de from "./data/spacy-de.json" with { type: "json" };
import es from "./data/spacy-es.json" with { type: "json" };
import fr from "./data/spacy-fr.json" with { type: "json" };
import it from "./data/spacy-it.json" with { type: "json" };
import nl from "./data/spacy-nl.json" with { type: "json" };
import pt from "./data/spacy-pt.json" with { type: "json" };
import ru from "./data/spacy-ru.json" with { type: "json" };
import { isSpacyUrl } from "./spaced-url.js";

interface Pattern {
  source: string;
  flags: string;
}
interface RuleData {
  classes: string[];
  prefix: Pattern;
  suffix: Pattern;
  infix: Pattern;
  token?: Pattern;
  exceptions: Record<string, string[]>;
}

const DATA: Record<string, RuleData> = { de, es, fr, it, nl, pt, ru };
// ISO 639-1 and 639-3 codes (FineWeb-2 names languages "deu_Latn", ...) -> spaCy's language.
const CODES: Record<string, string> = { deu: "de", ger: "de", spa: "es", fra: "fr", fre: "fr", ita: "it", nld: "nl", dut: "nl", por: "pt", rus: "ru" };

/** spaCy's language for an ISO code ("de", "deu", "deu_Latn", "de-AT") when it has its own rules here; undefined otherwise (English rules apply). */
export function spacyRuleLanguage(language: string | undefined): string | undefined {
  if (!language) return undefined;
  const code = language.toLowerCase().split(/[-_]/)[0]!;
  const lang = CODES[code] ?? code;
  return lang in DATA ? lang : undefined;
}

interface Rules {
  prefix: RegExp;
  suffix: RegExp;
  infix: RegExp;
  token: RegExp | undefined;
  exceptions: Map<string, readonly string[]>;
  /** the longest special case: longer strings are not looked up (hashing a long chunk at every peel would be quadratic) */
  longest: number;
  /** first token of a special case's affixed form -> the forms (the special matcher's patterns) */
  runs: Map<string, string[][]>;
  cache: Map<string, readonly string[]>;
}

const loaded = new Map<string, Rules>();

function compile(data: RuleData, p: Pattern, extra: string): RegExp {
  const source = p.source.replace(/\x00(\d+)\x00/g, (_, n: string) => data.classes[Number(n)]!);
  return new RegExp(source, "u" + p.flags + extra);
}

function rulesFor(lang: string): Rules {
  let rules = loaded.get(lang);
  if (rules) return rules;
  const data = DATA[lang]!;
  rules = {
    prefix: compile(data, data.prefix, ""),
    suffix: compile(data, data.suffix, "g"),
    infix: compile(data, data.infix, "g"),
    // Python's re.match: anchored at the start only
    token: data.token ? compile(data, data.token, "y") : undefined,
    exceptions: new Map(Object.entries(data.exceptions)),
    longest: Math.max(...Object.keys(data.exceptions).map((k) => k.length)),
    runs: new Map(),
    cache: new Map(),
  };
  loaded.set(lang, rules);
  // spaCy's add_special_case: a case the affix rules would split (or one with a space) is also
  // looked for as the run of tokens its text gives without special cases.
  for (const chunk of rules.exceptions.keys()) {
    if (!(prefixLength(rules, chunk) || infixes(rules, chunk).length || suffixLength(rules, chunk) || chunk.includes(" "))) continue;
    const doc = tokenizeAffixes(rules, chunk, false);
    if (doc.texts.length === 0) continue;
    const list = rules.runs.get(doc.texts[0]!) ?? [];
    list.push(doc.texts);
    rules.runs.set(doc.texts[0]!, list);
  }
  return rules;
}

/** Python's str.isspace for one UTF-16 unit (no astral character is whitespace). */
function isPySpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    (c >= 0x1c && c <= 0x1f) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function prefixLength(r: Rules, s: string): number {
  const m = r.prefix.exec(s);
  return m ? m[0].length : 0;
}

/**
 * Python's suffix_search(s): the leftmost match of rules that all end at the end of s. Searched
 * from near the end (lookbehinds still see all of s), and further back only while the match found
 * starts where the search did and so may reach further left (a run of dots): peeling a chunk of a
 * thousand "!" or ")" stays linear, where searching from the start each time would be quadratic.
 */
function suffixLength(r: Rules, s: string): number {
  for (let window = SUFFIX_WINDOW; ; window *= 4) {
    const from = Math.max(0, s.length - window);
    r.suffix.lastIndex = from;
    const m = r.suffix.exec(s);
    if (!m) return 0;
    if (m.index > from || from === 0) return m[0].length;
  }
}

// No suffix rule matches more than a few characters, except runs (of dots): longer than this, a
// suffix also matches within the window (at its start), which makes the search look further back.
const SUFFIX_WINDOW = 64;

function infixes(r: Rules, s: string): [number, number][] {
  const found: [number, number][] = [];
  for (const m of s.matchAll(r.infix)) found.push([m.index, m.index + m[0].length]);
  return found;
}

function tokenMatch(r: Rules, s: string): boolean {
  if (!r.token) return false;
  r.token.lastIndex = 0;
  return r.token.test(s);
}

/** A Doc's tokens: texts, whether a single space follows each, and which are whitespace. */
interface Doc {
  texts: string[];
  spacy: boolean[];
  space: boolean[];
}

function push(doc: Doc, text: string, space = false): void {
  doc.texts.push(text);
  doc.spacy.push(false);
  doc.space.push(space);
}

/** spaCy's _tokenize_affixes: whitespace cut, each span tokenized (with special cases or not). */
function tokenizeAffixes(r: Rules, text: string, specials: boolean): Doc {
  const doc: Doc = { texts: [], spacy: [], space: [] };
  const n = text.length;
  if (n === 0) return doc;
  let inWs = isPySpace(text.charCodeAt(0));
  let start = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isPySpace(c) !== inWs) {
      if (start < i) span(r, doc, text.slice(start, i), inWs, specials);
      if (c === 0x20) {
        doc.spacy[doc.texts.length - 1] = true;
        start = i + 1;
      } else start = i;
      inWs = !inWs;
    }
  }
  if (start < n) span(r, doc, text.slice(start), inWs, specials);
  return doc;
}

function span(r: Rules, doc: Doc, s: string, whitespace: boolean, specials: boolean): void {
  if (whitespace) {
    // whitespace spans are special cases (" ", "\n"...) or stay whole: no affix rule takes a space
    // apart that any word list keeps (datatrove strips every token and drops the empty ones)
    push(doc, s, true);
    return;
  }
  const special = specials && s.length <= r.longest ? r.exceptions.get(s) : undefined;
  if (special) {
    for (const t of special) push(doc, t);
    return;
  }
  const cached = specials && s.length <= CACHED_LENGTH ? r.cache.get(s) : undefined;
  if (cached) {
    for (const t of cached) push(doc, t);
    return;
  }
  const from = doc.texts.length;
  const hadSpecial = tokenizeSpan(r, doc, s, specials);
  // spaCy caches a span's tokens unless a special case was involved (its _save_cached)
  if (specials && !hadSpecial && s.length <= CACHED_LENGTH) {
    if (r.cache.size >= 20_000) r.cache.clear();
    r.cache.set(s, doc.texts.slice(from));
  }
}

// Chunks longer than this are not cached: they rarely repeat, and hashing them costs.
const CACHED_LENGTH = 64;

/** spaCy's _split_affixes and _attach_tokens; true if a special case gave tokens. */
function tokenizeSpan(r: Rules, doc: Doc, s: string, specials: boolean): boolean {
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  let hadSpecial = false;
  let lastSize = 0;
  const isSpecial = (x: string) => specials && x.length <= r.longest && r.exceptions.has(x);
  while (s && s.length !== lastSize) {
    if (tokenMatch(r, s)) break;
    if (isSpecial(s)) break;
    lastSize = s.length;
    const pre = prefixLength(r, s);
    let prefix = "";
    let minusPre = "";
    if (pre !== 0) {
      prefix = s.slice(0, pre);
      minusPre = s.slice(pre);
      if (minusPre && isSpecial(minusPre)) {
        s = minusPre;
        prefixes.push(prefix);
        break;
      }
    }
    const suf = suffixLength(r, s.slice(pre));
    let suffix = "";
    let minusSuf = "";
    if (suf !== 0) {
      suffix = s.slice(s.length - suf);
      minusSuf = s.slice(0, s.length - suf);
      if (minusSuf && isSpecial(minusSuf)) {
        s = minusSuf;
        suffixes.push(suffix);
        break;
      }
    }
    if (pre && suf && pre + suf <= s.length) {
      s = s.slice(pre, s.length - suf);
      prefixes.push(prefix);
      suffixes.push(suffix);
    } else if (pre) {
      s = minusPre;
      prefixes.push(prefix);
    } else if (suf) {
      s = minusSuf;
      suffixes.push(suffix);
    }
  }
  for (const p of prefixes) push(doc, p);
  if (s) {
    const special = specials && s.length <= r.longest ? r.exceptions.get(s) : undefined;
    if (special) {
      hadSpecial = true;
      for (const t of special) push(doc, t);
    } else if (tokenMatch(r, s) || isSpacyUrl(s)) push(doc, s);
    else {
      const found = infixes(r, s);
      if (found.length === 0) push(doc, s);
      else {
        let start = 0;
        for (const [from, to] of found) {
          if (from === 0) continue; // an infix at the very start stays attached
          if (from !== start) push(doc, s.slice(start, from));
          if (from !== to) push(doc, s.slice(from, to));
          start = to;
        }
        if (start < s.length) push(doc, s.slice(start));
      }
    }
  }
  for (let k = suffixes.length - 1; k >= 0; k--) push(doc, suffixes[k]!);
  return hadSpecial;
}

/** spaCy's _apply_special_cases: runs spelling a special case, longest then leftmost, replaced by its tokens. */
function applySpecialCases(r: Rules, doc: Doc): string[] {
  const t = doc.texts;
  const found: [number, number][] = [];
  for (let i = 0; i < t.length; i++) {
    const candidates = r.runs.get(t[i]!);
    if (!candidates) continue;
    for (const run of candidates) {
      if (i + run.length > t.length) continue;
      let k = 1;
      while (k < run.length && t[i + k] === run[k]) k++;
      if (k === run.length) found.push([i, i + run.length]);
    }
  }
  if (found.length === 0) return t;
  found.sort((x, y) => y[1] - y[0] - (x[1] - x[0]) || x[0] - y[0]);
  const seen = new Set<number>();
  const taken: [number, number][] = [];
  for (const [a, b] of found) {
    if (!seen.has(a) && !seen.has(b - 1)) taken.push([a, b]);
    for (let k = a; k < b; k++) seen.add(k);
  }
  taken.sort((x, y) => x[0] - y[0]);
  const out: string[] = [];
  let i = 0;
  for (const [a, b] of taken) {
    while (i < a) out.push(t[i++]!);
    let text = "";
    for (let k = a; k < b; k++) text += k < b - 1 && doc.spacy[k] ? t[k] + " " : t[k];
    const tokens = r.exceptions.get(text);
    if (tokens) for (const x of tokens) out.push(x);
    else for (let k = a; k < b; k++) out.push(t[k]!);
    i = b;
  }
  while (i < t.length) out.push(t[i++]!);
  return out;
}

/** Python's str.strip(): whitespace off both ends. */
function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPySpace(s.charCodeAt(a))) a++;
  while (b > a && isPySpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Every token of `text` as spacy.blank(lang) makes them, stripped, empty ones dropped (datatrove's
 * word_tokenize). `lang` is one spacyRuleLanguage() returns.
 */
export function spacyRuleTokens(text: string, lang: string): string[] {
  const r = rulesFor(lang);
  const doc = tokenizeAffixes(r, text, true);
  const out: string[] = [];
  for (const token of applySpecialCases(r, doc)) {
    const s = pyStrip(token);
    if (s) out.push(s);
  }
  return out;
}
