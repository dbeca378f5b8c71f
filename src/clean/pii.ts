// Personal data in text: emails and public IP addresses as datatrove's PIIFormatter finds and
// replaces them (huggingface/datatrove src/datatrove/pipeline/formatters/pii.py @ a649de79, its
// patterns and its replacement lists, used in turn), plus phone numbers, mainland China resident
// IDs, payment cards and IBANs, which only count when their check digits (or, for phones, their
// shape) say so. Each kind can be switched off and given its own replacements; `mode` chooses
// between replacing (datatrove's behaviour), dropping the document, or only listing the spans.
//
// Differences from datatrove, on purpose: the replacement lists restart with every document, so
// the output does not depend on how documents are split between workers (datatrove's cycle runs
// on across a worker's documents); IPv6 addresses are found too (datatrove's pattern has IPv4 only).
import { z } from "zod";
import type { Doc } from "../doc.js";
import { parseOptions } from "../options.js";
import { filter } from "../pipeline/filter.js";
import { sinkSchema } from "../pipeline/sink-schema.js";
import { defineStep } from "../pipeline/step-descriptor.js";
import type { Step } from "../pipeline/step.js";
import { findEmails, findIpv4, findIpv6 } from "./pii-network.js";
import { findCards, findCnIds, findIbans, findPhones } from "./pii-numbers.js";
import type { PiiKind, PiiSpan } from "./pii-span.js";

export type { PiiKind, PiiSpan } from "./pii-span.js";

const replacement = (fallback: string | string[], what: string) =>
  z
    .union([z.string(), z.array(z.string()).min(1)])
    .default(fallback)
    .describe(`what replaces ${what}: one string, or a list used in turn (restarting with each document)`);

export const PiiOptions = z
  .object({
    mode: z
      .enum(["redact", "drop", "annotate"])
      .default("redact")
      .describe("redact: replace in the text; drop: drop documents with any; annotate: list the spans in meta.pii"),
    email: z.boolean().default(true).describe("find email addresses (datatrove's pattern)"),
    ip: z.boolean().default(true).describe("find IP addresses (IPv4 with datatrove's pattern, and IPv6)"),
    ipv6: z.boolean().default(true).describe("find IPv6 addresses too (datatrove's pattern has IPv4 only)"),
    onlyPublicIps: z
      .boolean()
      .default(true)
      .describe("only IPs Python's ipaddress calls global: private and reserved ranges stay (datatrove: only_remove_public_ips)"),
    phone: z.boolean().default(true).describe("find phone numbers: E.164 (+CC ...), North American, trunk-0 national, mainland China mobile"),
    cnId: z.boolean().default(true).describe("find mainland China resident ID numbers (18 characters, ISO 7064 MOD 11-2 check)"),
    card: z.boolean().default(true).describe("find payment card numbers (issuer prefix and length, Luhn check)"),
    iban: z.boolean().default(true).describe("find IBANs (country length, mod 97 check)"),
    // datatrove's defaults: example.com/org are reserved for examples; the IPs did not answer pings when datatrove chose them
    emailReplacement: replacement(["email@example.com", "firstname.lastname@example.org"], "emails"),
    ipReplacement: replacement(["22.214.171.124", "126.96.36.199", "188.8.131.52", "184.108.40.206", "220.127.116.11", "18.104.22.168"], "IP addresses"),
    phoneReplacement: replacement("<PHONE>", "phone numbers"),
    cnIdReplacement: replacement("<CN_ID>", "resident ID numbers"),
    cardReplacement: replacement("<CARD>", "card numbers"),
    ibanReplacement: replacement("<IBAN>", "IBANs"),
    rejected: sinkSchema.optional().describe("where documents dropped in drop mode go"),
  })
  .strict();
export type PiiInput = z.input<typeof PiiOptions>;
type PiiParsed = z.output<typeof PiiOptions>;

/** One span as meta.pii lists it (annotate mode). */
export type PiiAnnotation = PiiSpan;

// When two finds overlap, the earlier kind wins: an email's domain may be an IP, an ID may pass Luhn.
const PRIORITY: readonly PiiKind[] = ["email", "ip", "cn_id", "card", "iban", "phone"];

/** Every enabled kind's spans in the text, sorted, overlaps resolved by PRIORITY. */
export function findPii(text: string, options: PiiInput = {}): PiiSpan[] {
  const o = parseOptions(PiiOptions, options, "pii");
  return findSpans(text, o);
}

function findSpans(text: string, o: PiiParsed): PiiSpan[] {
  let kept: PiiSpan[] = [];
  for (const kind of PRIORITY) {
    const found = detect(kind, text, o);
    if (found.length > 0) kept = mergeDisjoint(kept, found);
  }
  return kept;
}

function detect(kind: PiiKind, text: string, o: PiiParsed): PiiSpan[] {
  switch (kind) {
    case "email":
      return o.email && text.includes("@") ? findEmails(text) : [];
    case "ip": {
      if (!o.ip) return [];
      const v6 = o.ipv6 ? findIpv6(text, o.onlyPublicIps) : [];
      const v4 = findIpv4(text, o.onlyPublicIps);
      return v6.length === 0 ? v4 : mergeDisjoint(v6, v4);
    }
    case "phone":
      return o.phone ? findPhones(text) : [];
    case "cn_id":
      return o.cnId ? findCnIds(text) : [];
    case "card":
      return o.card ? findCards(text) : [];
    case "iban":
      return o.iban ? findIbans(text) : [];
  }
}

/** `kept` plus the spans of `more` that overlap none of it; both sorted by start, the result too. */
function mergeDisjoint(kept: PiiSpan[], more: PiiSpan[]): PiiSpan[] {
  const out: PiiSpan[] = [];
  let i = 0;
  for (const span of more) {
    while (i < kept.length && kept[i]!.end <= span.start) out.push(kept[i++]!);
    const overlaps = (i < kept.length && kept[i]!.start < span.end) || (out.length > 0 && out[out.length - 1]!.end > span.start);
    if (!overlaps) out.push(span);
  }
  while (i < kept.length) out.push(kept[i++]!);
  return out;
}

/** The text with each span replaced; each kind's list is used in turn from its start. */
export function redactSpans(text: string, spans: readonly PiiSpan[], replacements: Readonly<Record<PiiKind, readonly string[]>>): string {
  if (spans.length === 0) return text;
  const turn: Partial<Record<PiiKind, number>> = {};
  const parts: string[] = [];
  let at = 0;
  for (const span of spans) {
    const list = replacements[span.kind];
    const n = turn[span.kind] ?? 0;
    turn[span.kind] = n + 1;
    parts.push(text.slice(at, span.start), list[n % list.length]!);
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

const asList = (value: string | string[]): string[] => (typeof value === "string" ? [value] : value);

/**
 * @example pipe(read("crawl/*.wet.gz"), pii({ phone: false, mode: "redact" }), writeJsonl("out"))
 */
export function pii(options: PiiInput = {}): Step {
  const o = parseOptions(PiiOptions, options, "pii");
  const replacements: Record<PiiKind, string[]> = {
    email: asList(o.emailReplacement),
    ip: asList(o.ipReplacement),
    phone: asList(o.phoneReplacement),
    cn_id: asList(o.cnIdReplacement),
    card: asList(o.cardReplacement),
    iban: asList(o.ibanReplacement),
  };
  return filter(
    "pii",
    (doc: Doc, ctx) => {
      const spans = findSpans(doc.text, o);
      if (spans.length === 0) return o.mode === "annotate" ? { keep: true, meta: { pii: [] } } : true;
      const counts: Partial<Record<PiiKind, number>> = {};
      for (const span of spans) counts[span.kind] = (counts[span.kind] ?? 0) + 1;
      for (const kind of PRIORITY) if (counts[kind]) ctx.stats.add(`pii_${kind}`, counts[kind]);
      ctx.stats.add("pii_docs");
      if (o.mode === "annotate") return { keep: true, meta: { pii: spans } };
      if (o.mode === "drop") return { keep: false, reason: `contains_${PRIORITY.find((k) => counts[k])!}` };
      return { keep: true, text: redactSpans(doc.text, spans, replacements) };
    },
    { rejected: o.rejected },
  );
}

export const piiStep = defineStep({
  name: "pii",
  options: PiiOptions,
  create: pii,
  description: "Replace (or drop, or annotate) emails, public IPs, phones, China resident IDs, card numbers and IBANs",
  reference: "datatrove PIIFormatter (emails, IPs); Luhn, ISO 7064 MOD 11-2, ISO 13616 mod 97",
  parallel: true,
});
