// Drop pages by their URL, with the rules and defaults of datatrove's URLFilter
// (src/datatrove/pipeline/filters/url_filter.py @ a649de79c14a), the first filter of the FineWeb
// pipeline (Penedo et al. 2024, arXiv 2406.17557) and, with other lists, of RefinedWeb's (Penedo et al.
// 2023, arXiv 2306.01116), checked in this order:
//   1. the registered domain (public-suffix aware, ICANN section only, as tldextract's default) is
//      on a domain list                                        -> "domain"
//   2. the whole host name is on a domain list                 -> "subdomain"
//   3. the URL is on a URL list                                -> "url"
//   4. a banned word is one of the URL's tokens (runs of ASCII letters and digits) -> "hard_blacklisted"
//   5. at least `softWordThreshold` distinct soft-banned words are tokens -> "soft_blacklisted"
//   6. a banned sub-word occurs anywhere in the URL stripped to lowercase letters and digits
//                                                              -> "blacklisted_subword"
// Differences, each on purpose: an allow list wins over all six (datatrove has none); a document
// without a URL is a counted drop ("no_url") instead of an assertion failure; host names and domain
// list entries are compared lowercased; a URL-list entry written without its scheme (UT1's `urls`
// files are) matches the URL with either scheme. datatrove compares the URL's tokens to the
// lowercased word lists without lowercasing the tokens, so "SEX" passes where "sex" is dropped: kept
// as the default for the same drops, `lowercaseUrlWords: true` closes that gap.
import { z } from "zod";
import { parse as parseUrl } from "tldts";
import type { Doc } from "../doc.js";
import { badWordsMatcher, type BadWordsMatcher } from "../filters/bad-words-matcher.js";
import { parseOptions } from "../options.js";
import { filter, type Verdict } from "../pipeline/filter.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import type { Step } from "../pipeline/step.js";
import { defineStep } from "../pipeline/step-descriptor.js";
import { checkListFiles, loadListFiles } from "./url-lists.js";
import urlWords from "./data/url-words.json" with { type: "json" };

const words = z.array(z.string());

export const UrlFilterOptions = z
  .object({
    softWordThreshold: z
      .number()
      .int()
      .min(1)
      .default(2)
      .describe("drop when at least this many distinct soft-banned words are among the URL's tokens: soft_word_threshold"),
    domainLists: words.default([]).describe("files of blocked domains: one a line or hosts format (UT1 `domains`, StevenBlack hosts), plain or gzip"),
    urlLists: words.default([]).describe("files of blocked URLs, one a line (UT1 `urls`), plain or gzip"),
    extraDomains: words.default([]).describe("blocked domains, beside the files: extra_domains"),
    extraUrls: words.default([]).describe("blocked URLs, beside the files: extra_urls"),
    extraBannedWords: words.default([]).describe("more words that drop a URL having one among its tokens: banned_words"),
    extraSoftBannedWords: words.default([]).describe("more words counted against softWordThreshold: soft_banned_words"),
    extraBannedSubwords: words.default([]).describe("more strings that drop a URL containing one anywhere: banned_subwords"),
    useIntegratedLists: z.boolean().default(true).describe("use datatrove's bundled banned, soft-banned and banned-sub-word lists: use_integrated_lists"),
    allowDomains: words.default([]).describe("domains never dropped, subdomains included; wins over every rule"),
    allowDomainLists: words.default([]).describe("files of allowed domains, in the block lists' formats"),
    lowercaseUrlWords: z.boolean().default(false).describe("lowercase the URL's tokens before the word rules (datatrove does not)"),
    urlKey: z.string().default("url").describe("the meta field holding the URL (readWarc sets meta.url from WARC-Target-URI)"),
    rejected: sinkSchema.optional(),
  })
  .strict();
export type UrlFilterInput = z.input<typeof UrlFilterOptions>;
type UrlFilterConfig = z.output<typeof UrlFilterOptions>;

/** datatrove's normalize(): drop everything but ASCII letters and digits, lowercase. */
export function normalizeUrlWord(text: string): string {
  return text.replace(/[^a-zA-Z0-9]+/g, "").toLowerCase();
}

const TOKEN_SPLIT = /[^a-zA-Z0-9]+/;

/**
 * Keep or drop web pages by URL (datatrove URLFilter). Block lists are files you point at;
 * datatrove's word lists are bundled.
 * @example urlFilter({ domainLists: ["ut1/adult/domains.gz"], extraDomains: ["spam.example"] })
 */
export function urlFilter(options: UrlFilterInput = {}): Step {
  const o = parseOptions(UrlFilterOptions, options, "urlFilter");
  checkListFiles(o.domainLists, "domainLists", "url_filter");
  checkListFiles(o.urlLists, "urlLists", "url_filter");
  checkListFiles(o.allowDomainLists, "allowDomainLists", "url_filter");
  let rules: Promise<UrlRules> | undefined;
  return filter(
    "url_filter",
    async (doc) => {
      rules ??= buildRules(o);
      return (await rules).judge(doc);
    },
    { rejected: o.rejected },
  );
}

export const urlFilterStep = defineStep({
  name: "url_filter",
  options: UrlFilterOptions,
  create: urlFilter,
  description: "drop pages by URL: blocked domains and URLs, banned words and sub-words (datatrove's lists bundled)",
  reference: "datatrove URLFilter",
  parallel: true,
  cliFlags: { domainLists: "block-domains", urlLists: "block-urls", allowDomains: "allow-domains" },
});

// --- internal ---

interface UrlRules {
  judge(doc: Doc): Verdict;
}

async function buildRules(o: UrlFilterConfig): Promise<UrlRules> {
  const domains = new Set<string>();
  for (const d of o.extraDomains) domains.add(cleanDomain(d));
  await loadListFiles(o.domainLists, "domain", domains);
  const urls = new Set<string>(o.extraUrls.map((u) => u.trim()));
  await loadListFiles(o.urlLists, "url", urls);
  const allow = new Set<string>(o.allowDomains.map(cleanDomain));
  await loadListFiles(o.allowDomainLists, "domain", allow);
  const wordSet = (bundled: readonly string[], extra: readonly string[]) => {
    const set = new Set<string>(o.useIntegratedLists ? bundled : []);
    for (const w of extra) if (w.trim()[0] !== "#") set.add(normalizeUrlWord(w));
    set.delete("");
    return set;
  };
  const banned = wordSet(urlWords.banned_words, o.extraBannedWords);
  const soft = wordSet(urlWords.soft_banned_words, o.extraSoftBannedWords);
  const subwords = [...wordSet(urlWords.banned_subwords, o.extraBannedSubwords)];
  const subwordMatcher: BadWordsMatcher | undefined = subwords.length > 0 ? badWordsMatcher(subwords, false) : undefined;

  return {
    judge(doc: Doc): Verdict {
      const raw = doc.meta[o.urlKey];
      if (typeof raw !== "string" || raw.trim() === "") return { keep: false, reason: "no_url" };
      const url = raw.trim();
      const host = hostParts(url);
      if (allow.size > 0 && host.hostname !== "" && isAllowed(host.hostname, allow)) return true;
      if (host.registered !== "" && domains.has(host.registered)) return { keep: false, reason: "domain" };
      if (host.fqdn !== "" && domains.has(host.fqdn)) return { keep: false, reason: "subdomain" };
      if (urls.size > 0 && (urls.has(url) || urls.has(withoutScheme(url)))) return { keep: false, reason: "url" };
      // "any banned word among the tokens" asked from the tokens' side: a URL has ~15 tokens, the list 200 words
      const tokens = (o.lowercaseUrlWords ? url.toLowerCase() : url).split(TOKEN_SPLIT);
      for (const t of tokens) if (banned.has(t)) return { keep: false, reason: "hard_blacklisted" };
      let softSeen: Set<string> | undefined;
      for (const t of tokens) {
        if (!soft.has(t)) continue;
        (softSeen ??= new Set()).add(t);
        if (softSeen.size >= o.softWordThreshold) return { keep: false, reason: "soft_blacklisted" };
      }
      if (subwordMatcher?.test(normalizeUrlWord(url))) return { keep: false, reason: "blacklisted_subword" };
      return true;
    },
  };
}

interface HostParts {
  /** As tldextract's `registered_domain`: "" for IP addresses and hosts without a known suffix. */
  registered: string;
  /** As tldextract's `fqdn`: the host name when it has a registered domain, else "". */
  fqdn: string;
  /** The host name, whatever it is ("" when the URL has none). */
  hostname: string;
}

function hostParts(url: string): HostParts {
  const parsed = parseUrl(url);
  const hostname = (parsed.hostname ?? "").toLowerCase();
  // tldts falls back to the "*" rule for an unknown suffix and calls the label before it a domain;
  // tldextract (ICANN section only, its default) finds no suffix there and no registered domain.
  if (!parsed.domain || parsed.isIp || parsed.isIcann !== true) return { registered: "", fqdn: "", hostname };
  return { registered: parsed.domain.toLowerCase(), fqdn: hostname, hostname };
}

/** The host or any parent domain of it on the list. */
function isAllowed(hostname: string, allow: ReadonlySet<string>): boolean {
  let at = 0;
  for (;;) {
    if (allow.has(at === 0 ? hostname : hostname.slice(at))) return true;
    const dot = hostname.indexOf(".", at);
    if (dot < 0) return false;
    at = dot + 1;
  }
}

function cleanDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, "");
}

function withoutScheme(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
}
