// The manifest and the public surface, as hyparquet guards its own (package.test.js).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as corpuskit from "../src/index.js";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));

describe("package.json", () => {
  it("declares ESM and CommonJS entries with types first", () => {
    expect(pkg.type).toBe("module");
    expect(Object.keys(pkg.exports["."].import)[0]).toBe("types");
    expect(Object.keys(pkg.exports["."].require)[0]).toBe("types");
    expect(pkg.exports["."].import.default).toBe("./dist/index.js");
    expect(pkg.exports["."].require.default).toBe("./dist/index.cjs");
  });

  it("has the corpuskit bin, the Node floor and no side effects", () => {
    expect(pkg.bin).toEqual({ corpuskit: "./dist/cli/bin.js" });
    expect(pkg.engines.node).toBe(">=20.19");
    expect(pkg.sideEffects).toBe(false);
  });

  it("pins the toolchain majors that still run on Node 20", () => {
    expect(pkg.devDependencies.tsup).toMatch(/^\^?8\./);
    expect(pkg.devDependencies.vitest).toMatch(/^\^?4\.1/);
    expect(pkg.devDependencies.vite).toMatch(/^\^?8\.3/);
    expect(pkg.devDependencies.typescript).toMatch(/^\^?5\.9/);
  });

  it("has the two README commands", () => {
    expect(pkg.scripts.start).toContain("demo");
    expect(pkg.scripts.test).toContain("vitest run");
  });
});

describe("public API", () => {
  it("exports the names the README promises for the core and for reading and writing", () => {
    const promised = [
      "pipe",
      "Stats",
      "filter",
      "read",
      "readJsonl",
      "readParquet",
      "readCsv",
      "readText",
      "readWarc",
      "writeJsonl",
      "CorpuskitError",
      "InputError",
      "NetworkError",
      "ConfigError",
      "UnknownDatasetError",
    ];
    for (const name of promised) expect(corpuskit, name).toHaveProperty(name);
  });

  it("every options schema accepts {} and fills in its defaults", () => {
    expect(corpuskit.ReaderOptions.parse({})).toMatchObject({ textField: "text", idField: "id", onError: "fail", skip: 0 });
    expect(corpuskit.WriteJsonlOptions.parse({})).toMatchObject({ compression: "gzip" });
    for (const schema of [
      corpuskit.JsonlOptions,
      corpuskit.CsvOptions,
      corpuskit.ParquetOptions,
      corpuskit.TextOptions,
      corpuskit.WarcOptions,
      corpuskit.ReadOptions,
    ]) {
      expect(() => schema.parse({})).not.toThrow();
    }
  });

  it("a misspelt or ill-typed option is a ConfigError with the key's path", () => {
    expect(() => corpuskit.read("x.jsonl", { textFeild: "content" } as never)).toThrow(corpuskit.ConfigError);
    expect(() => corpuskit.read("x.jsonl", { textFeild: "content" } as never)).toThrow(/read: .*textFeild/);
    const error = (() => {
      try {
        corpuskit.writeJsonl("out", { maxDocsPerShard: -1 });
      } catch (e) {
        return e as corpuskit.ConfigError;
      }
    })();
    expect(error?.issues[0]?.path).toEqual(["maxDocsPerShard"]);
  });
});
