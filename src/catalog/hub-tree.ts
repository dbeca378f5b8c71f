// The files of a Hugging Face dataset repository, from the hub's tree API instead of shard counts
// written into the catalog (they go stale when a repo is re-sharded):
//   GET {origin}/api/datasets/{repo}/tree/{revision}/{dir}?recursive=true
// answers a JSON list of {type, path, size, oid, lfs?: {oid, size}} and pages with a
// `Link: <...>; rel="next"` header (huggingface_hub's HfApi.list_repo_tree follows the same header).
// An LFS entry's `lfs.oid` is the file's sha256, checked when it is downloaded. Listings are cached
// for the life of the process: a run lists each folder once, however many tasks open it.
import { ConfigError, NetworkError } from "../errors.js";
import { assertRelativePath } from "./shard-template.js";

export interface HubFile {
  path: string;
  size: number;
  /** sha256 of the content, for LFS files. */
  sha256?: string;
}

/** `https://host/datasets/{owner/name}/resolve/{revision}/` -> its parts; undefined for another URL. */
export function hubLocation(base: URL): { origin: string; repo: string; revision: string; prefix: string } | undefined {
  const m = /^\/datasets\/([^/]+(?:\/[^/]+)?)\/resolve\/([^/]+)\/(.*)$/.exec(base.pathname);
  if (!m) return undefined;
  return { origin: base.origin, repo: decodeURIComponent(m[1]!), revision: decodeURIComponent(m[2]!), prefix: decodeURIComponent(m[3]!) };
}

const cache = new Map<string, Promise<HubFile[]>>();

/** Every file under `dir` (recursively) at `revision`, paths relative to the repo root. */
export function hubTree(origin: string, repo: string, revision: string, dir: string, token?: string, signal?: AbortSignal): Promise<HubFile[]> {
  const url = `${origin}/api/datasets/${repo}/tree/${encodeURIComponent(revision)}${dir ? `/${dir.split("/").map(encodeURIComponent).join("/")}` : ""}?recursive=true`;
  let listing = cache.get(url);
  if (!listing) {
    listing = listAll(url, origin, token, signal);
    cache.set(url, listing);
    // a failed listing is not kept: the next call tries again
    listing.catch(() => cache.delete(url));
  }
  return listing;
}

async function listAll(first: string, origin: string, token: string | undefined, signal: AbortSignal | undefined): Promise<HubFile[]> {
  const files: HubFile[] = [];
  let url: string | undefined = first;
  for (let page = 0; url; page++) {
    if (page > 100_000) throw new NetworkError(first, "the listing does not end (more than 100,000 pages)", { attempts: 1 });
    let response: Response;
    try {
      response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, ...(signal ? { signal } : {}) });
    } catch (error) {
      throw new NetworkError(url, `cannot list the repository: ${(error as Error).message}`, { attempts: 1 }, { cause: error });
    }
    if (!response.ok) {
      await response.body?.cancel();
      const why = response.status === 401 || response.status === 403 ? "access denied (a gated dataset: accept its terms and pass a token)" : `HTTP ${response.status}`;
      throw new NetworkError(url, `cannot list the repository: ${why}`, { status: response.status, attempts: 1 });
    }
    const body = (await response.json()) as unknown;
    if (!Array.isArray(body)) throw new NetworkError(url, "the tree API answered something other than a list", { attempts: 1 });
    for (const entry of body as { type?: string; path?: string; size?: number; lfs?: { oid?: string } }[]) {
      if (entry?.type !== "file" || typeof entry.path !== "string") continue;
      assertRelativePath(entry.path, `hub listing of ${first}`);
      const sha = entry.lfs?.oid;
      files.push({ path: entry.path, size: Number(entry.size ?? 0), ...(typeof sha === "string" && /^[0-9a-f]{64}$/.test(sha) ? { sha256: sha } : {}) });
    }
    url = nextLink(response.headers.get("link"), origin);
  }
  return files;
}

/** The `rel="next"` target of a Link header, only on the same origin (a listing cannot send us elsewhere). */
function nextLink(header: string | null, origin: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (!m) continue;
    const next = new URL(m[1]!, origin);
    if (next.origin !== origin) throw new ConfigError("hub listing", `refusing the next page ${next.origin}: it leaves ${origin}`);
    return next.href;
  }
  return undefined;
}

/** A glob (`*`, `?`, `**`, `{a,b}`) as a RegExp over `/`-separated paths. */
export function globRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      out += slash ? "(?:[^/]*/)*" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "{") {
      const end = glob.indexOf("}", i);
      if (end === -1) out += "\\{";
      else {
        out += `(?:${glob
          .slice(i + 1, end)
          .split(",")
          .map((a) => a.replace(/[.+^$()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*"))
          .join("|")})`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** The folder part of a glob before its first wildcard: where a listing must start. */
export function globBase(glob: string): string {
  const segments = glob.split("/");
  const fixed: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (/[*?{]/.test(s)) break;
    fixed.push(s);
  }
  return fixed.join("/");
}

export function isGlob(path: string): boolean {
  return /[*?]/.test(path) || /\{[^}]*,[^}]*\}/.test(path);
}
