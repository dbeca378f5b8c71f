// Word-based rules on Chinese: real words (jieba's), so counts mean what they say.
import { describe, expect, it } from "vitest";
import { c4Quality, gopherQuality, gopherRepetition, pipe, type Doc } from "../../src/index.js";
import { collect } from "../support.js";

// A news-style paragraph (from the Chinese UDHR preamble and articles, public domain).
const CHINESE_PARAGRAPH =
  "鉴于对人类家庭所有成员的固有尊严及其平等的和不移的权利的承认，乃是世界自由、正义与和平的基础，" +
  "鉴于对人权的无视和侮蔑已发展为野蛮暴行，这些暴行玷污了人类的良心，而一个人人享有言论和信仰自由并免予恐惧和匮乏的世界的来临，已被宣布为普通人民的最高愿望，" +
  "鉴于为使人类不致迫不得已铤而走险对暴政和压迫进行反叛，有必要使人权受法治的保护。";

describe("Gopher on Chinese", () => {
  it("by default, as datatrove, the English word rules drop Chinese prose (words of 1.7 characters)", async () => {
    const pipeline = pipe([{ id: "news", text: CHINESE_PARAGRAPH, meta: { language: "zh" } }] as Doc[], gopherQuality());
    expect(await collect(pipeline)).toEqual([]);
    expect(pipeline.stats.get("gopher_quality")!.get("dropped_gopher_below_avg_threshold")).toBe(1);
  });

  it("with englishOnlyWordRules a Chinese paragraph passes the word-count rule; a one-line Chinese page does not", async () => {
    const docs: Doc[] = [
      { id: "news", text: CHINESE_PARAGRAPH, meta: { language: "zh" } },
      { id: "oneline", text: "欢迎访问我们的网站", meta: { language: "zh" } },
    ];
    const pipeline = pipe(docs, gopherQuality({ englishOnlyWordRules: true }));
    expect((await collect(pipeline)).map((d) => d.id)).toEqual(["news"]);
    expect(pipeline.stats.get("gopher_quality")!.get("dropped_gopher_short_doc")).toBe(1);
  });

  it("repetition rules see repeated Chinese phrases", async () => {
    const spam = "限时优惠，立即购买！".repeat(30);
    const out = await collect(
      pipe(
        [
          { id: "spam", text: spam, meta: { language: "zh" } },
          { id: "ok", text: CHINESE_PARAGRAPH, meta: { language: "zh" } },
        ] as Doc[],
        gopherRepetition(),
      ),
    );
    expect(out.map((d) => d.id)).toEqual(["ok"]);
  });
});

describe("C4 on Chinese", () => {
  it("counts sentences as spaCy's sentencizer over jieba's words: after 。！？ before more words", async () => {
    // 2 + 2 sentences: a line's closing ” stays with its sentence; "，" ends none
    const text = "你好。我们都很好，谢谢。\n他说：“是吗？”对，没错。";
    const kept = await collect(
      pipe([{ id: "zh", text, meta: { language: "zh" } }] as Doc[], c4Quality({ minNumSentences: 4, minWordsPerLine: -1, filterNoTerminalPunct: false })),
    );
    expect(kept).toHaveLength(1);
    expect(
      await collect(
        pipe([{ id: "zh", text, meta: { language: "zh" } }] as Doc[], c4Quality({ minNumSentences: 5, minWordsPerLine: -1, filterNoTerminalPunct: false })),
      ),
    ).toEqual([]);
  });
});
