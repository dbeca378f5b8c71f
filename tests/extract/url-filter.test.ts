import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, pipe, readWarc, type Doc } from "../../src/index.js";
import { urlFilter, urlFilterStep, UrlFilterOptions, type UrlFilterInput } from "../../src/extract/url-filter.js";
import { listLineEntries } from "../../src/extract/url-lists.js";
import { collect, collector, tempDir, timeExponent } from "../support.js";

/** The reason each URL gets (true: kept), run through the step as a pipeline would. */
async function verdicts(urls: readonly (string | undefined)[], options: UrlFilterInput = {}): Promise<(string | true)[]> {
  const docs: Doc[] = urls.map((url, i) => ({ id: String(i), text: "some text", meta: url === undefined ? {} : { url } }));
  const rejected = collector();
  const kept = await collect(pipe(docs, urlFilter({ ...options, rejected: rejected.sink })));
  const reason = new Map<string, string>(rejected.docs.map((d) => [d.id, d.meta.filter_reason as string]));
  return docs.map((d) => (kept.some((k) => k.id === d.id) ? true : reason.get(d.id)!));
}

describe("urlFilter", () => {
  it("keeps and drops as datatrove's test_url does", async () => {
    // datatrove tests/pipeline/filters/test_filters.py, TestFilters.test_url
    const cases: [string, string | true][] = [
      ["https://blocked.com/some-sub-url?with=stuff", "domain"],
      ["https://hey.danger.org/some-sub-url?with=stuff", "domain"],
      ["http://hey.danger.org/some-sub-url?with=stuff", "domain"],
      ["http://www.danger.org/some-sub-url?with=stuff", "domain"],
      ["https://nice.com/some-sub-url?with=stuff", true],
      ["https://badsubdomain.nice.com/some-sub-url?with=stuff", "subdomain"],
      ["https://sdsd.badsubdomain.nice.com/some-sub-url?with=stuff", true],
      ["https://blocke.dcom/some-sub-url?with=stuff", true],
    ];
    const got = await verdicts(
      cases.map((c) => c[0]),
      { extraDomains: ["blocked.com", "danger.org", "badsubdomain.nice.com"] },
    );
    expect(got).toEqual(cases.map((c) => c[1]));
  });

  it("finds the registered domain with the public suffix list (co.uk is a suffix, blogspot.com is not in the ICANN section)", async () => {
    const got = await verdicts(["https://news.bbc.co.uk/a", "https://co.uk/a", "https://someone.blogspot.com/p", "https://BLOCKED.COM./x"], {
      extraDomains: ["bbc.co.uk", "blogspot.com", "blocked.com"],
    });
    expect(got).toEqual(["domain", true, "domain", "domain"]);
  });

  it("drops a URL on the URL list, written with or without its scheme", async () => {
    const got = await verdicts(["https://ok.org/bad/page.html", "http://ok.org/bad/page.html", "https://ok.org/bad/other.html", "https://ok.org/worse"], {
      extraUrls: ["ok.org/bad/page.html", "https://ok.org/worse"],
    });
    expect(got).toEqual(["url", "url", true, "url"]);
  });

  it("uses datatrove's bundled word lists: banned tokens, two soft words, sub-words anywhere", async () => {
    // porn, xxx: banned_words.txt; sex, webcam, nude: soft_banned_words.txt; "2 girls 1 cup": banned_subwords.txt
    const got = await verdicts([
      "https://example.com/free-porn/index.html",
      "https://example.com/xxx",
      "https://example.com/pornography-laws", // "pornography" is a soft word, not "porn" as a token
      "https://example.com/sex-education",
      "https://example.com/sex/webcam",
      "https://example.com/nude_sex_webcam",
      "https://example.com/videos/2-girls-1-cup",
      "https://example.com/essex/middlesex",
    ]);
    expect(got).toEqual(["hard_blacklisted", "hard_blacklisted", true, true, "soft_blacklisted", "soft_blacklisted", "blacklisted_subword", true]);
  });

  it("compares tokens case-sensitively as datatrove does, unless lowercaseUrlWords", async () => {
    const urls = ["https://example.com/FREE-PORN", "https://example.com/Sex/Webcam"];
    expect(await verdicts(urls)).toEqual([true, true]);
    expect(await verdicts(urls, { lowercaseUrlWords: true })).toEqual(["hard_blacklisted", "soft_blacklisted"]);
  });

  it("applies the soft threshold and the extra word lists (normalised as datatrove normalises list entries)", async () => {
    const urls = [
      "https://example.com/sex/webcam",
      "https://example.com/sex/webcam/nude",
      "https://example.com/buy-cheap-pills",
      "https://example.com/casino-royale",
    ];
    expect(await verdicts(urls, { softWordThreshold: 3 })).toEqual([true, "soft_blacklisted", true, true]);
    expect(await verdicts(urls, { extraBannedWords: ["Pills"], extraBannedSubwords: ["Casino Roy"], extraSoftBannedWords: ["cheap", "buy"] })).toEqual([
      "soft_blacklisted",
      "soft_blacklisted",
      "hard_blacklisted",
      "blacklisted_subword",
    ]);
  });

  it("without the integrated lists only the user's words count", async () => {
    expect(await verdicts(["https://example.com/free-porn", "https://example.com/spam"], { useIntegratedLists: false, extraBannedWords: ["spam"] })).toEqual([
      true,
      "hard_blacklisted",
    ]);
  });

  it("an allowed domain (or its subdomain) is kept whatever the rules say", async () => {
    const got = await verdicts(["https://blocked.com/porn", "https://docs.blocked.com/x", "https://other.org/porn"], {
      extraDomains: ["blocked.com"],
      allowDomains: ["docs.blocked.com", "other.org"],
    });
    expect(got).toEqual(["domain", true, true]);
  });

  it("drops a document without a URL with reason no_url, and reads another meta field with urlKey", async () => {
    expect(await verdicts([undefined, "", "https://example.com/"])).toEqual(["no_url", "no_url", true]);
    const docs: Doc[] = [{ id: "a", text: "x", meta: { source_url: "https://example.com/porn" } }];
    expect(await collect(pipe(docs, urlFilter({ urlKey: "source_url" })))).toEqual([]);
  });

  it("counts drops by reason in the step's stats", async () => {
    const docs: Doc[] = ["https://a.com/", "https://blocked.com/x", "https://blocked.com/y", "https://b.com/porn"].map((url, i) => ({
      id: String(i),
      text: "t",
      meta: { url },
    }));
    const pipeline = pipe(docs, urlFilter({ extraDomains: ["blocked.com"] }));
    await collect(pipeline);
    const stats = pipeline.stats.get("url_filter")!;
    expect(stats.get("dropped_domain")).toBe(2);
    expect(stats.get("dropped_hard_blacklisted")).toBe(1);
    expect(stats.get("dropped")).toBe(3);
  });
});

describe("urlFilter on hostile URLs", () => {
  it("any string as meta.url gets a verdict, never an exception", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.webUrl({ withQueryParameters: true, withFragments: true }),
            fc.string({ unit: "binary" }),
            fc.constantFrom("http://", "https://[::1]/x", "//", "https://xn--80ak6aa92e.com/", "https://127.0.0.1:8080/porn"),
          ),
          { maxLength: 20 },
        ),
        async (urls) => {
          const got = await verdicts(urls, { extraDomains: ["example.com"], allowDomains: ["ok.org"] });
          expect(got).toHaveLength(urls.length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a URL of a megabyte is judged in time linear in its length", async () => {
    const step = urlFilter();
    const judge = (n: number) => collect(pipe([{ id: "x", text: "t", meta: { url: `https://example.com/${"ab-cd_".repeat(n)}` } }] as Doc[], step));
    // time ~ size^k between n and 16n (tests/support.ts): linear code measures about 1, quadratic 2
    expect(await timeExponent(judge, 12_500, { factor: 16 })).toBeLessThan(1.6);
  });
});

describe("block list files", () => {
  it("reads UT1 one-a-line lists, hosts files and gzip, skipping comments and the hosts file's own names", async () => {
    const dir = await tempDir();
    const ut1 = join(dir, "domains");
    await writeFile(ut1, "# UT1 adult\nbad-one.com\n\nBad-Two.NET.\n");
    const hosts = join(dir, "hosts.gz");
    await writeFile(hosts, gzipSync("127.0.0.1 localhost\n::1 localhost ip6-localhost\n0.0.0.0 ads.tracker.io # ad server\n0.0.0.0 a.example b.example\n"));
    const urls = join(dir, "urls");
    await writeFile(urls, "# UT1 urls\nfine.org/private/page.html\r\n");
    const got = await verdicts(
      [
        "https://bad-one.com/",
        "https://www.bad-two.net/",
        "https://ads.tracker.io/p",
        "https://tracker.io/",
        "https://b.example/",
        "https://localhost/",
        "https://fine.org/private/page.html",
        "https://fine.org/",
      ],
      { domainLists: [ut1, hosts], urlLists: [urls] },
    );
    // a.example/b.example: ".example" is a reserved name, not a public suffix, so like tldextract no registered domain
    expect(got).toEqual(["domain", "domain", "subdomain", true, true, true, "url", true]);
  });

  it("parses one line at a time the same way", () => {
    expect(listLineEntries("0.0.0.0 x.com y.com # z.com", "domain")).toEqual(["x.com", "y.com"]);
    expect(listLineEntries("  # comment", "domain")).toEqual([]);
    expect(listLineEntries("Example.ORG", "domain")).toEqual(["example.org"]);
    expect(listLineEntries("example.org/Path?A=1", "url")).toEqual(["example.org/Path?A=1"]);
  });

  it("a missing list file is a ConfigError before any document is read", () => {
    expect(() => urlFilter({ domainLists: ["/nonexistent/ut1/domains"] })).toThrow(ConfigError);
  });
});

describe("urlFilterStep", () => {
  it("parses {} to datatrove's defaults and rejects unknown keys", () => {
    const o = UrlFilterOptions.parse({});
    expect(o.softWordThreshold).toBe(2);
    expect(o.useIntegratedLists).toBe(true);
    expect(urlFilterStep.name).toBe("url_filter");
    expect(() => urlFilter({ soft_word_threshold: 2 } as never)).toThrow(ConfigError);
  });

  it("keeps every page of the sample crawl (documentation pages, meta.url from WARC-Target-URI)", async () => {
    const pipeline = pipe(readWarc("examples/data/crawl.warc.gz"), urlFilter());
    const docs = await collect(pipeline);
    expect(docs.length).toBeGreaterThan(50);
    expect(docs.every((d) => typeof d.meta.url === "string" && d.meta.url.startsWith("https://"))).toBe(true);
    expect(pipeline.stats.get("url_filter")!.get("dropped") ?? 0).toBe(0);
  });
});
