// What a step says about itself, in its own file: the name configs, the CLI and Stats know it by, its
// options schema (defaults included), its factory, one line of description, its public reference, and
// whether it decides each document alone (then it may run on worker threads). The step table
// (src/run/steps.ts) only lists descriptors; configs, CLI flags, `--help` and the README's step table are
// derived from them, and tests/steps.test.ts runs every one.
import type { z } from "zod";
import type { Step } from "./step.js";

export interface StepDescriptor<S extends z.ZodObject = z.ZodObject> {
  /** snake_case, as configs, Stats and drop reasons name it. */
  readonly name: string;
  /** Options schema; `{}` must parse (every option has a default or is optional). */
  readonly options: S;
  readonly create: (options: z.input<S>) => Step;
  /** One line, for `--help` and the README. */
  readonly description: string;
  /** The public origin of the rules: a paper, a peer's class (e.g. "datatrove URLFilter"), or "-". */
  readonly reference: string;
  /** Decides each document alone: may run on worker threads (dedup steps keep state across documents). */
  readonly parallel: boolean;
  /**
   * Options the CLI offers as flags, option key -> flag name without dashes (`threshold: "lang-threshold"`).
   * The flag's kind, help text and default come from the schema; the value goes through it too.
   */
  readonly cliFlags?: Readonly<Record<string, string>>;
}

/** Declare a step's descriptor (an identity function that checks the shape and keeps the schema's type). */
export function defineStep<S extends z.ZodObject, N extends string>(
  descriptor: StepDescriptor<S> & { readonly name: N },
): StepDescriptor<S> & { readonly name: N } {
  return descriptor;
}
