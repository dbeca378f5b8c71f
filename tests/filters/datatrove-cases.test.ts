// datatrove's own filter tests (tests/pipeline/filters/test_filters.py), case by case: the same
// inputs must give the same decisions and the same reason names.
import { describe, expect, it } from "vitest";
import { c4Quality, finewebQuality, gopherQuality, gopherRepetition, pipe, type Doc, type Step } from "../../src/index.js";
import { collect } from "../support.js";

const TEXT_LF_1 =
  "I wish it need not have happened in my time,' said Frodo. 'So do I,' said Gandalf, 'and so do all who live to see such times. But that is not for them to decide. All we have to decide is what to do with the time that is given us.'";

/** Run one document through a step: the kept text, or the drop reason from its Stats. */
async function verdict(step: Step, text: string): Promise<{ kept: boolean; reason?: string; text?: string }> {
  const pipeline = pipe([{ id: "t", text, meta: {} }] as Doc[], step);
  const out = await collect(pipeline);
  if (out.length === 1) return { kept: true, text: out[0]!.text };
  const stats = pipeline.stats.get(step.stepName)!;
  const reason = Object.keys(stats.counters)
    .find((k) => k.startsWith("dropped_"))
    ?.slice("dropped_".length);
  return { kept: false, ...(reason ? { reason } : {}) };
}

describe("GopherRepetitionFilter cases", () => {
  const f = () => gopherRepetition();
  const cases: [string, string][] = [
    ["I am your father.\n".repeat(4), "dup_line_frac"],
    ["I am your father.\n\n".repeat(4), "dup_para_frac"],
    ["I am groot.\n\nYou are a wizard.\n\nI am your father.\n\n" + `${"x".repeat(30)}.\n\n`.repeat(2), "dup_para_char_frac"],
    ["I am groot.\nYou are a wizard.\nI am your father.\n" + `${"x".repeat(40)}.\n`.repeat(2), "dup_line_char_frac"],
    ["I am Frank, I am Frank, I am Frank", "top_2_gram"],
    ["I am Frank, you are Jhon. I am Frank. I am Frank you are Jhon", "top_3_gram"],
    ["I am a solo traveller ".repeat(4) + TEXT_LF_1, "duplicated_5_n_grams"],
  ];
  for (const [text, reason] of cases) {
    it(`drops ${JSON.stringify(text.slice(0, 30))}... as ${reason}`, async () => {
      expect(await verdict(f(), text)).toEqual({ kept: false, reason });
    });
  }
  it("keeps Tolkien", async () => expect((await verdict(f(), TEXT_LF_1)).kept).toBe(true));
});

describe("GopherQualityFilter(min_doc_words=10, max_doc_words=1000) cases", () => {
  const f = () => gopherQuality({ minDocWords: 10, maxDocWords: 1000 });
  const cases: [string, string][] = [
    ["I am too small...", "gopher_short_doc"],
    ["I am ".repeat(20), "gopher_below_avg_threshold"],
    ["interconnection ".repeat(20), "gopher_above_avg_threshold"],
    ["# comment ".repeat(20), "gopher_too_many_hashes"],
    ["... comment ".repeat(20), "gopher_too_many_ellipsis"],
    ["the ./!*?<><> apple <?////> orange  ++ interconnection !<>??? have".repeat(20), "gopher_below_alpha_threshold"],
  ];
  for (const [text, reason] of cases) {
    it(`drops ${JSON.stringify(text.slice(0, 30))}... as ${reason}`, async () => {
      expect(await verdict(f(), text)).toEqual({ kept: false, reason });
    });
  }
  it("keeps Tolkien", async () => expect((await verdict(f(), TEXT_LF_1)).kept).toBe(true));
});

describe("C4QualityFilter cases", () => {
  const good = [
    "This is a well-written paragraph with several sentences.",
    "It talks about many interesting topics in great depth.",
    "The author clearly knows the subject matter very well.",
    "Readers will find plenty of useful information here.",
    "Each line ends with proper punctuation as expected.",
    "An additional sentence to ensure we pass the threshold.",
  ];
  it("keeps six punctuated lines", async () => expect((await verdict(c4Quality(), good.join("\n"))).kept).toBe(true));
  it("drops lorem ipsum", async () =>
    expect(await verdict(c4Quality(), ["This is a sentence with lorem ipsum dolor sit amet.", ...good.slice(1, 5)].join("\n"))).toEqual({
      kept: false,
      reason: "lorem_ipsum",
    }));
  it("drops a curly bracket", async () =>
    expect(await verdict(c4Quality(), ["This is some code with a { bracket.", ...good.slice(1, 5)].join("\n"))).toEqual({
      kept: false,
      reason: "curly_bracket",
    }));
  it("drops a single sentence", async () => expect(await verdict(c4Quality(), "Just one sentence.")).toEqual({ kept: false, reason: "too_few_sentences" }));
  it("removes the cookie-policy line and keeps the rest", async () => {
    const r = await verdict(c4Quality({ minNumSentences: -1, minWordsPerLine: -1 }), "This site uses cookies for tracking.\nAnother valid line here today.");
    expect(r.kept).toBe(true);
    expect(r.text).toBe("Another valid line here today.");
  });
  it("with splitParagraph false, judges spaCy's sentences, not lines, and joins the kept ones with a space", async () => {
    // one line of six sentences, a cookie sentence among them: C4's rules apply per sentence
    const text = [...good.slice(0, 3), "We use cookies and this site uses cookies.", ...good.slice(3, 5)].join(" ");
    const r = await verdict(c4Quality({ splitParagraph: false }), text);
    expect(r.kept).toBe(true);
    expect(r.text).toBe(good.slice(0, 5).join(" "));
    // by lines, the one line holds the cookie phrase: removed, nothing left
    expect(await verdict(c4Quality(), text)).toEqual({ kept: false, reason: "too_few_sentences" });
  });
});

describe("FineWebQualityFilter cases", () => {
  it("drops an empty document", async () => expect(await verdict(finewebQuality(), "")).toEqual({ kept: false, reason: "empty" }));
  it("drops lines without punctuation", async () =>
    expect(await verdict(finewebQuality({ linePunctThr: 0.5 }), "No punctuation here\nAnother line without any\nStill nothing")).toEqual({
      kept: false,
      reason: "line_punct_ratio",
    }));
  it("drops short lines", async () =>
    expect(await verdict(finewebQuality({ shortLineThr: 0.5, shortLineLength: 30, linePunctThr: 0 }), "hi.\nbye.\nok.\nno.\nyes.")).toEqual({
      kept: false,
      reason: "short_line_ratio",
    }));
  it("keeps five long punctuated lines", async () => {
    const text = Array.from({ length: 5 }, (_, i) => `This is line number ${i} of a reasonably long and well formed document.`).join("\n");
    expect((await verdict(finewebQuality(), text)).kept).toBe(true);
  });
  it("drops a one-word-per-line list (datatrove asserts only the drop; it fails line punctuation first)", async () => {
    expect(await verdict(finewebQuality({ newLineRatio: 0.1 }), Array(50).fill("a").join("\n"))).toEqual({ kept: false, reason: "line_punct_ratio" });
  });
});
