// The package's root folder and version, for the CLI (read from its own package.json).
export { packageRoot, packageVersion } from "../runtime/package-root.js";
