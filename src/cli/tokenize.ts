// corpuskit tokenize IN... OUT_PREFIX: text -> token files a training framework reads (Megatron-LM's
// .bin/.idx or nanoGPT's flat .bin); corpuskit tokenizer train: a byte-level BPE tokenizer.json.
import type { Command } from "commander";
import { read } from "../io/read.js";
import { pipe, type PipeResult } from "../pipeline/pipe.js";
import { withProgress } from "../run/progress.js";
import { tokenize, tokenizeStep } from "../tokenize/tokenize-step.js";
import { loadTokenizer } from "../tokenize/text-tokenizer.js";
import { writeTokens, type WriteTokensSummary } from "../tokenize/write-tokens.js";
import { trainBpe, writeTokenizerJson } from "../tokenize/bpe/index.js";
import { ConfigError } from "../errors.js";
import { printNote } from "./output.js";
import { formatStatsTable } from "../pipeline/stats-table.js";
import { inputsAndOutput, intOption } from "./parse.js";
import { addStepFlags, stepFlagValues, speakingFlags } from "./schema-flags.js";

export function registerTokenize(program: Command): void {
  const command = program
    .command("tokenize")
    .description("tokenize documents into Megatron-LM (.bin + .idx) or nanoGPT (.bin + .json) token files")
    .argument("<inputs...>", "files, directories or globs, then the output prefix (e.g. out/train), or give it with -o")
    .option("-o, --output <prefix>", "output prefix (default: the last argument)");
  addStepFlags(command, tokenizeStep);
  command
    .option("--format <format>", "megatron or bin", "megatron")
    .option("--dtype <dtype>", "auto, uint16 or uint32", "auto")
    .option("--max-tokens-per-shard <n>", "start a new shard before this many tokens", intOption)
    .option("--text-field <name>", "record field holding the text", "text")
    .option("--json", "print the summary and stats as JSON")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(
      speakingFlags([tokenizeStep], async (args: string[], opts: Record<string, unknown>) => {
        const { inputs, out: prefix } = inputsAndOutput(args, opts.output, "corpuskit tokenize", "output prefix");
        const format = String(opts.format);
        if (format !== "megatron" && format !== "bin") throw new ConfigError("--format", `expected megatron or bin, got ${JSON.stringify(format)}`);
        const flags = stepFlagValues(tokenizeStep, opts);
        const spec = String(flags.tokenizer ?? tokenizeStep.options.shape.tokenizer.def.defaultValue);
        // loaded once: the writer needs its vocabulary size, the step its encoder
        const loaded = await loadTokenizer(spec);
        const source = withProgress(read(inputs, { textField: String(opts.textField) }), { label: "tokenize", mode: opts.quiet ? "none" : "auto" });
        const { result, stats } = await (pipe(
          source,
          tokenize({ ...flags, tokenizer: loaded }),
          writeTokens(prefix, {
            format,
            dtype: String(opts.dtype) as "auto",
            vocabSize: loaded.vocabSize,
            tokenizer: spec,
            ...(opts.maxTokensPerShard ? { maxTokensPerShard: Number(opts.maxTokensPerShard) } : {}),
          }),
        ) as Promise<PipeResult<WriteTokensSummary>>);
        if (opts.json) process.stdout.write(`${JSON.stringify({ output: result, stats: stats.toJSON() }, null, 2)}\n`);
        else
          process.stdout.write(
            `${formatStatsTable(stats)}\n\n${result.documents} documents, ${result.tokens} tokens (${result.dtype}) in ${result.shards.length} shard(s) at ${prefix}\n`,
          );
      }),
    );

  const tokenizer = program.command("tokenizer").description("tokenizers: train a byte-level BPE");
  tokenizer
    .command("train")
    .description("train a byte-level BPE (GPT-style pre-tokenization, Hugging Face's trainer rules) and write a tokenizer.json")
    .requiredOption("--input <paths...>", "training text: files, directories or globs in any format corpuskit reads")
    .requiredOption("--output <file>", "the tokenizer.json to write")
    .option("--vocab-size <n>", "tokens in the vocabulary, bytes and specials included", intOption, 32000)
    .option("--min-frequency <n>", "stop when the best pair is rarer than this", intOption, 2)
    .option("--pretokenizer <name>", "cl100k or gpt2", "cl100k")
    .option("--special <tokens...>", "special tokens", ["<|endoftext|>"])
    .action(async (opts: Record<string, unknown>) => {
      const pretokenizer = String(opts.pretokenizer);
      if (pretokenizer !== "cl100k" && pretokenizer !== "gpt2")
        throw new ConfigError("--pretokenizer", `expected cl100k or gpt2, got ${JSON.stringify(pretokenizer)}`);
      const started = performance.now();
      const json = await trainBpe(read(opts.input as string[]), {
        vocabSize: Number(opts.vocabSize),
        minFrequency: Number(opts.minFrequency),
        pretokenizer,
        specialTokens: opts.special as string[],
        source: (opts.input as string[]).join(", "),
      });
      await writeTokenizerJson(json, String(opts.output));
      const size = Object.keys(json.model.vocab).length;
      process.stdout.write(`${opts.output}: ${size} tokens, ${json.model.merges.length} merges (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
      if (size < Number(opts.vocabSize))
        // the trainer stops when the most frequent pair left is rarer than minFrequency (Hugging Face's BpeTrainer rule)
        printNote(
          `${size.toLocaleString("en-US")} tokens of the ${Number(opts.vocabSize).toLocaleString("en-US")} asked: after ${json.model.merges.length.toLocaleString("en-US")} merges no pair of tokens occurs ${Number(opts.minFrequency)} times or more in the training text; give more text (--input) or a lower --min-frequency for more tokens`,
        );
    });
}
