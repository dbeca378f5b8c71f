// Common Crawl in its real layout (commoncrawl.org/get-started): a crawl's `warc.paths.gz` and
// `wet.paths.gz` list its files, one path per line relative to the bucket's root, and the files sit
// under crawl-data/CC-MAIN-YYYY-WW/segments/<segment>/{warc,wet}/, each a gzip member per record.
// Built here, served from a directory and over HTTP, and read with openDataset through the listing.
import { createHash, randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError, openDataset, type Doc } from "../../src/index.js";
import { withHub } from "../hub-server.js";
import { collect, FIXTURES } from "../support.js";

const udhr = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { lang: string; text: string });
const EN = udhr.find((u) => u.lang === "en")!.text.split("\n\n");
const ZH = udhr.find((u) => u.lang === "zh")!.text.split("\n\n");

const CRAWL = "crawl-data/CC-MAIN-2019-09";
const SEGMENTS = ["1550247479101.30", "1550247479627.17"];
const fileName = (segment: string, kind: "warc" | "wet", n: number) =>
  `${CRAWL}/segments/${segment}/${kind}/CC-MAIN-20190215183319-20190215205319-0000${n}.warc${kind === "wet" ? ".wet" : ""}.gz`;

/** One WARC/1.0 record, gzipped on its own as Common Crawl writes them. */
function record(headers: Record<string, string>, body: Buffer): Buffer {
  const head = Object.entries({ ...headers, "Content-Length": String(body.length) })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("");
  return gzipSync(Buffer.concat([Buffer.from(`WARC/1.0\r\n${head}\r\n`), body, Buffer.from("\r\n\r\n")]));
}

const warcinfo = (name: string) =>
  record({ "WARC-Type": "warcinfo", "WARC-Date": "2019-02-24T01:02:03Z", "WARC-Filename": name, "WARC-Record-ID": `<urn:uuid:${randomUUID()}>`, "Content-Type": "application/warc-fields" }, Buffer.from("isPartOf: CC-MAIN-2019-09\r\n"));

interface Page {
  url: string;
  text: string;
  lang: string;
  id: string;
}

/** The pages of each (segment, file): English and Chinese UDHR paragraphs. */
const pages: Page[][] = [
  [EN[0]!, ZH[0]!],
  [EN[1]!],
  [ZH[1]!, EN[2]!, ZH[2]!],
].map((texts, f) => texts.map((text, i) => ({ url: `https://site${f}.example.org/${i}.html`, text, lang: /[\u4e00-\u9fff]/.test(text) ? "zho" : "eng", id: `<urn:uuid:${randomUUID()}>` })));
const placement = [
  [SEGMENTS[0]!, 0],
  [SEGMENTS[0]!, 1],
  [SEGMENTS[1]!, 0],
] as const;

function wetFile(name: string, list: Page[]): Buffer {
  const records = list.map((p) => {
    const body = Buffer.from(p.text);
    return record(
      {
        "WARC-Type": "conversion",
        "WARC-Target-URI": p.url,
        "WARC-Date": "2019-02-15T19:15:59Z",
        "WARC-Record-ID": p.id,
        "WARC-Refers-To": `<urn:uuid:${randomUUID()}>`,
        "WARC-Block-Digest": `sha1:${createHash("sha1").update(body).digest("base64")}`,
        "WARC-Identified-Content-Language": p.lang,
        "Content-Type": "text/plain",
      },
      body,
    );
  });
  return Buffer.concat([warcinfo(name), ...records]);
}

const html = (p: Page) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>UDHR</title></head><body><p>${p.text}</p></body></html>`;

function warcFile(name: string, list: Page[]): Buffer {
  const records = list.flatMap((p) => {
    const request = Buffer.from(`GET ${new URL(p.url).pathname} HTTP/1.1\r\nHost: ${new URL(p.url).host}\r\n\r\n`);
    const body = Buffer.from(html(p));
    const response = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
    const common = { "WARC-Target-URI": p.url, "WARC-Date": "2019-02-15T19:15:59Z" };
    return [
      record({ "WARC-Type": "request", ...common, "WARC-Record-ID": `<urn:uuid:${randomUUID()}>`, "Content-Type": "application/http; msgtype=request" }, request),
      record({ "WARC-Type": "response", ...common, "WARC-Record-ID": p.id, "Content-Type": "application/http; msgtype=response" }, response),
      record({ "WARC-Type": "metadata", ...common, "WARC-Record-ID": `<urn:uuid:${randomUUID()}>`, "Content-Type": "application/warc-fields" }, Buffer.from("fetchTimeMs: 120\r\n")),
    ];
  });
  return Buffer.concat([warcinfo(name), ...records]);
}

// the test server serves files under a hub-style path; a mirror of data.commoncrawl.org is any prefix
const MIRROR = "datasets/mirror/common-crawl/resolve/main";
const fixture = withHub(async (root) => {
  const put = async (path: string, bytes: Buffer) => {
    await mkdir(dirname(join(root, MIRROR, path)), { recursive: true });
    await writeFile(join(root, MIRROR, path), bytes);
  };
  const lists: Record<"warc" | "wet", string[]> = { warc: [], wet: [] };
  for (const [f, [segment, n]] of placement.entries()) {
    for (const kind of ["warc", "wet"] as const) {
      const path = fileName(segment, kind, n);
      lists[kind].push(path);
      await put(path, kind === "wet" ? wetFile(path.split("/").pop()!, pages[f]!) : warcFile(path.split("/").pop()!, pages[f]!));
    }
  }
  // the listings as Common Crawl publishes them: gzip, one path per line, in segment order
  for (const kind of ["warc", "wet"] as const) await put(`${CRAWL}/${kind}.paths.gz`, gzipSync(lists[kind].join("\n") + "\n"));
});

const all = () => pages.flat();

function checkWet(docs: Doc[]) {
  expect(docs.map((d) => [d.id, d.text])).toEqual(all().map((p) => [p.id, p.text]));
  expect(docs.map((d) => d.meta.url)).toEqual(all().map((p) => p.url));
  expect(docs.map((d) => d.meta.warc_language)).toEqual(all().map((p) => p.lang));
}

function checkWarc(docs: Doc[]) {
  // response records only (request, metadata and warcinfo are not documents), as their HTML body
  expect(docs.map((d) => d.id)).toEqual(all().map((p) => p.id));
  docs.forEach((d, i) => {
    expect(d.text).toContain(all()[i]!.text);
    expect(d.meta.url).toBe(all()[i]!.url);
  });
}

describe("openDataset common-crawl, in the crawl's distributed layout", () => {
  const where = { subset: "CC-MAIN-2019-09" };
  it("WET files listed by wet.paths.gz: from a local copy", async () => {
    checkWet(await collect(openDataset("common-crawl", { ...where, split: "wet", baseUrl: join(fixture.root, MIRROR) })));
  });
  it("WET files listed by wet.paths.gz: over HTTP", async () => {
    checkWet(await collect(openDataset("common-crawl", { ...where, split: "wet", baseUrl: `${fixture.url}/${MIRROR}/`, http: { backoffMs: 5 } })));
  });
  it("WARC files listed by warc.paths.gz: from a local copy and over HTTP", async () => {
    checkWarc(await collect(openDataset("common-crawl", { ...where, split: "warc", baseUrl: join(fixture.root, MIRROR) })));
    checkWarc(await collect(openDataset("common-crawl", { ...where, split: "warc", baseUrl: `${fixture.url}/${MIRROR}/`, http: { backoffMs: 5 } })));
  });
  it("shards pick files in the listing's order; the listing itself still reads as text", async () => {
    const docs = await collect(openDataset("common-crawl", { ...where, split: "wet", shards: [2], baseUrl: join(fixture.root, MIRROR) }));
    expect(docs.map((d) => d.text)).toEqual(pages[2]!.map((p) => p.text));
    const listing = await collect(openDataset("common-crawl", { ...where, split: "wet.paths", baseUrl: join(fixture.root, MIRROR) }));
    expect(listing[0]!.text).toContain(`${CRAWL}/segments/${SEGMENTS[0]}/wet/`);
  });
  it("a local copy without the listing names the path it expected", async () => {
    const error = await collect(openDataset("common-crawl", { ...where, split: "wet", baseUrl: join(fixture.root, "elsewhere") })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`${CRAWL}/wet.paths.gz`);
  });
});
