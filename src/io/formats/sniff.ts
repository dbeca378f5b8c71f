// What a file holds, from its first bytes, where the name lies: nlp_chinese_corpus's `.json` files
// are JSON Lines, WuDao's `part-*.json` are one JSON array each, and wikiextractor output (`wiki_00`)
// has no extension at all and holds `<doc id=... url=... title=...>` blocks (or JSON Lines with --json).

export type JsonShape = "array" | "lines" | "wikiextractor" | "empty" | "unknown";

/** The stream's first bytes (at least `want`, or all of a shorter stream) and the same stream, unconsumed. */
export async function peek(chunks: AsyncIterable<Buffer>, want = 64): Promise<{ head: Buffer; chunks: AsyncIterable<Buffer> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let bytes = 0;
  let done = false;
  while (bytes < want) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    bytes += next.value.length;
  }
  async function* replay(): AsyncIterable<Buffer> {
    try {
      yield* seen;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  return { head: Buffer.concat(seen), chunks: replay() };
}

/** The shape of a JSON-ish file from its first bytes: a UTF-8 BOM and leading whitespace are skipped. */
export function jsonShape(head: Buffer): JsonShape {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (i === head.length) return "empty";
  const c = head[i];
  if (c === 0x5b) return "array";
  if (c === 0x7b) return "lines";
  if (head.subarray(i, i + 5).toString("latin1") === "<doc ") return "wikiextractor";
  return "unknown";
}
