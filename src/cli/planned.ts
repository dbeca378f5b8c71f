// Subcommands the design names whose steps have not landed yet. Each is registered (so --help shows
// the whole tool) and says plainly that it is not available, with exit code 1 -- never a silent no-op.
import type { Command } from "commander";
import { CorpuskitError } from "../errors.js";

const PLANNED: { name: string; args: string; description: string; arrives: string }[] = [
  { name: "tokenize", args: "<inputs...>", description: "tokenize into Megatron or nanoGPT token files", arrives: "tokenization" },
];

export function registerPlanned(program: Command): void {
  for (const planned of PLANNED) {
    program
      .command(planned.name)
      .description(`${planned.description} (not available yet)`)
      .argument(planned.args)
      .allowUnknownOption()
      .action(() => {
        throw new CorpuskitError("ERR_NOT_AVAILABLE", `"corpuskit ${planned.name}" is not available in this version: it arrives with ${planned.arrives}`);
      });
  }
}
