// Every options object is a zod schema with defaults; this turns a failed parse into a ConfigError
// that names the step and the path of the bad key.
import { z } from "zod";
import { ConfigError } from "./errors.js";

export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ConfigError(where, z.prettifyError(result.error).replace(/\n/g, "; "), result.error.issues);
}
