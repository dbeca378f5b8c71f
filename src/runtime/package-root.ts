// The package's own files (bundled models, the sample corpus), found from this module's location:
// the sources (src/...), the ESM build (dist/...) and the CommonJS build sit at different depths,
// so walk up to the nearest package.json named corpuskit instead of counting "..".
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "corpuskit") return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`corpuskit: cannot find the package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** A file shipped in the package, e.g. packageFile("models", "en.arpa.gz"). */
export function packageFile(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** The package's version, read from its own package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { version: string };
  return pkg.version;
}
