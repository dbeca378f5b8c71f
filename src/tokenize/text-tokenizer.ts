// Tokenizers by name or file: OpenAI's tiktoken encodings through our own engine (tiktoken-engine.ts,
// on gpt-tokenizer's copy of the ranks; `npm run bench -- tokenize` times gpt-tokenizer,
// tiktoken's WebAssembly build and ours in the same run), and Hugging Face tokenizer.json
// files: byte-level BPE ones (Llama 3, Qwen, Mistral Nemo, GPT-NeoX...) on the same engine
// (tokenizer-json-bpe.ts), the others (WordPiece, Unigram, Metaspace BPE: BERT, T5, Gemma...)
// through @huggingface/tokenizers, chosen by what the file declares.
// Encoding treats special-token strings in the text as plain text where the library allows it:
// web text that contains "<|endoftext|>" must not end a document early.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError, InputError } from "../errors.js";
import { isS3, readTextIfExists } from "../io/storage.js";
import { SPLIT_PATTERNS, TiktokenEngine } from "./tiktoken-engine.js";
import { TokenizerJsonBpe, type TokenizerJsonFile } from "./tokenizer-json-bpe.js";

export interface TextTokenizer {
  /** The encoding name, or the tokenizer.json path. */
  readonly name: string;
  /** Ids are below this. */
  readonly vocabSize: number;
  /** Beginning- and end-of-text ids, where the tokenizer has them. */
  readonly bos: number | undefined;
  readonly eos: number | undefined;
  /**
   * The special tokens the tokenizer's post-processor puts around one sequence (tokenizer.json's
   * TemplateProcessing `single`, BERT's and RoBERTa's cls/sep), where it declares them.
   */
  readonly template?: { readonly prefix: readonly number[]; readonly suffix: readonly number[] };
  /** Which code encodes: "ours" (our BPE engine) or "@huggingface/tokenizers". */
  readonly engine?: "ours" | "@huggingface/tokenizers";
  encode(text: string): number[];
  /** The same ids as a Uint32Array, where the tokenizer can make one without a number[] first. */
  encodeToArray?(text: string): Uint32Array;
  decode(ids: readonly number[]): string;
}

export const TIKTOKEN_ENCODINGS = ["cl100k_base", "o200k_base", "p50k_base", "r50k_base", "gpt2"] as const;
export type TiktokenEncoding = (typeof TIKTOKEN_ENCODINGS)[number];

// tiktoken's end-of-text id per encoding (its encoder files' special_tokens)
const END_OF_TEXT: Record<TiktokenEncoding, number> = { cl100k_base: 100257, o200k_base: 199999, p50k_base: 50256, r50k_base: 50256, gpt2: 50256 };

/** The encoding's ranks from gpt-tokenizer's files: one literal import each, so only the one asked for loads (megabytes each). */
async function ranksOf(name: TiktokenEncoding): Promise<(string | number[])[]> {
  type Ranks = { default: (string | number[])[] };
  switch (name) {
    case "cl100k_base":
      return ((await import("gpt-tokenizer/esm/bpeRanks/cl100k_base")) as unknown as Ranks).default;
    case "o200k_base":
      return ((await import("gpt-tokenizer/esm/bpeRanks/o200k_base")) as unknown as Ranks).default;
    case "p50k_base":
      return ((await import("gpt-tokenizer/esm/bpeRanks/p50k_base")) as unknown as Ranks).default;
    case "r50k_base":
    case "gpt2":
      return ((await import("gpt-tokenizer/esm/bpeRanks/r50k_base")) as unknown as Ranks).default;
  }
}

async function tiktokenTokenizer(name: TiktokenEncoding): Promise<TextTokenizer> {
  // Our engine encodes and decodes from the ranks alone (gpt-tokenizer's own encoder module would
  // build a second set of tables). The pattern treats "<|endoftext|>" in the text as characters.
  const ranks = await ranksOf(name);
  const eos = END_OF_TEXT[name];
  const engine = new TiktokenEngine(ranks, SPLIT_PATTERNS[name === "gpt2" ? "r50k_base" : name], { [eos]: "<|endoftext|>" });
  return {
    name,
    // the ids we produce: ranks, and the end-of-text id
    vocabSize: Math.max(ranks.length, eos + 1),
    bos: undefined,
    eos,
    encode: (text) => engine.encode(text),
    encodeToArray: (text) => engine.encodeToArray(text),
    decode: (ids) => engine.decode(ids),
  };
}

interface HfTokenizerJson extends TokenizerJsonFile {
  post_processor?: HfPostProcessor | null;
}

/** The parts of a tokenizers post-processor that name the tokens it puts around a sequence. */
interface HfPostProcessor {
  type?: string;
  single?: ({ SpecialToken?: { id: string } } | { Sequence?: unknown })[];
  special_tokens?: Record<string, { ids?: number[] }>;
  sep?: [string, number];
  cls?: [string, number];
  processors?: HfPostProcessor[];
}

/**
 * The ids a post-processor puts before and after a single sequence, as tokenizers' TemplateProcessing
 * applies its `single` template (each SpecialToken's ids from `special_tokens`, $A the text),
 * BertProcessing and RobertaProcessing their cls and sep, a Sequence its processors in turn (a later
 * one wraps the earlier one's result). Undefined when the processor adds nothing.
 */
export function postProcessorTemplate(processor: HfPostProcessor | null | undefined): { prefix: number[]; suffix: number[] } | undefined {
  if (!processor) return undefined;
  if (processor.type === "Sequence") {
    let result: { prefix: number[]; suffix: number[] } | undefined;
    for (const inner of processor.processors ?? []) {
      const t = postProcessorTemplate(inner);
      if (t) result = { prefix: [...t.prefix, ...(result?.prefix ?? [])], suffix: [...(result?.suffix ?? []), ...t.suffix] };
    }
    return result;
  }
  if (processor.type === "TemplateProcessing" && Array.isArray(processor.single)) {
    const prefix: number[] = [];
    const suffix: number[] = [];
    let text = false;
    for (const item of processor.single) {
      if ("Sequence" in item) {
        text = true;
        continue;
      }
      const id = "SpecialToken" in item ? item.SpecialToken?.id : undefined;
      const ids = id === undefined ? undefined : processor.special_tokens?.[id]?.ids;
      if (ids) (text ? suffix : prefix).push(...ids);
    }
    return prefix.length + suffix.length > 0 ? { prefix, suffix } : undefined;
  }
  if ((processor.type === "BertProcessing" || processor.type === "RobertaProcessing") && processor.cls && processor.sep)
    return { prefix: [processor.cls[1]], suffix: [processor.sep[1]] };
  return undefined;
}

/**
 * The special tokens a post-processor adds to every single sequence, first and last, as Hugging
 * Face's tokenizers define them: TemplateProcessing's `single` template (Llama 3: "<|begin_of_text|>
 * $A"), BERT's and RoBERTa's `cls` and `sep`, a Sequence's processors in turn.
 */
function postProcessorTokens(processor: HfPostProcessor | null | undefined): { first?: string; last?: string } {
  if (!processor) return {};
  if (processor.type === "Sequence") {
    return (processor.processors ?? []).map(postProcessorTokens).reduce((a, b) => ({ first: a.first ?? b.first, last: b.last ?? a.last }), {});
  }
  if (processor.type === "TemplateProcessing" && Array.isArray(processor.single)) {
    const items = processor.single;
    const token = (item: (typeof items)[number] | undefined) => (item && "SpecialToken" in item ? item.SpecialToken?.id : undefined);
    return { first: token(items[0]), last: items.length > 1 ? token(items.at(-1)) : undefined };
  }
  if (processor.type === "BertProcessing" || processor.type === "RobertaProcessing") return { first: processor.cls?.[0], last: processor.sep?.[0] };
  return {};
}

// What tokenizers call their document boundaries when no config names them: GPT-2's and most
// byte-level BPEs' "<|endoftext|>" (also what trainBpe writes), Llama 3's, SentencePiece's.
const END_OF_TEXT_NAMES = ["<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>", "<|im_end|>"];
const BEGIN_OF_TEXT_NAMES = ["<|begin_of_text|>", "<s>", "<bos>"];

/**
 * The beginning- and end-of-text ids of a tokenizer.json, looked for where tokenizers keep them:
 * tokenizer_config.json's bos_token and eos_token first, then the tokens the post-processor puts
 * around a sequence, then an added special token with one of the usual names. A bare
 * tokenizer.json, as trainBpe writes, has only its added tokens.
 */
export function specialTokenIds(json: HfTokenizerJson, config: Record<string, unknown>): { bos: number | undefined; eos: number | undefined } {
  const added = new Map((json.added_tokens ?? []).map((t) => [t.content, t]));
  const idOf = (content: string | undefined) => (content === undefined ? undefined : added.get(content)?.id);
  const fromConfig = (key: string) => {
    const value = config[key];
    return idOf(typeof value === "string" ? value : (value as { content?: string } | undefined)?.content);
  };
  const around = postProcessorTokens(json.post_processor);
  const named = (names: string[]) => {
    for (const name of names) {
      const token = added.get(name);
      if (token && token.special !== false) return token.id;
    }
    return undefined;
  };
  return {
    bos: fromConfig("bos_token") ?? idOf(around.first) ?? named(BEGIN_OF_TEXT_NAMES),
    eos: fromConfig("eos_token") ?? idOf(around.last) ?? named(END_OF_TEXT_NAMES),
  };
}

/** A tokenizer.json with the tokenizer_config.json beside it (if any), built by @huggingface/tokenizers. */
export async function openHuggingFaceTokenizer(path: string): Promise<{ tokenizer: HfTokenizer; json: HfTokenizerJson; config: Record<string, unknown> }> {
  const { json, config } = await readTokenizerJson(path);
  const { Tokenizer } = await import("@huggingface/tokenizers");
  try {
    return { tokenizer: new Tokenizer(json, config), json, config };
  } catch (error) {
    throw new InputError({ file: path }, `cannot build the tokenizer: ${(error as Error).message}`, { cause: error });
  }
}

/** A tokenizer.json and the tokenizer_config.json beside it ({} without one). */
async function readTokenizerJson(path: string): Promise<{ json: HfTokenizerJson; config: Record<string, unknown> }> {
  // a tokenizer in a bucket (s3://...) is read whole, as a local one: both files are small
  const text = isS3(path) ? await readTextIfExists(path) : existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (text === undefined) throw new InputError({ file: path }, "no such tokenizer file");
  let json: HfTokenizerJson;
  try {
    json = JSON.parse(text) as HfTokenizerJson;
  } catch (error) {
    throw new InputError({ file: path }, `not a readable tokenizer.json: ${(error as Error).message}`, { cause: error });
  }
  const configPath = isS3(path) ? `${path.slice(0, path.lastIndexOf("/"))}/tokenizer_config.json` : join(dirname(path), "tokenizer_config.json");
  const configText = isS3(configPath) ? await readTextIfExists(configPath) : existsSync(configPath) ? readFileSync(configPath, "utf8") : undefined;
  const config = configText !== undefined ? (JSON.parse(configText) as Record<string, unknown>) : {};
  return { json, config };
}

type HfTokenizer = InstanceType<typeof import("@huggingface/tokenizers").Tokenizer>;

async function huggingFaceTokenizer(path: string): Promise<TextTokenizer> {
  const { json, config } = await readTokenizerJson(path);
  const ours = TokenizerJsonBpe.from(json);
  const template = postProcessorTemplate(json.post_processor);
  if (ours instanceof TokenizerJsonBpe) {
    return {
      name: path,
      vocabSize: ours.vocabSize,
      ...specialTokenIds(json, config),
      template,
      engine: "ours",
      encode: (text) => ours.encode(text),
      encodeToArray: (text) => ours.encodeToArray(text),
      decode: (ids) => ours.decode(ids),
    };
  }
  const { tokenizer } = await openHuggingFaceTokenizer(path);
  const added = new Map((json.added_tokens ?? []).map((t) => [t.content, t.id]));
  const vocab = json.model?.vocab;
  const modelSize = Array.isArray(vocab) ? vocab.length : Object.values(vocab ?? {}).reduce<number>((m, id) => Math.max(m, Number(id) + 1), 0);
  const vocabSize = Math.max(modelSize, ...[...added.values()].map((id) => id + 1));
  const { bos, eos } = specialTokenIds(json, config);
  return {
    name: path,
    vocabSize,
    bos,
    eos,
    template,
    engine: "@huggingface/tokenizers",
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids,
    // @huggingface/tokenizers cleans up spaces before punctuation ("a ," -> "a,") unless the config
    // says not to, so a bare tokenizer.json (trainBpe writes no tokenizer_config.json) decoded "  ,"
    // as " ,". The cleanup is transformers' option, off unless the config asks for it; the library
    // also refuses an empty list.
    decode: (ids) =>
      ids.length === 0
        ? ""
        : tokenizer.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: config.clean_up_tokenization_spaces === true }),
  };
}

/** A tiktoken encoding name (cl100k_base, o200k_base, p50k_base, r50k_base/gpt2) or a tokenizer.json path. */
export async function loadTokenizer(spec: string): Promise<TextTokenizer> {
  if ((TIKTOKEN_ENCODINGS as readonly string[]).includes(spec)) return tiktokenTokenizer(spec as TiktokenEncoding);
  if (spec.endsWith(".json") || isS3(spec) || existsSync(spec)) return huggingFaceTokenizer(spec);
  throw new ConfigError("tokenizer", `unknown tokenizer "${spec}": expected one of ${TIKTOKEN_ENCODINGS.join(", ")} or a path to a tokenizer.json`);
}
