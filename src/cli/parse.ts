// Option value parsers shared by the subcommands; a bad value is a usage error (exit 2).
import { InvalidArgumentError } from "commander";

export function intOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
}

/** A non-negative number, in any notation JavaScript reads (`50e9`, `1_000`, `0.5`). */
export function numberOption(value: string): number {
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number, got "${value}"`);
  return n;
}
