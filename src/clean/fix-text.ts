// Text repair before everything else: mojibake (UTF-8 read as Windows-1252 or Latin-1) where the
// repair is unambiguous, the C1 controls such reading leaves, HTML character references left in
// text, and optionally NFKC and full-width ASCII letters and digits. The first three follow ftfy
// (rspeer/python-ftfy v6.3.1 @ 74dd0452: fix_encoding, fix_c1_controls, unescape_html); see
// mojibake.ts for the repair rules. Correct text in any language is left as it is.
import { decodeHTMLStrict } from "entities";
import { z } from "zod";
import type { Doc } from "../doc.js";
import { parseOptions } from "../options.js";
import { filter } from "../pipeline/filter.js";
import { defineStep } from "../pipeline/step-descriptor.js";
import type { Step } from "../pipeline/step.js";
import { fixC1Controls, fixMojibake } from "./mojibake.js";

export const FixTextOptions = z
  .object({
    mojibake: z.boolean().default(true).describe("re-read UTF-8 that was decoded as Windows-1252 or Latin-1 (â€™ -> ’, Ã© -> é), where unambiguous"),
    c1Controls: z.boolean().default(true).describe("C1 controls U+0080-U+009F as the Windows-1252 characters of those bytes (U+0085 -> …)"),
    entities: z
      .enum(["auto", "always", "never"])
      .default("auto")
      .describe("unescape HTML character references (&amp; &#x4e2d; &eacute;); auto: only in text without '<' (ftfy: markup keeps its escapes)"),
    nfkc: z.boolean().default(false).describe("apply Unicode NFKC normalization"),
    fullWidth: z.boolean().default(false).describe("full-width ASCII letters and digits to ASCII (ＡＢＣ１２３ -> ABC123); CJK punctuation stays"),
  })
  .strict();
export type FixTextInput = z.input<typeof FixTextOptions>;

/** What repairText changed in one text, by kind: the names of fix_text's Stats counters without the prefix. */
export interface FixTextChanges {
  mojibake: number;
  c1_controls: number;
  entities: number;
  nfkc: number;
  full_width: number;
}

// A character reference with its closing ";", as ftfy's HTML_ENTITY_RE (chardata.py) finds them.
const REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;
const FULL_WIDTH = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;

/** Repair one text as the fix_text step does; returns the text and what changed. */
export function repairText(text: string, options: FixTextInput = {}): { text: string; changes: FixTextChanges } {
  return repair(text, parseOptions(FixTextOptions, options, "repairText"));
}

function repair(text: string, o: z.output<typeof FixTextOptions>): { text: string; changes: FixTextChanges } {
  const changes: FixTextChanges = { mojibake: 0, c1_controls: 0, entities: 0, nfkc: 0, full_width: 0 };
  if (o.mojibake) {
    const r = fixMojibake(text);
    text = r.text;
    changes.mojibake = r.count;
  }
  if (o.c1Controls) {
    const r = fixC1Controls(text);
    text = r.text;
    changes.c1_controls = r.count;
  }
  if (o.entities === "always" || (o.entities === "auto" && !text.includes("<") && text.includes("&"))) {
    text = text.replace(REFERENCE, (ref) => {
      const out = decodeHTMLStrict(ref);
      if (out !== ref) changes.entities++;
      return out;
    });
  }
  if (o.nfkc) {
    const out = text.normalize("NFKC");
    if (out !== text) changes.nfkc = 1;
    text = out;
  }
  if (o.fullWidth) {
    text = text.replace(FULL_WIDTH, (c) => {
      changes.full_width++;
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }
  return { text, changes };
}

/**
 * @example pipe(read("crawl/*.wet.gz"), fixText({ fullWidth: true }), languageFilter(), writeJsonl("out"))
 */
export function fixText(options: FixTextInput = {}): Step {
  const o = parseOptions(FixTextOptions, options, "fixText");
  return filter("fix_text", (doc: Doc, ctx) => {
    const r = repair(doc.text, o);
    if (r.text === doc.text) return true;
    ctx.stats.add("fix_text_docs");
    for (const [kind, n] of Object.entries(r.changes)) if (n > 0) ctx.stats.add(`fix_text_${kind}`, n);
    return { keep: true, text: r.text };
  });
}

export const fixTextStep = defineStep({
  name: "fix_text",
  options: FixTextOptions,
  create: fixText,
  description: "Repair mojibake (UTF-8 read as Windows-1252/Latin-1), C1 controls and HTML entities; optional NFKC and full-width to ASCII",
  reference: "ftfy fix_encoding, fix_c1_controls, unescape_html",
  parallel: true,
});
