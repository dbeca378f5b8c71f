// What every byte-level decoder ends with (our tiktoken engine, the trained BPE): each token's bytes
// in order, then one UTF-8 decode of the whole, since a character may span tokens.
// ignoreBOM: a text that starts with U+FEFF keeps it (TextDecoder drops a leading one by default).
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** The text of `ids`, from each id's bytes; `unknown(id)` is the error for an id with none. */
export function decodeTokenBytes(ids: Iterable<number>, bytesOf: (id: number) => Uint8Array | undefined, unknown: (id: number) => Error): string {
  const parts: Uint8Array[] = [];
  let length = 0;
  for (const id of ids) {
    const bytes = bytesOf(id);
    if (bytes === undefined) throw unknown(id);
    parts.push(bytes);
    length += bytes.length;
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return decoder.decode(all);
}
