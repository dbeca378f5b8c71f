// Chinese words must be datatrove's: Python jieba's cut (HMM on), stripped, as spaCy "zh" with the
// jieba segmenter gives them. The fixture holds Python jieba 0.42.1's own output (Debian's
// python3-jieba, bench/peers/jieba-tokens.py) for 145 paragraphs of the sample corpus, most of them
// chosen because they mix Han with ASCII runs such as "UTF-8", "2024-02-22" or "x86_64", where
// jieba-rs alone and Python jieba part ways.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jiebaWords } from "../../src/text/jieba-words.js";
import { splitWords } from "../../src/text/words.js";
import { FIXTURES } from "../support.js";

const docs = readFileSync(`${FIXTURES}/jieba-zh-tokens.jsonl`, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { id: string; text: string; tokens: string[] });

describe("jiebaWords", () => {
  it("gives Python jieba's words on every fixture paragraph", () => {
    expect(docs.length).toBe(145);
    const differing = docs.filter((d) => JSON.stringify(jiebaWords(d.text)) !== JSON.stringify(d.tokens)).map((d) => d.id);
    expect(differing).toEqual([]);
  });

  it("splits ASCII runs as jieba's HMM fallback does, and keeps its dictionary's C++ whole", () => {
    expect(jiebaWords("发布于2024-02-22首页")).toEqual(["发布", "于", "2024", "-", "02", "-", "22", "首页"]);
    expect(jiebaWords("在x86_64上使用XYZ-3.6版本")).toEqual(["在", "x86", "_", "64", "上", "使用", "XYZ", "-", "3.6", "版本"]);
    expect(jiebaWords("学习C++语言")).toContain("C++");
  });

  it("is what splitWords uses for zh, and for Han text without a language", () => {
    const text = docs[0]!.text;
    expect(splitWords(text, "zh")).toEqual(docs[0]!.tokens);
    expect(splitWords(text)).toEqual(docs[0]!.tokens);
  });
});
