// A location is a local path or a URL (`https://`, `s3://`...). Errors, logs and progress show it,
// so this file, at the bottom of the import graph beside errors.ts, also says how to show it safely.
import { join, relative } from "node:path";

/** Whether `location` starts with a URL scheme (`https://`, `s3://`...) rather than being a path. */
export function hasUrlScheme(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

// Signed URLs (S3's X-Amz-Signature, Azure's sig, GCS's X-Goog-Signature) and URLs with a user and
// password carry their credentials in the address itself, and an error message ends up in Slurm logs
// and bug reports. Those parts are masked; the host and path, which say where, stay.
const SECRET_PARAM = /(token|sig|signature|credential|secret|password|passwd|key|auth)/i;

/** A URL with its user:password and credential-like query values replaced by `***`; other strings unchanged. */
export function redactUrl(value: string): string {
  if (!hasUrlScheme(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  let changed = false;
  if (url.username || url.password) {
    url.username = "***";
    url.password = "";
    changed = true;
  }
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) {
      url.searchParams.set(name, "***");
      changed = true;
    }
  }
  return changed ? url.toString() : value;
}

/**
 * `base` and `parts` joined with "/" whether `base` is a path or a URL: node's path.join would fold
 * the "//" of `s3://bucket` into one slash.
 */
export function joinLocation(base: string, ...parts: string[]): string {
  if (!hasUrlScheme(base)) return join(base, ...parts);
  let out = base;
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    out = `${out.replace(/\/+$/, "")}/${part.replace(/^\/+/, "")}`;
  }
  return out;
}

/** `location` relative to `base` (both paths, or both URLs under the same prefix). */
export function relativeLocation(base: string, location: string): string {
  if (!hasUrlScheme(base)) return relative(base, location);
  const prefix = `${base.replace(/\/+$/, "")}/`;
  return location.startsWith(prefix) ? location.slice(prefix.length) : location;
}
