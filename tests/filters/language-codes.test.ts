import { describe, expect, it } from "vitest";
import { LID176_LABELS, resolveLanguageCodes } from "../../src/filters/language-codes.js";
import { languageFilter } from "../../src/filters/language.js";
import { ConfigError } from "../../src/errors.js";
import { pipe } from "../../src/pipeline/pipe.js";
import { collect } from "../support.js";

describe("resolveLanguageCodes", () => {
  it("maps ISO 639-3 (Common Crawl's WARC-Identified-Content-Language), case and region tags to lid.176 labels", () => {
    // pairs from ISO 639-2/639-3 tables: eng English, zho Chinese (macrolanguage), deu German, rus Russian, cmn Mandarin
    const { labels, unknown } = resolveLanguageCodes(["eng", "zho", "EN", "en-US", "zh_Hans", "deu", "rus", "cmn", "__label__fr"]);
    expect(unknown).toEqual([]);
    expect(labels).toEqual(["en", "zh", "de", "ru", "fr"]);
  });

  it("refuses names and unknown codes, offering close labels", () => {
    const { labels, unknown } = resolveLanguageCodes(["english", "chinese", "qq"]);
    expect(labels).toEqual([]);
    expect(unknown.map((u) => u.code)).toEqual(["english", "chinese", "qq"]);
    expect(unknown[0]!.close[0]).toBe("en");
    expect(unknown[1]!.close[0]).toBe("zh");
  });

  it("knows lid.176's 176 labels, and a code that is itself a label stays as it is (als is Alemannic Wikipedia there)", () => {
    expect(LID176_LABELS.length).toBe(176);
    expect(resolveLanguageCodes(["als"]).labels).toEqual(["als"]);
  });
});

describe("languageFilter codes", () => {
  it("keeps English for `eng` as for `en`", async () => {
    const docs = [
      { id: "a", text: "All human beings are born free and equal in dignity and rights.", meta: {} },
      { id: "b", text: "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。", meta: {} },
    ];
    const kept = await collect(pipe(docs, languageFilter({ languages: ["eng"] })));
    expect(kept.map((d) => d.id)).toEqual(["a"]);
  });

  it("a code that names no label is a ConfigError at `languages`", () => {
    expect(() => languageFilter({ languages: ["english"] })).toThrow(ConfigError);
    try {
      languageFilter({ languages: ["english"] });
    } catch (error) {
      expect((error as ConfigError).issues[0]!.path).toEqual(["languages"]);
    }
  });
});
