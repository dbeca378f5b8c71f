// The filter contract's `rejected` option: any sink (writeJsonl(dir), a user's own) that receives the
// documents a step drops, with meta.filter_reason.
import { z } from "zod";
import { isSink, type Sink } from "./step.js";

export const sinkSchema = z.custom<Sink<unknown>>((value) => isSink(value), {
  message: "expected a sink such as writeJsonl(dir)",
});
