// Option value parsers shared by the subcommands; a bad value is a usage error (exit 2).
import { InvalidArgumentError } from "commander";
import { ConfigError } from "../errors.js";

export function intOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
}

/** A whole number >= 0 (a rank, a worker count where 0 means "none"). */
export function countOption(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a whole number >= 0, got "${value}"`);
  return n;
}

/** A non-negative number, in any notation JavaScript reads (`50e9`, `1_000`, `0.5`). */
export function numberOption(value: string): number {
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number, got "${value}"`);
  return n;
}

/** `IN... OUT` or `IN... -o OUT`: the inputs and the output directory of a command that writes shards. */
export function inputsAndOutput(args: readonly string[], output: unknown, command: string, what = "output directory"): { inputs: string[]; out: string } {
  const inputs = [...args];
  const out = output ? String(output) : inputs.length >= 2 ? inputs.pop()! : undefined;
  if (!out) throw new ConfigError(command, `give the ${what} as the last argument or with -o`);
  return { inputs, out };
}

/** "en=models/en.arpa" pairs into a record; undefined when the option was not given. */
export function pairs(value: unknown, flag: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const item of value as string[]) {
    const at = item.indexOf("=");
    if (at <= 0) throw new ConfigError(flag, `expected LANG=PATH, got ${JSON.stringify(item)}`);
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}
