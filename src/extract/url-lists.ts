// Block and allow lists for the URL filter, read from files a user points at. The lists met in the
// wild come in three shapes, all read by one parser:
// - one domain (or URL) a line, `#` comments: the UT1 blacklists of Université Toulouse 1 Capitole
//   (dsi.ut-capitole.fr/blacklists, `<category>/domains` and `<category>/urls`), which datatrove's
//   URLFilter bundles;
// - hosts files ("0.0.0.0 ads.example.com", several names a line allowed, trailing comments):
//   StevenBlack/hosts and most DNS blockers;
// - either of those gzip-compressed (recognised by the gzip magic bytes, whatever the file name).
import { createReadStream, existsSync, openSync, readSync, closeSync } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { ConfigError } from "../errors.js";

/** Names a hosts file maps to itself; never meant as blocked sites. */
const HOSTS_SELF = new Set([
  "localhost",
  "localhost.localdomain",
  "local",
  "broadcasthost",
  "ip6-localhost",
  "ip6-loopback",
  "ip6-localnet",
  "ip6-mcastprefix",
  "ip6-allnodes",
  "ip6-allrouters",
  "ip6-allhosts",
  "0.0.0.0",
]);

const IP_LIKE = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;

/** Fail before any document is read when a list file is missing (a typo in a config). */
export function checkListFiles(files: readonly string[], option: string, step: string): void {
  for (const file of files) {
    if (!existsSync(file)) throw new ConfigError(step, `${option}: no such file: ${file}`);
  }
}

/**
 * The entries of one line of a list: nothing for blank and comment lines, the names after the
 * address for a hosts line, else the line itself. Domains are lowercased and lose a trailing dot
 * (DNS's root); URLs are kept as written.
 */
export function listLineEntries(line: string, kind: "domain" | "url"): string[] {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed[0] === "#") return [];
  if (kind === "url") return [trimmed];
  const hash = trimmed.indexOf("#");
  const fields = (hash >= 0 ? trimmed.slice(0, hash) : trimmed).split(/\s+/).filter((f) => f !== "");
  const names = fields.length > 1 && IP_LIKE.test(fields[0]!) ? fields.slice(1) : fields.slice(0, 1);
  const out: string[] = [];
  for (const name of names) {
    const domain = name.toLowerCase().replace(/\.$/, "");
    if (domain !== "" && !HOSTS_SELF.has(domain)) out.push(domain);
  }
  return out;
}

/** Add every entry of the files to `into`, streaming (UT1's adult list has millions of lines). */
export async function loadListFiles(files: readonly string[], kind: "domain" | "url", into: Set<string>): Promise<void> {
  for (const file of files) {
    try {
      const lines = createInterface({ input: openMaybeGzip(file), crlfDelay: Infinity });
      for await (const line of lines) for (const entry of listLineEntries(line, kind)) into.add(entry);
    } catch (error) {
      throw new ConfigError("url_filter", `cannot read the list ${file}: ${(error as Error).message}`);
    }
  }
}

// --- internal ---

function openMaybeGzip(file: string): Readable {
  const head = Buffer.alloc(2);
  const fd = openSync(file, "r");
  let got: number;
  try {
    got = readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  const stream = createReadStream(file);
  if (got !== 2 || head[0] !== 0x1f || head[1] !== 0x8b) return stream;
  const gunzip = createGunzip();
  // pipe() does not pass a read error on: without this the gunzip side would wait forever
  stream.on("error", (error) => gunzip.destroy(error));
  return stream.pipe(gunzip);
}
