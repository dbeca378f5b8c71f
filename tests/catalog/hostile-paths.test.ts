// Shard names a catalog entry (or a mirror's layout) could carry to point a reader elsewhere:
// `..` segments, absolute paths, other hosts, and the encodings of those the URL parser undoes
// (%2e%2e, a tab or newline inside a segment). Each must be refused before any request is made;
// an ordinary entry must still reach its files below the base, and nothing else on the server.
import { mkdir, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { ConfigError, openDataset, resolveFiles } from "../../src/index.js";
import { withHub } from "../hub-server.js";
import { collect, FIXTURES } from "../support.js";

// Crafted entries, added to the real catalog as if catalog/*.json held them.
vi.mock("../../src/catalog/entries.generated.js", async (importOriginal) => {
  const original = await importOriginal<{ CATALOG_ENTRIES: Record<string, unknown>[] }>();
  const c4 = original.CATALOG_ENTRIES.find((e) => e.id === "c4")!;
  const PATHS: Record<string, string> = {
    "hostile-dotdot": "../../other/secret.jsonl.gz",
    "hostile-dotdot-template": "data/{00..01}/../../../secret.jsonl.gz",
    "hostile-absolute": "/etc/passwd",
    "hostile-protocol-relative": "//evil.example/x.jsonl.gz",
    "hostile-url": "https://evil.example/x.jsonl.gz",
    "hostile-file-url": "file:///etc/passwd",
    "hostile-backslash": "data\\..\\..\\secret.jsonl.gz",
    "hostile-encoded": "%2e%2e/%2e%2e/secret.jsonl.gz",
    "hostile-mixed-encoded": ".%2E/secret.jsonl.gz",
    "hostile-newline": ".\n./.\t./secret.jsonl.gz",
    "hostile-nul": "data/x\u0000.jsonl.gz",
    "plain-constructor": "data/constructor",
  };
  const crafted = Object.entries(PATHS).map(([id, path]) => ({
    ...c4,
    id,
    name: id,
    aliases: [],
    hub: [],
    download: {
      baseUrl: "https://huggingface.co/datasets/test/hostile/resolve/main/",
      // a checksum published for "constructor": looked up as an own key, never Object.prototype's
      files: [{ format: "jsonl", compression: "gzip", path, ...(id === "plain-constructor" ? { sha256: { other: "0".repeat(64) } } : {}) }],
    },
  }));
  return { CATALOG_ENTRIES: [...original.CATALOG_ENTRIES, ...crafted] };
});

const BASE = "/datasets/test/hostile/resolve/main/";

const fixture = withHub(async (root) => {
  await mkdir(join(root, BASE, "data"), { recursive: true });
  await mkdir(join(root, "datasets/test/other"), { recursive: true });
  await writeFile(join(root, BASE, "data/constructor"), readFileSync(`${FIXTURES}/udhr.jsonl.gz`));
  // what the hostile names reach for: served, so a request that got out would succeed
  await writeFile(join(root, "datasets/test/secret.jsonl.gz"), readFileSync(`${FIXTURES}/udhr.jsonl.gz`));
  await writeFile(join(root, "datasets/test/other/secret.jsonl.gz"), readFileSync(`${FIXTURES}/udhr.jsonl.gz`));
});
const hub = { get log() { return fixture.hub.log; }, get url() { return fixture.url; } };

const HOSTILE = [
  "hostile-dotdot",
  "hostile-dotdot-template",
  "hostile-absolute",
  "hostile-protocol-relative",
  "hostile-url",
  "hostile-file-url",
  "hostile-backslash",
  "hostile-encoded",
  "hostile-mixed-encoded",
  "hostile-newline",
  "hostile-nul",
];

describe("shard paths from a catalog entry", () => {
  for (const id of HOSTILE) {
    it(`${id}: refused with a ConfigError before any request`, async () => {
      const before = hub.log.length;
      const baseUrl = `${hub.url}${BASE}`;
      expect(() => resolveFiles(id, { baseUrl })).toThrow(ConfigError);
      expect(() => resolveFiles(id, { baseUrl })).toThrow(/refusing/);
      expect(() => resolveFiles(id)).toThrow(ConfigError);
      await expect(async () => collect(openDataset(id, { baseUrl }))).rejects.toThrow(ConfigError);
      expect(hub.log.length).toBe(before);
    });
  }

  it("an ordinary entry reads its files below the base, and requests nothing else", async () => {
    const before = hub.log.length;
    const docs = await collect(openDataset("plain-constructor", { baseUrl: `${hub.url}${BASE}`, http: { backoffMs: 5 } }));
    expect(docs).toHaveLength(8);
    const requested = hub.log.slice(before).map((l) => l.path);
    expect(requested).toEqual([`${BASE}data/constructor`]);
  });

  it("a baseUrl that is a path names a local copy: its files stay below that folder", () => {
    const { urls } = resolveFiles("c4", { subset: "en", split: "validation", baseUrl: "/srv/copies/c4" });
    expect(urls[0]).toBe("file:///srv/copies/c4/en/c4-validation.00000-of-00008.json.gz");
    expect(() => resolveFiles("hostile-dotdot", { baseUrl: "/srv/copies/c4" })).toThrow(/refusing/);
  });
});
