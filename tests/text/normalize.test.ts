import { describe, expect, it } from "vitest";
import { ccnetNormalize, cleanText, normalizeForDedup, simplifyText } from "../../src/index.js";
import { pythonStrip } from "../../src/text/normalize.js";
import punctuation from "../../src/text/data/punctuation.json" with { type: "json" };
import { collect } from "../support.js";

describe("simplifyText (datatrove simplify_text)", () => {
  it("reduces numbers and punctuation as datatrove's tests say", () => {
    expect(simplifyText("|$17.56||1|\n|$15.37||2599|")).toBe("0 0 0 0");
    // the fullwidth 1 in PUNCTUATION is a digit first: the whole set becomes "0"
    expect(simplifyText(String.fromCodePoint(...punctuation.punctuation.slice(0, 92)))).toBe("0");
  });
  it("lowercases, drops diacritics and collapses whitespace", () => {
    expect(simplifyText("  Déjà   Vu,\tCAFÉ!  ")).toBe("deja vu cafe");
  });
});

describe("CCNet normalization", () => {
  it("normalize_for_dedup keeps ASCII punctuation and accents (cc_net tests/test_normalizer.py)", () => {
    expect(normalizeForDedup("０２３´∶：\x10 | ;012 hèllo")).toBe("000 | ;000 hèllo");
  });
  it("normalize deletes newlines and tabs (they are non-printing) and maps unicode punctuation", () => {
    expect(ccnetNormalize("Hello World!\nSecond LINE")).toBe("hello world!second line");
    expect(ccnetNormalize("a\tb")).toBe("ab");
    expect(ccnetNormalize("«Ça coûte １２３ €» — dit-il…")).toBe('"ca coute 000 €"  -  dit-il...'); // "—" becomes " - " beside the existing spaces, as in CCNet
    expect(ccnetNormalize("über", { accent: false })).toBe("über");
  });
});

describe("pythonStrip", () => {
  it("strips Python's whitespace set, not JavaScript's: \\x1c-\\x1f and U+0085 go, U+FEFF stays", () => {
    // Python: "\x1c\ufeff a \x85".strip() == "\ufeff a"
    expect(pythonStrip("\u001c\ufeff a \u0085")).toBe("\ufeff a");
    expect(ccnetNormalize("\ufeffA\u001f")).toBe("\ufeffa");
  });
});
