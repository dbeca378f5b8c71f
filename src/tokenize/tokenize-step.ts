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
    const bos = o.addBos ? required(tokenizer, "bos") : undefined;
    const eos = o.addEos ? required(tokenizer, "eos") : undefined;
    for await (const doc of docs) {
      const ids = tokenizer.encodeToArray ? tokenizer.encodeToArray(doc.text) : tokenizer.encode(doc.text);
      const tokens = new Uint32Array(ids.length + (bos === undefined ? 0 : 1) + (eos === undefined ? 0 : 1));
      let at = 0;
      if (bos !== undefined) tokens[at++] = bos;
      tokens.set(ids, at);
      if (eos !== undefined) tokens[at + ids.length] = eos;
      ctx.stats.add("tokens", tokens.length);
      yield { ...doc, meta: { ...doc.meta, token_count: tokens.length }, tokens };
    }
  };
  return Object.assign(run, { stepName: "tokenize" });
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
  cliFlags: { tokenizer: "tokenizer", addBos: "bos", addEos: "eos" },
});
