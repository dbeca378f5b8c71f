// corpuskit run CONFIG: a declarative pipeline (YAML or JSON) from the step table.
import type { Command } from "commander";
import { runPipeline } from "../config.js";
import { reportRun } from "./output.js";

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run a declarative pipeline (YAML or JSON): input, steps by name, output")
    .argument("<config>", "pipeline config file (.yaml, .yml or .json)")
    .option("-o, --output <dir>", "write here instead of the config's output folder")
    .option("--json", "print the summary and stats as JSON")
    .action(async (file: string, opts: { output?: string; json?: boolean }) => {
      const { result, stats } = await runPipeline(file, opts.output ? { output: opts.output } : {});
      await reportRun(stats, result.dir, Boolean(opts.json), { output: result });
    });
}
