// The byte-level alphabet: GPT-2's map, and ids 0..255 that mean the same bytes as tiktoken's
// cl100k_base single-byte ranks and Hugging Face's ByteLevel alphabet.
import { byteLevelAlphabet } from "@anush008/tokenizers";
import { get_encoding } from "tiktoken";
import { describe, expect, it } from "vitest";
import { BYTE_CHAR, BYTE_ID, CHAR_BYTE, ID_BYTE, byteLevelString } from "../../../src/tokenize/bpe/byte-level.js";

describe("byte-level alphabet", () => {
  it("is GPT-2's: printable bytes stand for themselves, space is Ġ, newline Ċ", () => {
    expect(new Set(BYTE_CHAR).size).toBe(256);
    expect(BYTE_CHAR[0x41]).toBe("A");
    expect(BYTE_CHAR[0x20]).toBe("Ġ");
    expect(BYTE_CHAR[0x0a]).toBe("Ċ");
    expect(BYTE_CHAR[0xad]).toBe("Ń"); // the soft hyphen is the last remapped byte
    expect(byteLevelString(new TextEncoder().encode(" héllo"))).toBe("ĠhÃ©llo");
    for (let b = 0; b < 256; b++) expect(CHAR_BYTE.get(BYTE_CHAR[b]!)).toBe(b);
  });

  it("is Hugging Face's ByteLevel alphabet", () => {
    expect([...byteLevelAlphabet()].sort()).toEqual([...BYTE_CHAR].sort());
  });

  it("numbers the bytes as tiktoken's cl100k_base does", () => {
    const enc = get_encoding("cl100k_base");
    try {
      for (let b = 0; b < 256; b++) {
        expect(enc.encode_single_token(Uint8Array.of(b))).toBe(BYTE_ID[b]);
        expect(ID_BYTE[BYTE_ID[b]!]).toBe(b);
      }
    } finally {
      enc.free();
    }
  });
});
