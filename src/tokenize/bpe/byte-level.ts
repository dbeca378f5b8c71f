// GPT-2's byte-level alphabet: every byte stands for one printable character, so a token is a plain
// string without spaces or control characters. The map is bytes_to_unicode() in openai/gpt-2
// src/encoder.py, which Hugging Face's ByteLevel pre-tokenizer and decoder use too: the printable
// bytes ! to ~, ¡ to ¬ and ® to ÿ stand for themselves, the other 68 bytes (controls, space, NBSP,
// soft hyphen) for U+0100 upwards in byte order ("Ġ" is the space).
//
// Token ids 0..255 are the 256 characters in code-point order. That is the order of GPT-2's
// encoder.json, of tiktoken's single-byte ranks, and of Hugging Face's BpeTrainer (which numbers its
// alphabet by code point), so the first 256 ids mean the same bytes in all of them.

/** byte -> its character. */
export const BYTE_CHAR: readonly string[] = byteChars();
/** byte -> token id. */
export const BYTE_ID: Uint8Array = byteIds();
/** token id (0..255) -> byte. */
export const ID_BYTE: Uint8Array = idBytes();
/** character -> byte, for decoding. */
export const CHAR_BYTE: ReadonlyMap<string, number> = new Map(BYTE_CHAR.map((c, b) => [c, b]));

function printable(b: number): boolean {
  return (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
}

function byteChars(): string[] {
  const chars: string[] = [];
  let next = 0x100;
  for (let b = 0; b < 256; b++) chars.push(String.fromCharCode(printable(b) ? b : next++));
  return chars;
}

function byteIds(): Uint8Array {
  const order = Array.from({ length: 256 }, (_, b) => b).sort((x, y) => BYTE_CHAR[x]!.charCodeAt(0) - BYTE_CHAR[y]!.charCodeAt(0));
  const ids = new Uint8Array(256);
  order.forEach((b, id) => (ids[b] = id));
  return ids;
}

function idBytes(): Uint8Array {
  const bytes = new Uint8Array(256);
  BYTE_ID.forEach((id, b) => (bytes[id] = b));
  return bytes;
}

/** The byte-level string of some bytes: what tokenizer.json's vocab and merges hold. */
export function byteLevelString(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += BYTE_CHAR[b];
  return s;
}
