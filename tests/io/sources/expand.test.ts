// Directories and globs read the corpus, not the documentation beside it; a file named on its own is read.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, read } from "../../../src/index.js";
import { expandInputs, isNotData } from "../../../src/io/sources/expand.js";
import { standaloneContext } from "../../../src/pipeline/step.js";
import { collect, tempDir } from "../../support.js";

async function corpusFolder(): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, "part"), { recursive: true });
  await writeFile(join(dir, "a.jsonl"), `${JSON.stringify({ id: "a1", text: "first document" })}\n`);
  await writeFile(join(dir, "part", "b.txt"), "second document\n");
  await writeFile(join(dir, "README.md"), "# About this corpus\n\nIt has two documents.\n");
  await writeFile(join(dir, "LICENSE"), "CC BY 4.0\n");
  await writeFile(join(dir, "part", "license.txt"), "the licence of part\n");
  await writeFile(join(dir, ".DS_Store"), Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
  return dir;
}

describe("a directory or glob input", () => {
  it("reads the data files and passes over README, LICENSE and dot files, counting them", async () => {
    const dir = await corpusFolder();
    for (const input of [dir, `${dir}/**/*`]) {
      const ctx = standaloneContext("read");
      const docs = await collect(read(input).open(ctx));
      expect(docs.map((d) => d.text.trim()).sort()).toEqual(["first document", "second document"]);
      expect(ctx.stats.get("skipped_not_data")).toBe(3);
    }
  });

  it("reads a README named on its own, and says so when a pattern matches nothing else", async () => {
    const dir = await corpusFolder();
    const docs = await collect(read(join(dir, "README.md"), { split: "paragraph" }));
    expect(docs.map((d) => d.text)).toEqual(["# About this corpus", "It has two documents."]);
    await expect(expandInputs(`${dir}/README*`)).rejects.toThrow(InputError);
    await expect(expandInputs(`${dir}/README*`)).rejects.toThrow(/not data.*name one/);
  });

  it("knows documentation by its name, not by its format", () => {
    for (const f of ["README", "readme.md", "x/README.rst", "LICENSE", "LICENCE.txt", "COPYING", "NOTICE", "CHANGELOG.md", "CITATION.cff"])
      expect(isNotData(f)).toBe(true);
    for (const f of ["reading-list.jsonl.gz", "licenses.csv", "notices2024.jsonl", "data/readers.txt", "copyright-debian.jsonl"])
      expect(isNotData(f)).toBe(false);
  });
});

describe("a corpuskit output folder as input", () => {
  async function outputFolder(): Promise<string> {
    const dir = await tempDir();
    const out = join(dir, "out");
    await mkdir(join(out, "rejected", "language"), { recursive: true });
    await writeFile(join(out, ".corpuskit-output.json"), JSON.stringify({ command: "filter", fingerprint: "x", started: "now" }));
    await writeFile(join(out, "00000.jsonl"), `${JSON.stringify({ id: "kept", text: "a kept document" })}\n`);
    await writeFile(join(out, "stats.json"), JSON.stringify({ steps: [], seconds: 1 }));
    await writeFile(join(out, "rejected", "language", "00000.jsonl"), `${JSON.stringify({ id: "gone", text: "a dropped document" })}\n`);
    return dir;
  }

  it("gives its documents, not its stats or rejected documents, from a directory, a parent directory or a glob", async () => {
    const dir = await outputFolder();
    // `out/*` does not reach into rejected/: only stats.json is passed over there
    for (const [input, skipped] of [
      [join(dir, "out"), 2],
      [dir, 2],
      [`${dir}/out/*`, 1],
      [`${dir}/**/*.json*`, 2],
    ] as const) {
      const ctx = standaloneContext("read");
      const docs = await collect(read(input).open(ctx));
      expect(docs.map((d) => d.id)).toEqual(["kept"]);
      expect(ctx.stats.get("skipped_not_data")).toBe(skipped);
    }
  });

  it("gives the rejected documents to a path or glob that asks for them, and passes over an excluded folder", async () => {
    const dir = await outputFolder();
    for (const input of [join(dir, "out", "rejected"), `${dir}/out/rejected/language/*.jsonl`]) {
      expect((await collect(read(input))).map((d) => d.id)).toEqual(["gone"]);
    }
    await writeFile(join(dir, "other.jsonl"), `${JSON.stringify({ id: "other", text: "beside the output" })}\n`);
    expect((await collect(read(dir, { exclude: [join(dir, "out")] }))).map((d) => d.id)).toEqual(["other"]);
  });
});
