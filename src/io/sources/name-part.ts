// Formats and codecs are told by the name's suffix; for a URL the name ends before its query and
// fragment, or a signed URL (`...data.jsonl.gz?X-Amz-Signature=...`) would be an unknown format.

/** Whether `location` starts with a URL scheme (`https://`, `s3://`...) rather than being a path. */
export function hasUrlScheme(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

/** The part of a path or URL whose suffix names the format: a URL without `?query` and `#fragment`. */
export function namePart(location: string): string {
  if (!hasUrlScheme(location)) return location;
  const end = location.search(/[?#]/);
  return end < 0 ? location : location.slice(0, end);
}
