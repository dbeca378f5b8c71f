// Language codes as users write them, mapped to a language-ID model's labels. fastText's lid.176
// labels are ISO 639-1 where one exists, else ISO 639-3 or a Wikipedia code (Joulin et al. 2016);
// Common Crawl's WARC-Identified-Content-Language and FineWeb-2's config names use ISO 639-3
// (`eng`, `zho`). A code that maps to no label would drop every document without a word, so it is
// refused instead, with the labels closest to it.
import table from "./fineweb2/lid-labels.json" with { type: "json" };

/** lid.176's 176 labels, without `__label__`. */
export const LID176_LABELS: readonly string[] = Object.keys(table);

// ISO 639-3 code -> label: from the table's FineWeb-2 names ({iso3}_{script}); then the
// macrolanguage codes (ISO 639-3), for which the table names an individual language: the label
// covers the macrolanguage (zh is Chinese, not only Mandarin; ar is Arabic).
const ISO3 = new Map<string, string>();
for (const [label, name] of Object.entries(table as Record<string, string | null>)) if (name && !ISO3.has(name.slice(0, 3))) ISO3.set(name.slice(0, 3), label);
const MACROLANGUAGES: Record<string, string> = {
  zho: "zh",
  ara: "ar",
  msa: "ms",
  swa: "sw",
  est: "et",
  lav: "lv",
  uzb: "uz",
  aze: "az",
  mon: "mn",
  nep: "ne",
  sqi: "sq",
  pus: "ps",
  yid: "yi",
  mlg: "mg",
  kom: "kv",
  kur: "ku",
  grn: "gn",
  nor: "no",
  ori: "or",
  fas: "fa",
  tgl: "tl",
  hbs: "sh",
  que: "qu",
};
for (const [code, label] of Object.entries(MACROLANGUAGES)) ISO3.set(code, label);

export interface LanguageCodes {
  /** The codes as model labels, in the order given, without repeats. */
  labels: string[];
  /** Codes that name no label, each with up to five labels close to it. */
  unknown: { code: string; close: string[] }[];
}

/**
 * Map codes to `labels` (lid.176's by default): a label as it is, any case (`EN`), a region or
 * script tag dropped (`en-US`, `zh_Hans`), ISO 639-3 (`eng`, `zho`). Names (`english`) are not
 * guessed at: they come back unknown, with the labels they name among the close ones.
 */
export function resolveLanguageCodes(codes: readonly string[], labels: readonly string[] = LID176_LABELS): LanguageCodes {
  const known = new Set(labels);
  const out = new Set<string>();
  const unknown: LanguageCodes["unknown"] = [];
  for (const code of codes) {
    const label = toLabel(code, known);
    if (label !== undefined) out.add(label);
    else unknown.push({ code, close: closeLabels(code, labels) });
  }
  return { labels: [...out], unknown };
}

function toLabel(code: string, known: ReadonlySet<string>): string | undefined {
  const bare = code.trim().replace(/^__label__/, "");
  if (known.has(bare)) return bare;
  const lower = bare.toLowerCase();
  if (known.has(lower)) return lower;
  const primary = lower.split(/[-_]/)[0]!;
  if (known.has(primary)) return primary;
  const viaIso3 = primary.length === 3 ? ISO3.get(primary) : undefined;
  return viaIso3 !== undefined && known.has(viaIso3) ? viaIso3 : undefined;
}

let names: Intl.DisplayNames | undefined;
function englishName(label: string): string | undefined {
  try {
    names ??= new Intl.DisplayNames(["en"], { type: "language" });
    const name = names.of(label);
    return name && name !== label ? name.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** Labels whose English name starts with the code (`english` -> en), then labels within one or two edits. */
function closeLabels(code: string, labels: readonly string[]): string[] {
  const lower = code.trim().toLowerCase();
  const byName = lower.length >= 3 ? labels.filter((l) => englishName(l)?.startsWith(lower)) : [];
  const byCode = labels
    .map((l) => ({ l, d: editDistance(lower, l) }))
    .filter((x) => x.d <= Math.min(2, Math.max(1, lower.length - 1)))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.l);
  return [...new Set([...byName, ...byCode])].slice(0, 5);
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
