// Every catalog file against the schema, and everything generated from the catalog kept in sync.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DatasetSchema } from "../../src/catalog/schema.js";
import { datasets } from "../../src/index.js";
import { catalogFiles, generatedEntries, generatedJsonSchema, readmeWithCatalog } from "../../scripts/gen-catalog.js";

const files = readdirSync("catalog").filter((f) => f.endsWith(".json") && f !== "schema.json");

describe("catalog/*.json", () => {
  for (const file of files) {
    it(`${file} fits the schema and is named after its id`, () => {
      const result = DatasetSchema.safeParse(JSON.parse(readFileSync(`catalog/${file}`, "utf8")));
      expect(result.success ? "" : JSON.stringify(result.error.issues, null, 1)).toBe("");
      expect(`${result.data!.id}.json`).toBe(file);
    });
  }

  it("ids and aliases are unique across the catalog", () => {
    const seen = new Map<string, string>();
    for (const d of datasets()) {
      for (const name of [d.id, ...d.aliases].map((n) => n.toLowerCase())) {
        expect(seen.get(name) ?? d.id, `"${name}" in ${d.id} and ${seen.get(name)}`).toBe(d.id);
        seen.set(name, d.id);
      }
    }
  });

  it("every figure and licence says where it comes from", () => {
    for (const d of datasets()) {
      for (const f of [d.size.bytes, d.size.documents, d.size.tokens, d.size.compressedBytes]) if (f) expect(f.source.length, d.id).toBeGreaterThan(2);
      expect(d.license.source.length, d.id).toBeGreaterThan(2);
    }
  });

  it("shard templates and paths stay relative to their base URL", () => {
    for (const d of datasets()) {
      for (const f of d.download?.files ?? []) {
        expect(f.path, d.id).not.toMatch(/(^\/)|(^|\/)\.\.(\/|$)|^[a-z]+:/i);
      }
    }
  });

  it("the bundled entry list, catalog/schema.json and the README table are up to date (run scripts/gen-catalog.ts)", async () => {
    expect(catalogFiles()).toEqual([...files].sort());
    expect(readFileSync("src/catalog/entries.generated.ts", "utf8")).toBe(generatedEntries());
    expect(readFileSync("catalog/schema.json", "utf8")).toBe(generatedJsonSchema());
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toBe(await readmeWithCatalog(readme));
  });
});
