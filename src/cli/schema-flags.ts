// Command-line flags derived from a step's zod options schema, so the CLI never restates a default
// or a description: `threshold` becomes `--lang-threshold <n>`, its help says the schema's default,
// and the value goes through the same schema as a YAML config's. Only the keys a step's descriptor
// lists (`cliFlags`) become flags; a flag the user did not give is left out, so the schema's default
// applies.
import { InvalidArgumentError, Option, type Command } from "commander";
import { z } from "zod";
import { ConfigError, UsageError } from "../errors.js";
import type { StepDescriptor } from "../pipeline/step-descriptor.js";

interface FieldInfo {
  kind: "boolean" | "number" | "integer" | "string" | "enum" | "list";
  choices?: readonly string[];
  defaultValue?: unknown;
  description: string;
}

/** The flag names of a descriptor's CLI options: option key -> flag (without dashes). */
export function flagNames(descriptor: StepDescriptor): Record<string, string> {
  return { ...(descriptor.cliFlags ?? {}) };
}

/** Add the descriptor's flags to a command. */
export function addStepFlags(command: Command, descriptor: StepDescriptor): void {
  for (const [key, flag] of Object.entries(flagNames(descriptor))) {
    const field = descriptor.options.shape[key];
    if (!field) throw new Error(`${descriptor.name}: cliFlags names "${key}", which its options schema lacks`);
    const info = fieldInfo(field as z.ZodType);
    if (!info) throw new Error(`${descriptor.name}: option "${key}" has no command-line form`);
    for (const option of optionsFor(flag, info)) command.addOption(option);
  }
}

/** The options a command line gave for a descriptor's flags (commander's camelCase keys), by option key. */
export function stepFlagValues(descriptor: StepDescriptor, opts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(flagNames(descriptor))) {
    const value = opts[camel(flag)];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** `--flag` for an option key, as a message to a CLI user should name it (`addEos` -> `--no-eos`). */
export function flagFor(descriptor: StepDescriptor, key: string, value?: unknown): string | undefined {
  const flag = flagNames(descriptor)[key];
  if (flag === undefined) return undefined;
  return value === false ? `--no-${flag}` : `--${flag}`;
}

/**
 * A step's ConfigError as a command-line user reads it: each issue's option key becomes its flag
 * (`threshold` -> `--lang-threshold`), one issue a line, and the error a UsageError (exit 2). An issue
 * whose `params.fix` holds a value says which flag gives it (`addEos` false -> `--no-eos`). Errors
 * about keys no flag sets are left as they are.
 */
export function inFlags(error: unknown, descriptors: readonly StepDescriptor[]): unknown {
  if (!(error instanceof ConfigError) || error instanceof UsageError || error.issues.length === 0) return error;
  const lines: { flag: string; text: string }[] = [];
  for (const issue of error.issues) {
    const key = issue.path[0];
    const descriptor = typeof key === "string" ? descriptors.find((d) => flagNames(d)[key] !== undefined) : undefined;
    if (!descriptor) return error;
    const fix = (issue as { params?: { fix?: unknown } }).params?.fix;
    if (fix !== undefined) lines.push({ flag: descriptor.name, text: `${issue.message}; run with ${flagFor(descriptor, key as string, fix)}` });
    else lines.push({ flag: flagFor(descriptor, key as string)!, text: issue.message });
  }
  const flags = [...new Set(lines.map((l) => l.flag))];
  const text = flags.length === 1 ? lines.map((l) => l.text) : lines.map((l) => `${l.flag}: ${l.text}`);
  return new UsageError(flags.join(", "), text.length === 1 ? text[0]! : `\n  ${text.join("\n  ")}`, error.issues, { cause: error });
}

/** A command's action whose step errors speak in flags (see inFlags). */
export function speakingFlags<A extends unknown[]>(
  descriptors: readonly StepDescriptor[],
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      throw inFlags(error, descriptors);
    }
  };
}

function optionsFor(flag: string, info: FieldInfo): Option[] {
  const hasDefault = info.defaultValue !== undefined && !(Array.isArray(info.defaultValue) && info.defaultValue.length === 0);
  const shown = hasDefault ? ` (default: ${Array.isArray(info.defaultValue) ? info.defaultValue.join(",") : String(info.defaultValue)})` : "";
  switch (info.kind) {
    case "boolean":
      // A default of true is turned off with --no-flag; commander's --no-x alone would default x to true.
      return info.defaultValue === true
        ? [new Option(`--no-${flag}`, `turn off (on by default): ${info.description}`)]
        : [new Option(`--${flag}`, info.description)];
    case "number":
    case "integer":
      return [new Option(`--${flag} <n>`, `${info.description}${shown}`).argParser((v) => parseNumber(v, info.kind === "integer"))];
    case "enum":
      return [new Option(`--${flag} <value>`, `${info.description}${shown}`).choices(info.choices ?? [])];
    case "list":
      return [
        new Option(`--${flag} <a,b,...>`, `${info.description}${shown}`).argParser((v) =>
          v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
    default:
      return [new Option(`--${flag} <value>`, `${info.description}${shown}`)];
  }
}

function parseNumber(value: string, integer: boolean): number {
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw new InvalidArgumentError(`expected ${integer ? "a whole number" : "a number"}, got "${value}"`);
  return n;
}

function fieldInfo(field: z.ZodType): FieldInfo | undefined {
  let inner: z.ZodType = field;
  let defaultValue: unknown;
  const description = field.description ?? "";
  for (;;) {
    if (inner instanceof z.ZodDefault) {
      defaultValue = inner.def.defaultValue;
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
    else break;
  }
  const text = description || inner.description || "";
  if (inner instanceof z.ZodBoolean) return { kind: "boolean", defaultValue, description: text };
  if (inner instanceof z.ZodNumber)
    return { kind: inner.format === "safeint" || inner.format === "int32" ? "integer" : "number", defaultValue, description: text };
  if (inner instanceof z.ZodString) return { kind: "string", defaultValue, description: text };
  if (inner instanceof z.ZodEnum) return { kind: "enum", choices: inner.options.map(String), defaultValue, description: text };
  if (inner instanceof z.ZodArray && inner.element instanceof z.ZodString) return { kind: "list", defaultValue, description: text };
  // A union that also takes a string (a tokenizer name or an object already loaded): the string form.
  if (inner instanceof z.ZodUnion && inner.options.some((o) => o instanceof z.ZodString)) return { kind: "string", defaultValue, description: text };
  return undefined;
}

function camel(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
