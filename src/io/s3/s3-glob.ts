// Globs over an S3 listing: the listing is asked only for the literal prefix before the first
// wildcard, and the keys are matched here with the rules tinyglobby applies to local paths
// (`*` and `?` stay inside one "/" segment, `**` crosses them, `[...]` and `{a,b}`, no dot-files).
import { InputError } from "../../errors.js";
import { parseS3, s3Url } from "./s3-client.js";
import { s3List } from "./s3-read.js";

const WILDCARD = /[*?[{]/;

export function isS3Glob(location: string): boolean {
  return WILDCARD.test(parseS3(location).key);
}

/** The objects matching an s3:// glob, or the objects under an s3:// "folder", or the one object. */
export async function expandS3(location: string, accept?: (file: string) => boolean): Promise<string[]> {
  const { bucket, key } = parseS3(location);
  const star = key.search(WILDCARD);
  if (star >= 0) {
    const literal = key.slice(0, key.lastIndexOf("/", star) + 1);
    const pattern = globRegExp(key);
    const listing = await s3List(s3Url(bucket, literal));
    const found = listing.objects
      .map((o) => o.location.slice(`s3://${bucket}/`.length))
      .filter(
        (k) =>
          pattern.test(k) &&
          !k
            .slice(literal.length)
            .split("/")
            .some((part) => part.startsWith(".")),
      )
      .map((k) => s3Url(bucket, k));
    if (found.length === 0) throw new InputError({ file: location }, "no objects match this pattern");
    return found;
  }
  const listing = await s3List(location);
  if (listing.objects.some((o) => o.location === location)) return [location];
  const folder = key === "" || key.endsWith("/") ? location : `${location}/`;
  const inside = listing.objects
    .map((o) => o.location)
    .filter(
      (l) =>
        l.startsWith(folder) &&
        !l
          .slice(folder.length)
          .split("/")
          .some((part) => part.startsWith(".")),
    )
    .filter((l) => accept?.(l) ?? true);
  if (inside.length === 0) {
    const any = listing.objects.some((o) => o.location.startsWith(folder));
    throw new InputError({ file: location }, any ? "folder has no objects in a readable format" : "no such object or folder");
  }
  return inside;
}

/** A glob as a regular expression over whole keys. */
export function globRegExp(glob: string): RegExp {
  let out = "";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        i++;
        if (glob[i + 1] === "/") {
          i++;
          out += "(?:(?!\\.)[^/]*/)*";
        } else out += "(?:(?!\\.)[^/]*(?:/(?!\\.)[^/]*)*)?";
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0) out += "\\[";
      else {
        const body = glob
          .slice(i + 1, close)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        out += `[${body}]`;
        i = close;
      }
    } else if (c === "{") {
      braces++;
      out += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      out += ")";
    } else if (c === "," && braces > 0) out += "|";
    else out += c.replace(/[.+^$()|\\\]}]/g, "\\$&");
  }
  // no dot-files, as tinyglobby's `dot: false`: a segment a wildcard matched may not start with "."
  return new RegExp(`^${out}$`);
}
