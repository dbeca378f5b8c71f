// Every options object is a zod schema with defaults; this turns a failed parse into a ConfigError
// that names the step and the path of the bad key.
import { z } from "zod";
import { ConfigError } from "./errors.js";

export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ConfigError(where, z.prettifyError(result.error).replace(/\n/g, "; "), result.error.issues);
}

/**
 * `z.record`, but a `__proto__` key is an error instead of vanishing: zod builds the parsed object by
 * assignment, which sends that key to the prototype setter, so an environment variable or a
 * per-language model named so was dropped without a word.
 */
export function recordOf<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V) {
  return z.preprocess(
    (input, ctx) => {
      if (input !== null && typeof input === "object" && Object.hasOwn(input, "__proto__")) {
        ctx.addIssue({ code: "custom", message: 'the key "__proto__" is not allowed here', path: ["__proto__"], input });
      }
      return input;
    },
    z.record(key, value),
  );
}
