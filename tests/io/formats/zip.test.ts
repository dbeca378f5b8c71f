// Zip archives built by Info-ZIP's `zip` and Python's zipfile (independent writers), read member by member.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TextReader, Uint8ArrayWriter, ZipWriter } from "@zip.js/zip.js";
import { parquetWriteBuffer } from "hyparquet-writer";
import { InputError, read, type Doc } from "../../../src/index.js";
import { collect, tempDir } from "../../support.js";

const line = (id: string, text: string) => JSON.stringify({ id, text });

async function layout(): Promise<string> {
  const dir = await tempDir();
  mkdirSync(join(dir, "src/news/__MACOSX/news"), { recursive: true });
  writeFileSync(join(dir, "src/news/part1.jsonl"), [line("a", "第一段"), line("b", "second")].join("\n") + "\n");
  writeFileSync(join(dir, "src/news/notes.txt"), "a plain text file\n");
  writeFileSync(join(dir, "src/news/.DS_Store"), "junk");
  writeFileSync(join(dir, "src/news/__MACOSX/news/._part1.jsonl"), "junk");
  writeFileSync(join(dir, "src/news/screenshot.png"), "\x89PNG");
  return dir;
}

describe("zip archives", () => {
  it("reads each member by its own format, skips junk, names docs by member path", async () => {
    const dir = await layout();
    execFileSync("zip", ["-q", "-r", "../a.zip", "news"], { cwd: join(dir, "src") });
    const docs = await collect(read(join(dir, "a.zip"), { addFilePath: true }));
    expect(docs.map((d) => d.text.trim()).sort()).toEqual(["a plain text file", "second", "第一段"].sort());
    expect(docs.find((d) => d.text === "second")?.meta).toMatchObject({ file_path: join(dir, "a.zip"), zip_member: "news/part1.jsonl" });
    expect(docs.find((d) => d.text === "second")?.id).toBe("b");
    expect(docs.find((d) => d.text.startsWith("a plain text file"))?.id).toMatch(new RegExp(`^${join(dir, "a.zip")}/news/notes.txt`));
  });

  it("ZipCrypto: right password reads, wrong password is an error naming the archive with no output", async () => {
    const dir = await layout();
    execFileSync("zip", ["-q", "-r", "-P", "253874", "../enc.zip", "news"], { cwd: join(dir, "src") });
    const zip = join(dir, "enc.zip");
    expect((await collect(read(zip, { password: "253874" }))).length).toBe(3);
    const out: string[] = [];
    let caught: unknown;
    try {
      for await (const doc of read(zip, { password: "wrong" })) out.push(doc.id);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as Error).message).toContain(zip);
    expect(out).toEqual([]);
    await expect(collect(read(zip))).rejects.toThrow(/password/);
  });

  it("AES-256 (written by zip.js's own writer: Debian's zip has no AES): right password reads, wrong one fails before output", async () => {
    const dir = await tempDir();
    const zip = join(dir, "aes.zip");
    const writer = new ZipWriter(new Uint8ArrayWriter(), { password: "253874", encryptionStrength: 3 });
    await writer.add("d/part.jsonl", new TextReader([line("p", "加密的"), line("q", "aes")].join("\n") + "\n"));
    writeFileSync(zip, await writer.close());
    expect((await collect(read(zip, { password: "253874" }))).map((d) => d.text)).toEqual(["加密的", "aes"]);
    const out: string[] = [];
    await expect(
      (async () => {
        for await (const doc of read(zip, { password: "nope" })) out.push(doc.id);
      })(),
    ).rejects.toThrow(zip);
    expect(out).toEqual([]);
  });

  it("Zip64 (Info-ZIP's zip -fz writes Zip64 records for every member): members read, ids keep member paths", async () => {
    const dir = await layout();
    execFileSync("zip", ["-q", "-fz", "-r", "../z64.zip", "news"], { cwd: join(dir, "src") });
    const zip = join(dir, "z64.zip");
    const bytes = readFileSync(zip);
    // the Zip64 end-of-central-directory record and its locator (APPNOTE 4.3.14, 4.3.15) are there
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    const docs = await collect(read(zip, { addFilePath: true }));
    expect(docs.map((d) => d.text.trim()).sort()).toEqual(["a plain text file", "second", "第一段"].sort());
    expect(docs.find((d) => d.text === "第一段")?.meta).toMatchObject({ file_path: zip, zip_member: "news/part1.jsonl" });
    expect(docs.find((d) => d.text.startsWith("a plain text file"))?.id).toMatch(new RegExp(`^${zip}/news/notes.txt`));
    // a member zip streamed from stdin (no size known up front: Zip64 sizes in its data descriptor)
    const streamed = join(dir, "stream64.zip");
    execFileSync("sh", ["-c", `zip -q -fz - - < news/part1.jsonl > ${streamed}`], { cwd: join(dir, "src") });
    const fromPipe = await collect(read(streamed, { format: "jsonl" }));
    expect(fromPipe.map((d) => [d.id, d.text])).toEqual([
      ["a", "第一段"],
      ["b", "second"],
    ]);
  });

  it("a member named ../x.jsonl only names the document", async () => {
    const dir = await tempDir();
    const zip = join(dir, "evil.zip");
    execFileSync("python3", [
      "-c",
      `import zipfile,sys\nwith zipfile.ZipFile(sys.argv[1],'w') as z: z.writestr('../x.jsonl', '${line("x", "escaped?")}\\n')`,
      zip,
    ]);
    const docs = await collect(read(zip));
    expect(docs.map((d) => d.text)).toEqual(["escaped?"]);
    expect(docs[0]!.id).toBe("x");
    const ids = await collect(read(zip, { idField: "nope" }));
    expect(ids[0]!.id).toBe(`${zip}/../x.jsonl:1`);
  });

  it("a truncated zip is an InputError naming it", async () => {
    const dir = await layout();
    execFileSync("zip", ["-q", "-r", "../a.zip", "news"], { cwd: join(dir, "src") });
    const whole = readFileSync(join(dir, "a.zip"));
    writeFileSync(join(dir, "cut.zip"), whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await collect(read(join(dir, "cut.zip"))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(join(dir, "cut.zip"));
  });

  it("a damaged member is an InputError naming it, stored (found by the CRC-32) or deflated, and a large member reads whole", async () => {
    const dir = await tempDir();
    const text = Array.from({ length: 20_000 }, (_, i) => line(`d${i}`, `document ${i} of a member larger than one read chunk`)).join("\n") + "\n";
    writeFileSync(join(dir, "big.jsonl"), text);
    for (const [name, level] of [
      ["stored.zip", "-0"],
      ["deflated.zip", "-6"],
    ] as const) {
      execFileSync("zip", ["-q", level, "-j", join(dir, name), join(dir, "big.jsonl")]);
      const docs = await collect(read(join(dir, name)));
      expect(docs.length).toBe(20_000);
      expect(docs[19_999]!.id).toBe("d19999");
      const bytes = readFileSync(join(dir, name));
      // a byte inside the member's data changed: stored, a letter's case (the JSON stays valid, only the CRC-32 tells)
      const at = level === "-0" ? bytes.indexOf("document", Math.floor(bytes.length / 3)) : Math.floor(bytes.length / 3);
      bytes[at] = bytes[at]! ^ 0x20;
      writeFileSync(join(dir, `bad-${name}`), bytes);
      const error = await collect(read(join(dir, `bad-${name}`))).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain(`bad-${name}/big.jsonl`);
      expect((error as Error).message).toMatch(
        level === "-0" ? /corrupt zip member: its CRC-32 is \d+, the archive says \d+/ : /corrupt zip member|invalid JSON/,
      );
    }
  });

  it("Parquet members: stored ones read in place, deflated and encrypted ones from a temporary copy that is removed", async () => {
    const dir = await tempDir();
    mkdirSync(join(dir, "src/data"), { recursive: true });
    const texts = Array.from({ length: 300 }, (_, i) => `parquet row ${i} ${"词".repeat(i % 17)}`);
    writeFileSync(
      join(dir, "src/data/part-0.parquet"),
      Buffer.from(parquetWriteBuffer({ columnData: [{ name: "text", data: texts, type: "STRING" }], rowGroupSize: 128 })),
    );
    const spills = () => readdirSync(tmpdir()).filter((f) => f.startsWith("corpuskit-parquet-")).length;
    const before = spills();
    for (const [name, args] of [
      ["stored.zip", ["-0"]],
      ["deflated.zip", ["-9"]],
      ["encrypted.zip", ["-P", "253874"]],
    ] as const) {
      execFileSync("zip", ["-q", "-r", ...args, `../${name}`, "data"], { cwd: join(dir, "src") });
      const docs: Doc[] = [];
      for await (const doc of read(join(dir, name), { password: "253874" })) {
        // while the member is read: a temporary copy only when it is not stored
        if (docs.length === 0) expect(spills(), name).toBe(before + (name === "stored.zip" ? 0 : 1));
        docs.push(doc);
      }
      expect(
        docs.map((d) => d.text),
        name,
      ).toEqual(texts);
      expect(docs[299]!.id).toBe(`${join(dir, name)}/data/part-0.parquet:300`);
    }
    expect(spills()).toBe(before);
    // a damaged Parquet footer in a stored member: the error names the member
    const bytes = readFileSync(join(dir, "stored.zip"));
    const footer = bytes.lastIndexOf(Buffer.from("PAR1"));
    bytes[footer - 5] = bytes[footer - 5]! ^ 0xff; // the footer's length: the metadata no longer parses
    writeFileSync(join(dir, "bad.zip"), bytes);
    await expect(collect(read(join(dir, "bad.zip")))).rejects.toThrow(/bad\.zip\/data\/part-0\.parquet: not a readable parquet file/);
  });

  it("a zip bomb is stopped by maxExpansion, and maxDecompressedBytes holds per archive", async () => {
    const dir = await tempDir();
    const big = join(dir, "bomb.jsonl");
    writeFileSync(big, `${line("z", "a".repeat(1000))}\n`.repeat(72_000)); // ~72 MB, deflates >100x
    execFileSync("zip", ["-q", "-j", join(dir, "bomb.zip"), big]);
    await expect(collect(read(join(dir, "bomb.zip")))).rejects.toThrow(/maxExpansion/);
    await expect(collect(read(join(dir, "bomb.zip"), { maxDecompressedBytes: 1_000_000 }))).rejects.toThrow(/maxDecompressedBytes/);
  }, 120_000);
});
