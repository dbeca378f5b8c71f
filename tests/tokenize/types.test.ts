// Type tests (checked by `tsc --noEmit`, which `npm test` runs first): a missing tokenize() before
// writeTokens() is a compile error, not a run-time one.
import { describe, expectTypeOf, it } from "vitest";
import {
  pipe,
  read,
  tokenize,
  writeJsonl,
  writeTokens,
  type Doc,
  type PipeResult,
  type Sink,
  type Step,
  type TokenizedDoc,
  type WriteTokensSummary,
} from "../../src/index.js";

describe("tokenize and writeTokens types", () => {
  it("tokenize() turns documents into tokenized documents", () => {
    // the factories' return types, without building anything
    expectTypeOf(tokenize).returns.toEqualTypeOf<Step<Doc, TokenizedDoc>>();
    expectTypeOf(writeTokens).returns.toEqualTypeOf<Sink<WriteTokensSummary, TokenizedDoc>>();
  });

  it("pipe() accepts writeTokens after tokenize and refuses it without", () => {
    const source = read("in.jsonl") as AsyncIterable<Doc>;
    // Only types are checked here: nothing runs, so nothing is read or written.
    const build = () => {
      expectTypeOf(pipe(source, tokenize(), writeTokens("out/t"))).toEqualTypeOf<Promise<PipeResult<WriteTokensSummary>>>();
      // @ts-expect-error writeTokens needs tokenized documents: put tokenize() before it
      pipe(source, writeTokens("out/t"));
      // @ts-expect-error the same with a step between that does not tokenize
      pipe(source, (docs: AsyncIterable<Doc>) => docs, writeTokens("out/t"));
      // a tokenized document is still a document: JSON Lines takes it
      expectTypeOf(pipe(source, tokenize(), writeJsonl("out/docs"))).resolves.toHaveProperty("result");
    };
    expectTypeOf(build).toBeFunction();
  });
});
