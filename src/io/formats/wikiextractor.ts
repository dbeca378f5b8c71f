// wikiextractor's output (Attardi's WikiExtractor, the layout of nlp_chinese_corpus's wiki2019zh and
// most Wikipedia text dumps): files named `wiki_00`, `wiki_01`... with no extension, holding blocks
//   <doc id="13" url="https://zh.wikipedia.org/wiki?curid=13" title="数学">
//   数学
//   ...
//   </doc>
// One document per block; its attributes go to meta, `id` is the document id.
import type { Doc } from "../../doc.js";
import { makeDoc } from "../../doc.js";
import { InputError } from "../../errors.js";
import { decodeHTML } from "entities";
import { utf8Lines } from "../lines.js";
import type { FileReadContext } from "../reader.js";
import type { ReaderConfig } from "../reader-options.js";

const OPEN = /^<doc\s+(.*?)>\s*$/;
const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g;

export async function* wikiextractorDocs(fc: FileReadContext, chunks: AsyncIterable<Buffer>, options: ReaderConfig): AsyncIterable<Doc> {
  const { file, ctx } = fc;
  let attributes: Record<string, string> | undefined;
  let body: string[] = [];
  let chars = 0;
  let startLine = 0;
  for await (const batch of utf8Lines(chunks, ctx.stats, options.maxRecordBytes)) {
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.lines[i]!;
      const lineNo = batch.firstLine + i;
      if (attributes === undefined) {
        const open = OPEN.exec(line);
        if (open) {
          attributes = {};
          // wikiextractor escapes the attribute values it writes (&quot;, &amp;)
          for (const m of open[1]!.matchAll(ATTRIBUTE)) attributes[m[1]!] = decodeHTML(m[2]!);
          body = [];
          chars = 0;
          startLine = lineNo;
        } else if (line.trim().length > 0) {
          await fc.bad(new InputError({ file, line: lineNo }, `text outside a <doc ...> block: expected "<doc id=... url=... title=...>"`), line);
        }
        continue;
      }
      if (line.startsWith("</doc>")) {
        const { id, ...meta } = attributes;
        attributes = undefined;
        const text = body.join("\n").trim();
        if (text.length === 0) ctx.stats.add("skipped_empty_text");
        else yield makeDoc(id && id.length > 0 ? id : `${file}:${startLine}`, text, meta);
        continue;
      }
      chars += line.length + 1;
      if (chars > options.maxRecordBytes) {
        await fc.bad(
          new InputError({ file, line: startLine }, `document longer than maxRecordBytes (${options.maxRecordBytes})`),
          body.join("\n").slice(0, 1024),
        );
        attributes = undefined;
        continue;
      }
      body.push(line);
    }
  }
  if (attributes !== undefined) throw new InputError({ file, line: startLine }, "the file ends inside a <doc> block (no </doc>): it is cut short");
}
