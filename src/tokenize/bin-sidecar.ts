// The JSON beside a nanoGPT-style .bin. nanoGPT's prepare.py writes bare numpy uint16 and leaves the
// type to the reader's memory (np.memmap(path, dtype=np.uint16)); the sidecar says it, with what
// made the tokens, so a file can be read without knowing how it was written:
//   { "format": "bin", "dtype": "uint16", "byteorder": "little", "tokenizer": "cl100k_base" | null,
//     "eos": 100257 | null, "documents": 8, "tokens": 5120, "offsets": [0, 812, ..., 5120] }
// `offsets` (only when asked for) holds the token offset where each document starts, then the total,
// so document i is tokens[offsets[i]:offsets[i + 1]].
import { BufferedFile } from "./buffered-file.js";
import type { TokenDtype } from "./token-dtype.js";

export interface BinSidecar {
  dtype: TokenDtype;
  tokenizer: string | undefined;
  eos: number | undefined;
  documents: number;
  tokens: number;
}

/** Write the sidecar to `path`; with `lengths` (tokens per document), the offsets too. */
export async function writeBinSidecar(path: string, info: BinSidecar, lengths: Int32Array | undefined): Promise<void> {
  const head = {
    format: "bin",
    dtype: info.dtype,
    byteorder: "little",
    tokenizer: info.tokenizer ?? null,
    eos: info.eos ?? null,
    documents: info.documents,
    tokens: info.tokens,
  };
  const encoder = new TextEncoder();
  const file = await BufferedFile.create(path);
  try {
    const json = JSON.stringify(head, null, 2);
    if (!lengths) {
      await file.writeBytes(encoder.encode(`${json}\n`));
    } else {
      // written in slices: a million documents would otherwise be one string of several megabytes
      await file.writeBytes(encoder.encode(`${json.slice(0, -2)},\n  "offsets": [0`));
      let offset = 0;
      for (let start = 0; start < lengths.length; start += 65_536) {
        let text = "";
        for (const length of lengths.subarray(start, start + 65_536)) {
          offset += length;
          text += `,${offset}`;
        }
        await file.writeBytes(encoder.encode(text));
      }
      await file.writeBytes(encoder.encode("]\n}\n"));
    }
    await file.close();
  } catch (error) {
    await file.discard();
    throw error;
  }
}
