// Querying the catalog: every entry validated once against DatasetSchema, looked up by id or any
// alias, filtered by language, stage, licence, size and more.
import { z } from "zod";
import { ConfigError, UnknownDatasetError } from "../errors.js";
import { CATALOG_ENTRIES } from "./entries.generated.js";
import { DOMAINS, DatasetSchema, STAGES, type Dataset } from "./schema.js";

let cache: Dataset[] | undefined;

/** Every catalog entry, sorted by id, with the schema's defaults applied. */
export function datasets(): readonly Dataset[] {
  cache ??= CATALOG_ENTRIES.map((entry) => {
    const result = DatasetSchema.safeParse(entry);
    if (!result.success) {
      const id = (entry as { id?: string }).id ?? "?";
      throw new ConfigError(`catalog/${id}.json`, z.prettifyError(result.error).replace(/\n/g, "; "), result.error.issues);
    }
    return result.data;
  }).sort((a, b) => (a.id < b.id ? -1 : 1));
  return cache;
}

/** One entry by id, alias, name or Hugging Face id (case-insensitive); unknown -> close matches. */
export function getDataset(idOrAlias: string): Dataset {
  const wanted = normalize(idOrAlias);
  const found = datasets().find((d) => namesOf(d).some((n) => normalize(n) === wanted));
  if (found) return found;
  throw new UnknownDatasetError(idOrAlias, suggest(idOrAlias));
}

export const FindQuery = z
  .object({
    language: z.string().optional().describe("ISO code; 'zh' also matches 'zh-Hant'"),
    stage: z.enum(STAGES).optional(),
    domain: z.enum(DOMAINS).optional(),
    license: z.string().optional().describe("SPDX id or words of the licence name"),
    commercialUse: z.boolean().optional(),
    minTokens: z.number().nonnegative().optional(),
    maxTokens: z.number().nonnegative().optional(),
    minBytes: z.number().nonnegative().optional(),
    maxBytes: z.number().nonnegative().optional(),
    usedBy: z.string().optional().describe("a model name, or part of one"),
    text: z.string().optional().describe("words to find in the name, aliases and description"),
    raw: z.boolean().optional(),
  })
  .strict();
export type FindQueryInput = z.input<typeof FindQuery>;

/**
 * Entries matching every given criterion. An entry without the figure a size bound asks about is
 * left out: "over 50 GB" cannot be claimed for a dataset whose size is unknown.
 * @example findDatasets({ language: "zh", stage: "pretraining", minBytes: 50e9, commercialUse: true })
 */
export function findDatasets(query: FindQueryInput = {}): Dataset[] {
  const parsed = FindQuery.safeParse(query);
  if (!parsed.success) throw new ConfigError("findDatasets", z.prettifyError(parsed.error).replace(/\n/g, "; "), parsed.error.issues);
  const q = parsed.data;
  const words = q.text ? normalize(q.text).split(" ").filter(Boolean) : [];
  return datasets().filter((d) => {
    if (q.language && !speaks(d, q.language)) return false;
    if (q.stage && !d.stage.includes(q.stage)) return false;
    if (q.domain && !d.domains.includes(q.domain)) return false;
    if (q.license && !licenseMatches(d, q.license)) return false;
    if (q.commercialUse !== undefined && d.license.commercialUse !== q.commercialUse) return false;
    if (q.raw !== undefined && d.raw !== q.raw) return false;
    const tokens = d.size.tokens?.value;
    const bytes = d.size.bytes?.value ?? d.size.compressedBytes?.value;
    if (q.minTokens !== undefined && !(tokens !== undefined && tokens >= q.minTokens)) return false;
    if (q.maxTokens !== undefined && !(tokens !== undefined && tokens <= q.maxTokens)) return false;
    if (q.minBytes !== undefined && !(bytes !== undefined && bytes >= q.minBytes)) return false;
    if (q.maxBytes !== undefined && !(bytes !== undefined && bytes <= q.maxBytes)) return false;
    if (q.usedBy && !d.usedBy.some((u) => normalize(u.model).includes(normalize(q.usedBy!)))) return false;
    if (words.length > 0) {
      const haystack = normalize([...namesOf(d), d.description].join(" "));
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    return true;
  });
}

// --- internal ---

function namesOf(d: Dataset): string[] {
  return [d.id, d.name, ...d.aliases, ...d.hub.map((h) => h.id)];
}

function normalize(s: string): string {
  return s.toLowerCase().replace(/[\s_]+/g, " ").trim();
}

function speaks(d: Dataset, language: string): boolean {
  const want = language.toLowerCase();
  const codes = [...d.languages, ...d.subsets.flatMap((s) => s.languages ?? [])].map((c) => c.toLowerCase());
  return codes.some((c) => c === want || c.startsWith(`${want}-`));
}

function licenseMatches(d: Dataset, license: string): boolean {
  const want = license.toLowerCase();
  return (d.license.spdx ?? "").toLowerCase() === want || d.license.name.toLowerCase().includes(want);
}

/** Up to three ids closest to what was asked (edit distance over ids and aliases, or a shared part). */
function suggest(asked: string): string[] {
  const a = normalize(asked);
  const scored = datasets().map((d) => {
    const distance = Math.min(...namesOf(d).map((n) => editDistance(a, normalize(n))));
    const partial = namesOf(d).some((n) => normalize(n).includes(a) || a.includes(normalize(n)));
    return { id: d.id, score: partial ? Math.min(distance, 1) : distance };
  });
  const limit = Math.max(2, Math.floor(a.length / 3));
  return scored
    .filter((s) => s.score <= limit)
    .sort((x, y) => x.score - y.score || (x.id < y.id ? -1 : 1))
    .slice(0, 3)
    .map((s) => s.id);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
