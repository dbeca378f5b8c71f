// Formats and codecs are told by the name's suffix; for a URL the name ends before its query and
// fragment, or a signed URL (`...data.jsonl.gz?X-Amz-Signature=...`) would be an unknown format.
import { hasUrlScheme } from "../../locations.js";

/** The part of a path or URL whose suffix names the format: a URL without `?query` and `#fragment`. */
export function namePart(location: string): string {
  if (!hasUrlScheme(location)) return location;
  const end = location.search(/[?#]/);
  return end < 0 ? location : location.slice(0, end);
}
