// The package's version, read from its own package.json.
import { readFileSync } from "node:fs";
import { packageFile } from "../runtime/package-root.js";

export { packageRoot } from "../runtime/package-root.js";

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { version: string };
  return pkg.version;
}
