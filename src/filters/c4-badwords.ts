// C4's bad-words filter (Raffel et al. 2020) with datatrove's behaviour (C4BadWordsFilter): a document
// containing any word of the LDNOOBW list for its language is dropped. The lists come from the npm
// package naughty-words (LDNOOBW, CC BY 4.0), the same lists C4 and datatrove use. For ja, th and zh,
// which have no spaces, a word matches anywhere; elsewhere it must stand between non-word characters.
// datatrove lowercases the text but not the list, so an entry with a capital letter can never match
// there (61 of the 68 Spanish entries, "Asesinato"...); by default ours keeps the entries as they
// are too and decides as datatrove does. `lowercaseList: true` lowercases them, as C4 meant.
// The English list is the one C4 and datatrove pin (LDNOOBW commit 25e679f0): naughty-words ships a
// later one with 26 more entries ("sexual", "horny", "nsfw"...), left out unless `englishList` is
// "naughty-words". Entries are trimmed, as datatrove strips each line ("hi" has a trailing space).
import { createRequire } from "node:module";
import { z } from "zod";
import { defineStep } from "../pipeline/step-descriptor.js";
import { ConfigError } from "../errors.js";
import { filter } from "../pipeline/filter.js";
import type { Step } from "../pipeline/step.js";
import { parseOptions } from "../options.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { badWordsMatcher, type BadWordsMatcher } from "./bad-words-matcher.js";

export const C4BadWordsOptions = z
  .object({
    keepFraction: z.number().min(0).max(1).default(0).describe("share of matching documents kept anyway (at random)"),
    failOnMissingLanguage: z.boolean().default(true).describe("a language without a list is an error (else the document passes)"),
    seed: z.number().int().optional().describe("seed for keepFraction's random draw"),
    defaultLanguage: z.string().default("en").describe("language when the document has none"),
    englishList: z
      .enum(["c4", "naughty-words"])
      .default("c4")
      .describe("c4: the English list at the commit C4 and datatrove pin; naughty-words: the later one the package ships (26 more entries)"),
    lowercaseList: z
      .boolean()
      .default(false)
      .describe("lowercase the list's entries as well as the text (datatrove lowercases only the text, so entries with capitals never match)"),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type C4BadWordsInput = z.input<typeof C4BadWordsOptions>;

// datatrove removes these from every list (they are common innocent words in ja/zh).
const ALLOWED = new Set(["sm", "グロ", "女の子", "性"]);
// Entries of naughty-words' English list added to LDNOOBW after commit 25e679f0 (C4's and datatrove's).
const ENGLISH_AFTER_C4 = new Set([
  "bangbus",
  "beastiality",
  "cialis",
  "cumshot",
  "cumshots",
  "fag",
  "gangbang",
  "horny",
  "livesex",
  "masturbating",
  "masturbation",
  "mong",
  "nsfw",
  "nutten",
  "pikey",
  "sexcam",
  "sexual",
  "sexually",
  "sexuality",
  "spastic",
  "thumbzilla",
  "viagra",
  "voyeurweb",
  "voyuer",
  "whore",
  "worldsex",
]);
const SUBSTRING_LANGUAGES = new Set(["ja", "th", "zh"]);

export function c4BadWords(options: C4BadWordsInput = {}): Step {
  const o = parseOptions(C4BadWordsOptions, options, "c4BadWords");
  const matchers = new Map<string, BadWordsMatcher | null>();
  const seed = (o.seed ?? 0x9e3779b9) >>> 0;
  return filter(
    "c4_badwords",
    (doc) => {
      const language = typeof doc.meta.language === "string" && doc.meta.language ? doc.meta.language : o.defaultLanguage;
      const code = language.split(/[-_]/)[0]!.toLowerCase();
      if (!matchers.has(code)) matchers.set(code, matcherFor(code, o));
      const matcher = matchers.get(code)!;
      if (!matcher) {
        if (o.failOnMissingLanguage)
          throw new ConfigError(
            "c4BadWords",
            `no bad-words list for language "${language}" (document ${doc.id}); set failOnMissingLanguage: false to let such documents pass`,
          );
        return true;
      }
      if (!matcher.test(doc.text.toLowerCase())) return true;
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

/**
 * The language's entries as datatrove matches them (trimmed, deduplicated, without ALLOWED, C4's
 * English list unless asked otherwise), or null when there is no list.
 */
export function badWordsEntries(language: string, options: { englishList?: "c4" | "naughty-words"; lowercaseList?: boolean } = {}): string[] | null {
  const words = badWords(language);
  if (!words) return null;
  const c4English = language === "en" && (options.englishList ?? "c4") === "c4";
  return [...new Set(words.map((w) => w.trim()))]
    .filter((w) => w !== "" && !ALLOWED.has(w) && !(c4English && ENGLISH_AFTER_C4.has(w)))
    .map((w) => (options.lowercaseList ? w.toLowerCase() : w));
}

/** The language's matcher (applied to lowercased text), or null when there is no list. */
function matcherFor(language: string, options: { englishList?: "c4" | "naughty-words"; lowercaseList?: boolean }): BadWordsMatcher | null {
  const entries = badWordsEntries(language, options);
  return entries ? badWordsMatcher(entries, !SUBSTRING_LANGUAGES.has(language)) : null;
}

const require = createRequire(import.meta.url);
function badWords(language: string): string[] | null {
  try {
    return require(`naughty-words/${language}.json`) as string[];
  } catch {
    return null;
  }
}

export const c4BadWordsStep = defineStep({
  name: "c4_badwords",
  options: C4BadWordsOptions,
  create: c4BadWords,
  description: "LDNOOBW bad-words list per language",
  reference: "Raffel et al. 2020; datatrove C4BadWordsFilter",
  parallel: true,
});
