// The end-of-text and beginning-of-text ids of a tokenizer.json (src/tokenize/text-tokenizer.ts),
// found where tokenizers keep them: tokenizer_config.json, the post-processor, the added special
// tokens. The round trip the README promises: train a tokenizer, then tokenize with it, the trained
// file loading with its special token known in our loader and in Hugging Face's two libraries.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Tokenizer as NativeTokenizer } from "@anush008/tokenizers";
import { Tokenizer } from "@huggingface/tokenizers";
import { beforeAll, describe, expect, it } from "vitest";
import { pipe, type Doc } from "../../src/index.js";
import { trainBpe, writeTokenizerJson, type TokenizerJson } from "../../src/tokenize/bpe/index.js";
import { loadTokenizer } from "../../src/tokenize/text-tokenizer.js";
import { tokenize } from "../../src/tokenize/tokenize-step.js";
import type { TokenizedDoc } from "../../src/tokenize/tokenized-doc.js";
import { collect, FIXTURES, tempDir } from "../support.js";

const EOT = "<|endoftext|>";
const udhr = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => (JSON.parse(l) as { text: string }).text);
let trained: TokenizerJson;
let eotId: number;

beforeAll(async () => {
  trained = await trainBpe(udhr, { vocabSize: 400 });
  eotId = trained.added_tokens.find((t) => t.content === EOT)!.id;
});

/** `json` written as dir/tokenizer.json, with a tokenizer_config.json beside it when given. */
async function saved(json: unknown, config?: Record<string, unknown>): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, "tokenizer.json"), JSON.stringify(json));
  if (config) await writeFile(join(dir, "tokenizer_config.json"), JSON.stringify(config));
  return join(dir, "tokenizer.json");
}

describe("train, then tokenize", () => {
  it("a trained tokenizer.json alone: <|endoftext|> is its end of text, in our loader and both of Hugging Face's", async () => {
    const file = join(await tempDir(), "t.json");
    await writeTokenizerJson(trained, file);
    const ours = await loadTokenizer(file);
    expect(ours.eos).toBe(eotId);
    expect(ours.bos).toBeUndefined();
    // Hugging Face's libraries know it as a special token: matched whole in text, not split into bytes
    const text = `${udhr[0]!.slice(0, 40)}${EOT}more`;
    const pure = new Tokenizer(JSON.parse(readFileSync(file, "utf8")), {});
    expect(pure.encode(text).ids.filter((id: number) => id === eotId)).toHaveLength(1);
    const [encoding] = await NativeTokenizer.fromString(readFileSync(file, "utf8")).encodeBatch([text]);
    expect([...encoding!.getIds()].filter((id) => id === eotId)).toHaveLength(1);
    // and the tokenize step's default (addEos) works with it: each document ends in that id
    const input: Doc[] = udhr.slice(0, 3).map((text, i) => ({ id: String(i), text, meta: {} }));
    const docs = (await collect(pipe(input, tokenize({ tokenizer: file })))) as TokenizedDoc[];
    expect(docs).toHaveLength(3);
    for (const doc of docs) expect(doc.tokens.at(-1)).toBe(eotId);
  });
});

describe("where the special tokens are found", () => {
  const renamed = (content: string) => ({ ...trained, added_tokens: trained.added_tokens.map((t) => (t.content === EOT ? { ...t, content } : t)) });

  it("the post-processor's template: its last special token ends the text, its first begins it", async () => {
    const json = {
      ...trained,
      added_tokens: [
        ...renamed("[END]").added_tokens,
        { id: eotId + 1, content: "[START]", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
      ],
      post_processor: {
        type: "TemplateProcessing",
        single: [{ SpecialToken: { id: "[START]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[END]", type_id: 0 } }],
        pair: [{ Sequence: { id: "A", type_id: 0 } }],
        special_tokens: { "[START]": { id: "[START]", ids: [eotId + 1], tokens: ["[START]"] }, "[END]": { id: "[END]", ids: [eotId], tokens: ["[END]"] } },
      },
    };
    const ours = await loadTokenizer(await saved(json));
    expect(ours.eos).toBe(eotId);
    expect(ours.bos).toBe(eotId + 1);
  });

  it("tokenizer_config.json's eos_token comes first; an unnamed, unplaced token is no end of text", async () => {
    const json = renamed("[END]");
    expect((await loadTokenizer(await saved(json, { eos_token: "[END]" }))).eos).toBe(eotId);
    expect((await loadTokenizer(await saved(json, { eos_token: { content: "[END]" } }))).eos).toBe(eotId);
    expect((await loadTokenizer(await saved(json))).eos).toBeUndefined();
  });

  it("the usual names of an added special token: </s> (SentencePiece), <|end_of_text|> and <|begin_of_text|> (Llama 3)", async () => {
    expect((await loadTokenizer(await saved(renamed("</s>")))).eos).toBe(eotId);
    expect((await loadTokenizer(await saved(renamed("<|end_of_text|>")))).eos).toBe(eotId);
    const llama = await loadTokenizer(await saved(renamed("<|begin_of_text|>")));
    expect(llama.bos).toBe(eotId);
    expect(llama.eos).toBeUndefined();
  });
});
