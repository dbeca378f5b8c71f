// The corpuskit command: parses arguments and calls the library, nothing more. Exit codes: 0 ok,
// 1 failure (one line on stderr, the stack only with --debug), 2 usage error.
import { Command, CommanderError } from "commander";
import { ConfigError, CorpuskitError, UsageError } from "../errors.js";
import { registerDemo } from "./demo.js";
import { registerConvert } from "./convert.js";
import { registerCatalog } from "./catalog.js";
import { registerCat } from "./cat.js";
import { registerFilter } from "./filter.js";
import { registerExtract } from "./extract.js";
import { registerDecont } from "./decont.js";
import { registerRun } from "./run.js";
import { registerMergeStats } from "./merge-stats.js";
import { registerScore } from "./score.js";
import { registerLm } from "./lm.js";
import { registerDedup } from "./dedup.js";
import { registerTokenize } from "./tokenize.js";
import { registerSlurm } from "./slurm.js";
import { registerReport } from "./report.js";
import { packageVersion } from "./package-info.js";

export function buildProgram(): Command {
  const program = new Command("corpuskit")
    .description("Catalog of LLM pretraining corpora and streaming steps to prepare them")
    .version(packageVersion(), "-V, --version")
    .option("--debug", "show stack traces on errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerDemo(program);
  registerConvert(program);
  registerCatalog(program);
  registerCat(program);
  registerFilter(program);
  registerExtract(program);
  registerDecont(program);
  registerRun(program);
  registerMergeStats(program);
  registerScore(program);
  registerLm(program);
  registerDedup(program);
  registerTokenize(program);
  registerSlurm(program);
  registerReport(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (error) {
    return report(error, argv.includes("--debug"));
  }
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // --help and --version also arrive here, with exit code 0.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CorpuskitError) {
    process.stderr.write(`corpuskit: ${error.name}: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return isUsage(error) ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`corpuskit: unexpected error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write("(run again with --debug for the stack trace, and please report it)\n");
  return 1;
}

/** A usage error: a UsageError, or a ConfigError about a flag or a command's arguments (its `where` says which). */
function isUsage(error: CorpuskitError): boolean {
  return error instanceof UsageError || (error instanceof ConfigError && /^(--|corpuskit )/.test(error.where));
}
