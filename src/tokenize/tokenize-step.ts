// The tokenize step: text -> token ids, with BOS/EOS as the training framework expects them.
// Documents carry `tokens` (Uint32Array) and `meta.token_count`; Stats count `tokens`.
import { z } from "zod";
import { defineStep } from "../pipeline/step-descriptor.js";
import type { Doc } from "../doc.js";
import type { Step, StepContext } from "../pipeline/step.js";
import { parseOptions } from "../options.js";
import { ConfigError } from "../errors.js";
import { loadTokenizer, type TextTokenizer } from "./text-tokenizer.js";
import type { TokenizedDoc } from "./tokenized-doc.js";

export const TokenizeOptions = z
  .object({
    tokenizer: z
      .union([z.string().min(1), z.custom<TextTokenizer>((v) => typeof (v as TextTokenizer | null)?.encode === "function", "a tokenizer from loadTokenizer()")])
      .default("cl100k_base")
      .describe("a tiktoken encoding (cl100k_base, o200k_base, p50k_base, r50k_base, gpt2), a tokenizer.json path, or a tokenizer already loaded"),
    addBos: z.boolean().default(false).describe("prepend the tokenizer's beginning-of-text id (Llama-style)"),
    addEos: z.boolean().default(true).describe("append the end-of-text id, the document separator of GPT-style training"),
    template: z
      .boolean()
      .default(false)
      .describe(
        "put the special tokens the tokenizer.json's post-processor declares around each document (Llama 3: <|begin_of_text|> first; BERT: [CLS] ... [SEP]); addBos/addEos then add only what it lacks",
      ),
  })
  .strict();
export type TokenizeInput = z.input<typeof TokenizeOptions>;

/** @example pipe(read("clean/*.jsonl.gz"), tokenize({ tokenizer: "cl100k_base" }), writeTokens("out/train", { format: "megatron" })) */
export function tokenize(options: TokenizeInput = {}): Step<Doc, TokenizedDoc> {
  const o = parseOptions(TokenizeOptions, options, "tokenize");
  // loaded once per step, not per run: a worker thread runs the step once per batch
  let loading: Promise<TextTokenizer> | undefined;
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<TokenizedDoc> {
    const tokenizer = typeof o.tokenizer === "string" ? await (loading ??= loadTokenizer(o.tokenizer)) : o.tokenizer;
    const { prefix, suffix } = around(tokenizer, o);
    const { vocabSize } = tokenizer;
    for await (const doc of docs) {
      const ids = tokenizer.encodeToArray ? tokenizer.encodeToArray(doc.text) : tokenizer.encode(doc.text);
      const tokens = new Uint32Array(prefix.length + ids.length + suffix.length);
      tokens.set(prefix);
      tokens.set(ids, prefix.length);
      tokens.set(suffix, prefix.length + ids.length);
      ctx.stats.add("tokens", tokens.length);
      yield { ...doc, meta: { ...doc.meta, token_count: tokens.length }, tokens, vocabSize };
    }
  };
  return Object.assign(run, { stepName: "tokenize" });
}

/**
 * The ids before and after each document's own: the post-processor's template when asked for, then
 * bos and eos where asked for and the template does not already put them there (Llama 3's template
 * starts with <|begin_of_text|> and has no end: with addEos the document ends with <|end_of_text|>).
 */
function around(tokenizer: TextTokenizer, o: { addBos: boolean; addEos: boolean; template: boolean }): { prefix: number[]; suffix: number[] } {
  if (o.template && tokenizer.template === undefined)
    throw new ConfigError("tokenize", `${tokenizer.name} declares no post-processor template (tokenizer.json's post_processor); set template: false`);
  const prefix = o.template ? [...tokenizer.template!.prefix] : [];
  const suffix = o.template ? [...tokenizer.template!.suffix] : [];
  if (o.addBos) {
    const bos = required(tokenizer, "bos");
    if (prefix[0] !== bos) prefix.unshift(bos);
  }
  if (o.addEos) {
    const eos = required(tokenizer, "eos");
    if (suffix.at(-1) !== eos) suffix.push(eos);
  }
  return { prefix, suffix };
}

function required(tokenizer: TextTokenizer, which: "bos" | "eos"): number {
  const id = tokenizer[which];
  if (id === undefined) {
    const key = which === "bos" ? "addBos" : "addEos";
    const what = `${tokenizer.name} has no ${which === "bos" ? "beginning" : "end"}-of-text token`;
    // the issue names the option and the value that gets past it, so the CLI can name its flag instead
    throw new ConfigError("tokenize", `${what}; set ${key}: false`, [{ code: "custom", path: [key], message: what, params: { fix: false }, input: true }]);
  }
  return id;
}

export const tokenizeStep = defineStep({
  name: "tokenize",
  options: TokenizeOptions,
  create: tokenize,
  description: "token ids (tiktoken encodings, tokenizer.json) and meta.token_count",
  reference: "tiktoken; Hugging Face tokenizers",
  parallel: true,
  cliFlags: { tokenizer: "tokenizer", addBos: "bos", addEos: "eos", template: "template" },
});
