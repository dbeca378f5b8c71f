// C4's bad-words filter (Raffel et al. 2020) with datatrove's behaviour (C4BadWordsFilter): a document
// containing any word of the LDNOOBW list for its language is dropped. The lists come from the npm
// package naughty-words (LDNOOBW, CC BY 4.0), the same lists C4 and datatrove use. For ja, th and zh,
// which have no spaces, a word matches anywhere; elsewhere it must stand between non-word characters.
import { createRequire } from "node:module";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { filter } from "../pipeline/filter.js";
import type { Step } from "../pipeline/step.js";
import { parseOptions } from "../options.js";
import { sinkSchema } from "../io/reader-options.js";

export const C4BadWordsOptions = z
  .object({
    keepFraction: z.number().min(0).max(1).default(0).describe("share of matching documents kept anyway (at random)"),
    failOnMissingLanguage: z.boolean().default(true).describe("a language without a list is an error (else the document passes)"),
    seed: z.number().int().optional().describe("seed for keepFraction's random draw"),
    defaultLanguage: z.string().default("en").describe("language when the document has none"),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type C4BadWordsInput = z.input<typeof C4BadWordsOptions>;

// datatrove removes these from every list (they are common innocent words in ja/zh).
const ALLOWED = new Set(["sm", "グロ", "女の子", "性"]);
const SUBSTRING_LANGUAGES = new Set(["ja", "th", "zh"]);

export function c4BadWords(options: C4BadWordsInput = {}): Step {
  const o = parseOptions(C4BadWordsOptions, options, "c4BadWords");
  const patterns = new Map<string, RegExp | null>();
  const seed = (o.seed ?? 0x9e3779b9) >>> 0;
  return filter(
    "c4_badwords",
    (doc) => {
      const language = typeof doc.meta.language === "string" && doc.meta.language ? doc.meta.language : o.defaultLanguage;
      const code = language.split(/[-_]/)[0]!.toLowerCase();
      if (!patterns.has(code)) patterns.set(code, badWordsPattern(code));
      const pattern = patterns.get(code)!;
      if (!pattern) {
        if (o.failOnMissingLanguage) throw new ConfigError("c4BadWords", `no bad-words list for language "${language}" (document ${doc.id}); set failOnMissingLanguage: false to let such documents pass`);
        return true;
      }
      pattern.lastIndex = 0;
      if (!pattern.test(doc.text.toLowerCase())) return true;
      if (o.keepFraction > 0 && documentRandom(seed, doc.id) < o.keepFraction) return true;
      return { keep: false, reason: "document_removed_with_badwords" };
    },
    { rejected: o.rejected },
  );
}

/**
 * keepFraction's draw, from the seed and the document's id rather than a running generator, so a
 * document gets the same answer whatever the number of worker threads or tasks and in whatever
 * order they reach it (FNV-1a of the id, then a xorshift32 round).
 */
function documentRandom(seed: number, id: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h << 13;
  h ^= h >>> 17;
  h ^= h << 5;
  return (h >>> 0) / 4294967296;
}

/** The language's list as one regular expression, or null when there is no list. */
export function badWordsPattern(language: string): RegExp | null {
  const words = badWords(language);
  if (!words) return null;
  const alternation = words
    .filter((w) => !ALLOWED.has(w))
    .map((w) => w.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .sort((a, b) => b.length - a.length)
    .join("|");
  if (SUBSTRING_LANGUAGES.has(language)) return new RegExp(`(?:${alternation})`, "u");
  // Python's \W with re.UNICODE: anything but letters, digits and underscore.
  return new RegExp(`(?:[^\\p{L}\\p{N}_]|^)(?:${alternation})(?:[^\\p{L}\\p{N}_]|$)`, "u");
}

const require = createRequire(import.meta.url);
function badWords(language: string): string[] | null {
  try {
    return require(`naughty-words/${language}.json`) as string[];
  } catch {
    return null;
  }
}
