// spaCy's special matcher (Tokenizer._apply_special_cases): an exception whose text the affix
// rules would split (":)" -> ":", ")"; "co." -> "co", ".") is also found as that run of tokens
// inside a chunk split otherwise ("xyz-co." -> xyz, -, co.), and replaced by its tokens.
import { englishExceptions } from "./spaced-exceptions.js";
import { tokenizeChunk } from "./spaced-chunk.js";

// What separates a token from the one before it: nothing (the same chunk), exactly one space
// (adjacent tokens in spaCy's Doc), or more (a whitespace token stands between them, or the token
// is the first).
export const SAME_CHUNK = 0;
export const ONE_SPACE = 1;
export const APART = 2;

let runsByFirst: Map<string, { run: string[]; tokens: readonly string[] }[]> | undefined;

function exceptionRuns(): Map<string, { run: string[]; tokens: readonly string[] }[]> {
  if (runsByFirst) return runsByFirst;
  runsByFirst = new Map();
  for (const [chunk, tokens] of englishExceptions()) {
    if (/\s/u.test(chunk)) continue; // whitespace tokens: no words
    const run: string[] = [];
    tokenizeChunk(chunk, run, false);
    if (run.length < 2) continue; // a single token maps to itself: nothing to merge
    const list = runsByFirst.get(run[0]!) ?? [];
    list.push({ run, tokens });
    runsByFirst.set(run[0]!, list);
  }
  return runsByFirst;
}

/**
 * Replace runs of tokens that spell an exception by the exception's tokens, as spaCy's special
 * matcher does over the whole Doc. A run may span two chunks one space apart: it is no exception
 * then (its text has a space) and stays as it is, but it still counts when overlaps are settled:
 * longest run first, then leftmost; a run is taken unless its first or last token is already covered.
 */
export function mergeExceptionRuns(out: string[], gaps: Uint8Array): void {
  const runs = exceptionRuns();
  const firsts = firstTokenKeys();
  const found: { start: number; end: number; tokens: readonly string[] | null }[] = [];
  for (let i = 0; i < out.length - 1; i++) {
    const token = out[i]!;
    if (firsts[firstKey(token)] === 0) continue;
    const candidates = runs.get(token);
    if (!candidates) continue;
    for (const { run, tokens } of candidates) {
      if (i + run.length > out.length) continue;
      let k = 1;
      let spaced = false;
      for (; k < run.length && out[i + k] === run[k]; k++) {
        const gap = gaps[i + k]!;
        if (gap === APART) break;
        if (gap === ONE_SPACE) spaced = true;
      }
      if (k === run.length) found.push({ start: i, end: i + run.length, tokens: spaced ? null : tokens });
    }
  }
  if (found.length === 0) return;
  found.sort((x, y) => y.end - y.start - (x.end - x.start) || x.start - y.start);
  const covered = new Set<number>();
  const taken: typeof found = [];
  for (const f of found) {
    if (!covered.has(f.start) && !covered.has(f.end - 1) && f.tokens && changes(out, f)) taken.push(f);
    for (let t = f.start; t < f.end; t++) covered.add(t);
  }
  if (taken.length === 0) return;
  taken.sort((x, y) => x.start - y.start);
  const rest = out.splice(0);
  let i = 0;
  for (const f of taken) {
    while (i < f.start) out.push(rest[i++]!);
    for (const t of f.tokens!) out.push(t);
    i = f.end;
  }
  while (i < rest.length) out.push(rest[i++]!);
}

/** Whether replacing out[start, end) by `tokens` changes anything ("it", "'s" stays "it", "'s"). */
function changes(out: string[], f: { start: number; end: number; tokens: readonly string[] | null }): boolean {
  if (f.tokens!.length !== f.end - f.start) return true;
  return f.tokens!.some((t, k) => t !== out[f.start + k]);
}

/**
 * Whether two consecutive tokens of out[first..] begin an exception run that changes tokens
 * (":", ")" -> ":)"); runs that change nothing ("it", "'s") only matter beside one that does.
 */
export function beginsRun(out: string[], first: number): boolean {
  const firsts = firstTokenKeys();
  for (let k = first; k < out.length - 1; k++) {
    const token = out[k]!;
    if (firsts[firstKey(token)] === 0) continue;
    if (
      changingPairs()
        .get(token)
        ?.has(out[k + 1]!)
    )
      return true;
  }
  return false;
}

// first token -> the second tokens of the runs that change tokens
let pairs: Map<string, Set<string>> | undefined;

function changingPairs(): Map<string, Set<string>> {
  if (pairs) return pairs;
  pairs = new Map();
  for (const [first, list] of exceptionRuns()) {
    for (const { run, tokens } of list) {
      if (tokens.length === run.length && tokens.every((t, i) => t === run[i])) continue;
      const seconds = pairs.get(first) ?? new Set<string>();
      seconds.add(run[1]!);
      pairs.set(first, seconds);
    }
  }
  return pairs;
}

// A token is looked up among the runs' first tokens only if its first unit and length match one.
let firstKeys: Uint8Array | undefined;
const firstKey = (token: string) => ((token.charCodeAt(0) * 17) ^ token.length) & 0xffff;

function firstTokenKeys(): Uint8Array {
  if (firstKeys) return firstKeys;
  firstKeys = new Uint8Array(0x10000);
  for (const first of exceptionRuns().keys()) firstKeys[firstKey(first)] = 1;
  return firstKeys;
}
