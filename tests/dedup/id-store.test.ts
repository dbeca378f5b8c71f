// Ids kept as UTF-8 bytes come back exactly, whatever characters they hold: MinHash's duplicate_of
// names a document by its id, so an id that changed on the way would point at no document.
import { describe, expect, it } from "vitest";
import { IdStore } from "../../src/dedup/id-store.js";

describe("IdStore", () => {
  it("returns every id as pushed, a leading U+FEFF included (TextDecoder drops one by default)", () => {
    const ids = ["\ufeffstarts-with-bom", "plain", "", "中文:1", "👩‍👩‍👧 family", "\ufeff", "a\u0000b"];
    const store = new IdStore();
    for (const id of ids) store.push(id);
    expect(ids.map((_, i) => store.get(i))).toEqual(ids);
  });
});
