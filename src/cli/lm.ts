// corpuskit lm train | cutoffs: build an n-gram model (lmplz's estimator) from reference text, and
// the cut-off table that ranks documents with it.
import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
import { read } from "../io/read.js";
import { languageFilter } from "../filters/language.js";
import { pipe } from "../pipeline/pipe.js";
import { printNote } from "./output.js";
import { loadArpa, trainKneserNey, writeArpa } from "../lm/index.js";
import { sampleCutoffs } from "../score/sample-cutoffs.js";
import { lmTokenizer, type LmTokenizerOption } from "../score/lm-tokenizer.js";
import { ccnetNormalize } from "../text/normalize.js";
import { ConfigError } from "../errors.js";

export function registerLm(program: Command): void {
  const lm = program.command("lm").description("n-gram language models: train (modified Kneser-Ney, as KenLM's lmplz) and cut-off tables");
  lm.command("train")
    .description("train an ARPA model on reference text: each line is a sentence, normalized by CCNet's rules and split into words")
    .requiredOption("--input <paths...>", "reference text: files, directories or globs in any format corpuskit reads")
    .requiredOption("--output <file>", "the ARPA file to write (.arpa, or .arpa.gz compressed)")
    .option("--order <n>", "n-gram order (lmplz -o)", "5")
    .option("--prune <counts>", "comma-separated count thresholds per order (lmplz --prune), e.g. 0,0,1")
    .option("--language <code>", "language of the text, for word splitting (default: guessed per line from the script)")
    .option("--tokenizer <name>", "words (per language, after CCNet normalization) or whitespace (the text is already normalized and tokenized)", "words")
    .option("--sentencepiece <model>", "split the normalized lines into this SentencePiece model's pieces, as CCNet does (needs @agnai/sentencepiece-js)")
    .option("--tokenizer-json <file>", "split the normalized lines into this Hugging Face tokenizer's token strings")
    .option("--discount-fallback <d1,d2,d3>", "discounts when the closed form fails on small data (lmplz --discount_fallback)", "0.5,1,1.5")
    .option("--json", "print the training statistics as JSON")
    .action(async (opts: Record<string, unknown>) => {
      const option = lmTokenizerFlags(opts);
      const tokenize = await lmTokenizer(option);
      const language = opts.language ? String(opts.language) : undefined;
      const inputs = opts.input as string[];
      async function* sentences(): AsyncGenerator<string[]> {
        for await (const doc of read(inputs)) {
          for (const line of doc.text.split("\n")) {
            // whitespace: the text is already normalized and tokenized, taken as it is
            const tokens = option === "whitespace" ? tokenize(line, language) : tokenize(ccnetNormalize(line), language);
            if (tokens.length > 0) yield tokens;
          }
        }
      }
      const numbers = (value: unknown, flag: string) => {
        const list = String(value).split(",").map(Number);
        if (list.some((n) => !Number.isFinite(n))) throw new ConfigError(flag, `expected comma-separated numbers, got ${JSON.stringify(value)}`);
        return list;
      };
      const output = String(opts.output);
      const { arpa, statistics } = await trainKneserNey(sentences(), {
        order: Number(opts.order),
        ...(opts.prune ? { prune: numbers(opts.prune, "--prune") } : {}),
        discountFallback: numbers(opts.discountFallback, "--discount-fallback"),
        source: inputs.join(", "),
      });
      await writeArpa(arpa, output);
      if (opts.json) process.stdout.write(`${JSON.stringify({ output, ...statistics }, null, 2)}\n`);
      else
        process.stdout.write(
          `${output}: ${statistics.sentences} sentences, ${statistics.tokens} tokens; n-grams per order ${statistics.countsKept.join(", ")}\n`,
        );
    });
  lm.command("cutoffs")
    .description("percentiles 0..100 of document perplexity over a sample, as CCNet's cutoff table")
    .requiredOption("--model <file>", "the ARPA model")
    .requiredOption("--input <paths...>", "the sample: documents of the kind the model will rank (web pages, say)")
    .requiredOption("--output <file>", "the JSON table to write")
    .requiredOption("--language <code>", "the model's language")
    .option("--mode <mode>", "per-line or ccnet-mined, as the perplexity step will use", "per-line")
    .option("--tokenizer <name>", "words or whitespace: as the model was trained", "words")
    .option("--sentencepiece <model>", "the SentencePiece model the model was trained over")
    .option("--tokenizer-json <file>", "the Hugging Face tokenizer the model was trained over")
    .action(async (opts: Record<string, unknown>) => {
      const mode = String(opts.mode);
      if (mode !== "per-line" && mode !== "ccnet-mined") throw new ConfigError("--mode", `expected per-line or ccnet-mined, got ${JSON.stringify(mode)}`);
      const model = await loadArpa(String(opts.model));
      const language = String(opts.language);
      // each document's language (meta.language, else fastText's label): the other languages are skipped and counted
      const others = new Map<string, number>();
      const docs = pipe(read(opts.input as string[]), languageFilter());
      const table = await sampleCutoffs(docs, {
        model,
        language,
        onOtherLanguage: (other) => others.set(other, (others.get(other) ?? 0) + 1),
        mode,
        tokenizer: lmTokenizerFlags(opts),
        modelName: basename(String(opts.model)),
        source: (opts.input as string[]).join(", "),
      });
      await writeFile(String(opts.output), `${JSON.stringify(table, null, 2)}\n`);
      process.stdout.write(`${opts.output}: ${table.documents} documents; p30 ${table.percentiles[30]}, p60 ${table.percentiles[60]}\n`);
      const skipped = [...others].sort((a, b) => b[1] - a[1]);
      if (skipped.length > 0) {
        const total = skipped.reduce((n, [, k]) => n + k, 0);
        printNote(
          `skipped ${total} documents in other languages than ${language} (${skipped.map(([l, k]) => `${l} ${k}`).join(", ")}): the table ranks ${language} text only`,
        );
      }
    });
}

/** The tokenizer flags shared by lm train, lm cutoffs and score: --sentencepiece, --tokenizer-json or --tokenizer. */
export function lmTokenizerFlags(opts: Record<string, unknown>): LmTokenizerOption {
  if (opts.sentencepiece) return { sentencepiece: String(opts.sentencepiece) };
  if (opts.tokenizerJson) return { tokenizerJson: String(opts.tokenizerJson) };
  const name = String(opts.tokenizer ?? "words");
  if (name !== "words" && name !== "whitespace") throw new ConfigError("--tokenizer", `expected words or whitespace, got ${JSON.stringify(name)}`);
  return name;
}
