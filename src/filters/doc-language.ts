// Which language a filter should treat a document as: the option if set, else `meta.language`
// (from languageFilter), else English for spaced scripts and a guess from the script otherwise.
import type { Doc } from "../doc.js";
import { guessUnspacedLanguage, isUnspaced } from "../text/words.js";

export function docLanguage(doc: Doc, option: string | undefined): string {
  if (option) return option;
  const annotated = doc.meta.language;
  if (typeof annotated === "string" && annotated.length > 0) return annotated;
  if (!isUnspaced(doc.text)) return "en";
  return guessUnspacedLanguage(doc.text.slice(0, 2000));
}

export function isEnglish(language: string): boolean {
  return language === "en" || language === "eng" || language.startsWith("en-");
}
