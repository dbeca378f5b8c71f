// The reference models shipped in the package (models/, built by scripts/train-reference-models.ts):
// a 5-gram per language over words.ts tokens of CCNet-normalized text, and the cut-off table
// computed with it on a web sample. See models/README.md for the sources and licenses.
import { existsSync } from "node:fs";
import { packageFile } from "../runtime/package-root.js";
import { loadCutoffs, type CutoffTable } from "./cutoffs.js";

export const BUNDLED_LANGUAGES = ["en", "zh"] as const;

export function bundledModelPath(language: string): string | undefined {
  if (!(BUNDLED_LANGUAGES as readonly string[]).includes(language)) return undefined;
  const path = packageFile("models", `${language}.arpa.gz`);
  return existsSync(path) ? path : undefined;
}

export function bundledCutoffs(language: string): CutoffTable | undefined {
  if (!(BUNDLED_LANGUAGES as readonly string[]).includes(language)) return undefined;
  const path = packageFile("models", `${language}.cutoffs.json`);
  return existsSync(path) ? loadCutoffs(path).find((t) => t.language === language) : undefined;
}
