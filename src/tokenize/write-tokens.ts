// The token-file sink: tokenized documents -> files a training framework memory-maps directly.
// - "megatron": Megatron-LM's indexed dataset, `<prefix>.bin` + `<prefix>.idx` (megatron-index.ts),
//   read by Megatron-LM, NeMo and GPT-NeoX given the prefix (e.g. --data-path).
// - "bin": nanoGPT's flat token array (data/openwebtext/prepare.py), `<prefix>.bin` + a JSON sidecar.
// Tokens go to disk as documents arrive; only 4 bytes a document are kept, for the index.
// With maxTokensPerShard the files are `<prefix>_00000.bin`, `<prefix>_00001.bin`..., each a complete
// dataset of its own (Megatron-LM blends several prefixes); a document is never split between shards.
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import type { Doc } from "../doc.js";
import { ConfigError, InputError, OutputError } from "../errors.js";
import { parseOptions } from "../options.js";
import { sink, type Sink } from "../pipeline/step.js";
import { checkTokensFit } from "./append-tokens.js";
import { chooseTokenDtype, DTYPE_MAX, type TokenDtype, type TokenFormat } from "./token-dtype.js";
import { TokenShard, type TokenShardSummary } from "./token-shard.js";
import { isTokenized, type TokenizedDoc } from "./tokenized-doc.js";

export const WriteTokensOptions = z
  .object({
    format: z.enum(["megatron", "bin"]).default("megatron").describe("megatron: Megatron-LM .bin + .idx; bin: nanoGPT flat tokens + .json sidecar"),
    dtype: z
      .enum(["auto", "uint16", "uint32"])
      .default("auto")
      .describe(
        "token type on disk; auto: uint16 when the vocabulary size <= 65536 (tokenize()'s tokenizer's, or vocabSize); uint32 is int32 in Megatron files",
      ),
    vocabSize: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("the vocabulary size (ids are below it) for dtype auto; by default the one tokenize() attaches to each document"),
    eos: z.number().int().min(0).max(0xffff_ffff).optional().describe("an id appended to each document (leave unset when tokenize() already adds one)"),
    maxTokensPerShard: z.number().int().positive().optional().describe("start a new shard (<prefix>_00000...) before this many tokens"),
    tokenizer: z.string().optional().describe("the tokenizer's name, recorded in the bin format's sidecar"),
    documentOffsets: z.boolean().default(false).describe("bin format: list each document's start in the sidecar"),
  })
  .strict();
export type WriteTokensInput = z.input<typeof WriteTokensOptions>;

export interface WriteTokensSummary {
  prefix: string;
  format: TokenFormat;
  /** The type on disk. */
  dtype: TokenDtype;
  documents: number;
  /** Tokens written, end-of-text ids included. */
  tokens: number;
  shards: TokenShardSummary[];
}

/**
 * A sink writing documents that carry `tokens` (see tokenize()) to `<prefix>.bin` and its index;
 * resolves to what it wrote. Without documents it still writes one empty shard, so the output exists.
 * @example await pipe(read("clean/*.jsonl.gz"), tokenize({ tokenizer: "gpt2" }), writeTokens("out/train"))
 */
export function writeTokens(prefix: string, options: WriteTokensInput = {}): Sink<WriteTokensSummary, TokenizedDoc> {
  const config = parseOptions(WriteTokensOptions, options, "writeTokens");
  // dtype "auto" without vocabSize waits for the first document, which carries its tokenizer's size
  // (tokenize() attaches it); an explicit vocabSize overrides it
  const fromTokenizer = config.dtype === "auto" && config.vocabSize === undefined;
  let dtype: TokenDtype = fromTokenizer ? "uint16" : chosen(config.vocabSize);
  const settings = () => ({ format: config.format, dtype, tokenizer: config.tokenizer, eos: config.eos, documentOffsets: config.documentOffsets });
  const sharded = config.maxTokensPerShard !== undefined;
  const shardName = (n: number) => (sharded ? `${prefix}_${String(n).padStart(5, "0")}` : prefix);

  return sink("write_tokens", async (docs: AsyncIterable<TokenizedDoc>, ctx) => {
    const folder = dirname(prefix);
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      throw new OutputError(folder, `cannot create the output folder: ${(error as Error).message}`, { cause: error });
    }
    const summary: WriteTokensSummary = { prefix, format: config.format, dtype, documents: 0, tokens: 0, shards: [] };
    let shard: TokenShard | undefined;
    try {
      for await (const doc of docs) {
        // The types say so; a config or plain JavaScript can still hand over untokenized documents.
        if (!isTokenized(doc))
          throw new InputError({ file: (doc as Doc).id }, "the document has no tokens (a Uint32Array); put tokenize() before writeTokens()");
        if (fromTokenizer && summary.documents === 0) {
          if (doc.vocabSize === undefined) {
            throw new ConfigError(
              "writeTokens",
              'dtype "auto" needs the vocabulary size: the documents do not carry one (tokenize() attaches it); pass vocabSize, or set dtype to "uint16" or "uint32"',
            );
          }
          summary.dtype = dtype = chosen(doc.vocabSize);
        }
        checkTokensFit(doc.tokens, dtype, doc.id);
        if (shard && sharded && shard.tokens > 0 && shard.tokens + shard.tokensFor(doc.tokens) > config.maxTokensPerShard!) {
          summary.shards.push(await shard.finish());
          shard = undefined;
        }
        shard ??= await TokenShard.create(shardName(summary.shards.length), settings());
        const count = await shard.add(doc.tokens, doc.id);
        ctx.stats.add("tokens", count);
        summary.documents++;
        summary.tokens += count;
      }
      // no documents and no size known: an empty dataset holds no ids, so uint16 is as good as any
      shard ??= await TokenShard.create(shardName(0), settings());
      summary.shards.push(await shard.finish());
      ctx.stats.add("shards", summary.shards.length);
      return summary;
    } catch (error) {
      await shard?.abort();
      throw error;
    }
  });

  function chosen(vocabSize: number | undefined): TokenDtype {
    const type = chooseTokenDtype(config.format, config.dtype, vocabSize, "writeTokens");
    if (config.eos !== undefined && config.eos > DTYPE_MAX[type]) throw new ConfigError("writeTokens", `eos ${config.eos} does not fit ${type}`);
    return type;
  }
}
