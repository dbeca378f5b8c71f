// splitWords for the languages datatrove tokenizes with their own spaCy rules (German, French,
// Russian, Spanish, Italian, Portuguese, Dutch) against spaCy 3.7.5's own tokens on real
// paragraphs (tests/fixtures/spacy-langs-tokens.jsonl, made by bench/peers/spacy-tokens.py with
// spacy.blank(lang); see tests/fixtures/README.md).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { spacedTokens } from "../../src/text/spaced-tokens.js";
import { spacyRuleLanguage, spacyRuleTokens } from "../../src/text/spacy-rules.js";
import { splitWords } from "../../src/text/words.js";
import { timeExponent } from "../support.js";

interface Fixture {
  id: string;
  lang: string;
  text: string;
  tokens: string[];
}
const fixtures: Fixture[] = readFileSync("tests/fixtures/spacy-langs-tokens.jsonl", "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Fixture);
const LANGUAGES = ["de", "fr", "ru", "es", "it", "pt", "nl"];

describe("spaCy's per-language rules", () => {
  for (const lang of LANGUAGES) {
    const records = fixtures.filter((f) => f.lang === lang);
    it(`${lang}: every paragraph's tokens equal spaCy's (${records.length} paragraphs, the Declaration among them)`, () => {
      expect(records.length).toBeGreaterThanOrEqual(20);
      expect(records.some((r) => r.id.startsWith("udhr:"))).toBe(true);
      const differing = records.filter((r) => JSON.stringify(splitWords(r.text, lang)) !== JSON.stringify(r.tokens)).map((r) => r.id);
      expect(differing).toEqual([]);
    });

    it(`${lang}: the paragraphs need the language's own rules (English's give other tokens on some)`, () => {
      const english = records.filter((r) => JSON.stringify(spacedTokens(r.text)) !== JSON.stringify(r.tokens));
      expect(english.length).toBeGreaterThan(0);
    });
  }

  it("names the language by ISO 639-1, ISO 639-3 or FineWeb-2's code; other languages keep English's rules", () => {
    expect(spacyRuleLanguage("de")).toBe("de");
    expect(spacyRuleLanguage("deu_Latn")).toBe("de");
    expect(spacyRuleLanguage("fra_Latn")).toBe("fr");
    expect(spacyRuleLanguage("pt-BR")).toBe("pt");
    expect(spacyRuleLanguage("rus")).toBe("ru");
    expect(spacyRuleLanguage("NL")).toBe("nl");
    expect(spacyRuleLanguage("en")).toBeUndefined();
    expect(spacyRuleLanguage("pl")).toBeUndefined();
    expect(spacyRuleLanguage(undefined)).toBeUndefined();
    const german = fixtures.find((f) => f.lang === "de" && JSON.stringify(spacedTokens(f.text)) !== JSON.stringify(f.tokens))!;
    expect(splitWords(german.text, "deu_Latn")).toEqual(german.tokens);
    expect(splitWords(german.text, "en")).toEqual(spacedTokens(german.text));
    expect(splitWords(german.text)).toEqual(spacedTokens(german.text));
  });

  it("equals spaCy on 700 random mixes of letters, marks and the languages' special cases (piled-up affixes, runs of marks)", () => {
    const mixed = readFileSync("tests/fixtures/spacy-langs-mixed-tokens.jsonl", "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Fixture);
    expect(mixed.length).toBe(700);
    const differing = mixed.filter((r) => JSON.stringify(spacyRuleTokens(r.text, r.lang)) !== JSON.stringify(r.tokens)).map((r) => r.id);
    expect(differing).toEqual([]);
  });

  it("gives the same tokens on a second call (its span cache changes nothing)", () => {
    for (const r of fixtures.filter((f) => f.lang === "fr").slice(0, 10)) expect(spacyRuleTokens(r.text, "fr")).toEqual(r.tokens);
  });

  it("keeps every visible character: the tokens joined equal the text without whitespace", () => {
    for (const r of fixtures) expect(spacyRuleTokens(r.text, r.lang).join("")).toBe(r.text.replace(/[\s\u001c-\u001f\u0085]/gu, ""));
  });

  it("takes empty and all-whitespace texts", () => {
    for (const lang of LANGUAGES) {
      expect(spacyRuleTokens("", lang)).toEqual([]);
      expect(spacyRuleTokens(" \n\t\u00a0 ", lang)).toEqual([]);
    }
  });

  it("stays linear on hostile chunks (long runs of suffixes, prefixes, dots, hyphens)", async () => {
    // spaCy searches its suffix rules from a chunk's start at every peel (quadratic); ours from the end
    const shapes = [
      (n: number) => "!".repeat(n),
      (n: number) => "(".repeat(n) + "a" + ")".repeat(n),
      (n: number) => "a-".repeat(n),
      (n: number) => "a.b,c;".repeat(n),
    ];
    for (const lang of ["de", "fr"])
      for (const shape of shapes) {
        const texts = new Map<number, string>();
        const text = (n: number) => texts.get(n) ?? (texts.set(n, shape(n)), texts.get(n)!);
        expect(await timeExponent((n) => spacyRuleTokens(text(n), lang), 500, { factor: 16 })).toBeLessThan(1.6);
      }
  }, 120_000);
});
