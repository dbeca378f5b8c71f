// datatrove's TextNormConfig as a zod schema (the options of simplifyText), for the dedup steps'
// `normalize` option; unset keys keep simplify_text's defaults.
import { z } from "zod";

export const SimplifyOptionsSchema = z
  .object({
    lowercase: z.boolean().optional(),
    normWhitespace: z.boolean().optional(),
    removePunctuation: z.boolean().optional(),
    normUnicodeDiacritics: z.boolean().optional(),
    normNumbers: z.boolean().optional(),
    normWeekdays: z.boolean().optional(),
    normMonthnames: z.boolean().optional(),
  })
  .strict();
