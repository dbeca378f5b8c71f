// Shard path templates as dataset cards write them: `en/c4-train.{00000..01023}-of-01024.json.gz`
// expands to 1024 paths, zero-padded to the width written. Several ranges multiply out, left first.
import { ConfigError } from "../errors.js";

const RANGE = /\{(\d+)\.\.(\d+)\}/;

export function expandTemplate(template: string): string[] {
  const match = RANGE.exec(template);
  if (!match) return [template];
  const [whole, from, to] = match as unknown as [string, string, string];
  const start = Number(from);
  const end = Number(to);
  if (end < start) throw new ConfigError("shard template", `range {${from}..${to}} in "${template}" runs backwards`);
  if (end - start > 1_000_000) throw new ConfigError("shard template", `range {${from}..${to}} in "${template}" is too large`);
  const width = from.length === to.length ? from.length : 0;
  const out: string[] = [];
  for (let i = start; i <= end; i++) {
    const head = template.slice(0, match.index) + String(i).padStart(width, "0");
    for (const rest of expandTemplate(template.slice(match.index + whole.length))) out.push(head + rest);
  }
  return out;
}

/**
 * A path from a catalog entry or a remote listing must stay below its base: no `..` segment, no
 * absolute path, no scheme, no backslash -- a hostile entry cannot point a reader elsewhere.
 */
export function assertRelativePath(path: string, where: string): void {
  const bad =
    path.startsWith("/") ||
    path.includes("\\") ||
    /^[a-z][a-z0-9+.-]*:/i.test(path) ||
    path.split("/").some((segment) => segment === ".." || segment === ".") ||
    path.includes("\0");
  if (bad) throw new ConfigError(where, `refusing the path "${path}": file paths must be relative and stay below the base URL`);
}
