// A run's Stats as one self-contained HTML page: no script, no network, inline CSS and SVG, so it
// opens from disk, mails as one file and shows the same thing in ten years.
import { z } from "zod";
import { BASE_CSS, htmlPage } from "../html/html-page.js";
import { escapeHtml } from "../html/escape-html.js";
import { parseOptions } from "../options.js";
import { PipelineStats, type PipelineStatsJson } from "../pipeline/stats.js";
import { parseStatsJson } from "./stats-file.js";
import {
  countersSection,
  dropReasonsSection,
  funnelSection,
  histogramSection,
  languageSection,
  samplesSection,
  summarySection,
  timeSection,
  tokenSection,
} from "./report-sections.js";

export const ReportOptions = z
  .object({
    title: z.string().min(1).default("corpuskit run report"),
    /** Where the stats came from (a path), shown under the title. */
    source: z.string().optional(),
    /** Languages drawn as their own bar; the rest are summed in one. */
    maxLanguages: z.number().int().min(2).default(20),
  })
  .strict();
export type ReportOptionsInput = z.input<typeof ReportOptions>;

/** The report page for a run's stats (a PipelineStats, or the JSON it writes). */
export function reportHtml(stats: PipelineStats | PipelineStatsJson, options: ReportOptionsInput = {}): string {
  const o = parseOptions(ReportOptions, options, "reportHtml");
  const json = stats instanceof PipelineStats ? stats.toJSON() : parseStatsJson(stats, o.source ?? "reportHtml stats");
  const sections: [id: string, label: string, html: string][] = [
    ["", "", summarySection(json)],
    ["funnel", "funnel", funnelSection(json)],
    ["drops", "drop reasons", dropReasonsSection(json)],
    ["languages", "languages", languageSection(json, o.maxLanguages)],
    ["histograms", "perplexity", histogramSection(json)],
    ["tokens", "tokens", tokenSection(json)],
    ["time", "time", timeSection(json)],
    ["samples", "samples", samplesSection(json)],
    ["counters", "counters", countersSection(json)],
  ];
  const shown = sections.filter(([, , html]) => html !== "");
  const links = shown.filter(([id]) => id !== "").map(([id, label]) => `<a href="#${id}">${label}</a>`);
  const body = [
    "<header>",
    `<h1>${escapeHtml(o.title)}</h1>`,
    `<p class="muted">${json.steps.length} steps${o.source ? ` · stats from <code>${escapeHtml(o.source)}</code>` : ""}</p>`,
    `<nav>${links.join(" ")}</nav>`,
    "</header>",
    "<main>",
    ...shown.map(([, , html]) => html),
    "</main>",
  ].join("\n");
  return htmlPage({ title: o.title, css: BASE_CSS + REPORT_CSS, body });
}

const REPORT_CSS = `
nav { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 8px 0 0; }
nav a { color: var(--accent); text-decoration: none; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 20px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 140px; }
.card .big { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-direction: column; gap: 8px; }
figure { margin: 12px 0; }
figcaption { margin-bottom: 4px; }
.key { padding: 0 4px; border-radius: 3px; color: #fff; }
.key.head { background: var(--head); } .key.middle { background: var(--middle); color: var(--fg); } .key.tail { background: var(--tail); }
details { margin: 6px 0; }
summary { cursor: pointer; padding: 3px 0; }
.sample { border-left: 3px solid var(--drop); padding: 2px 0 2px 10px; margin: 8px 0 12px; }
.sample-id { margin-bottom: 2px; }
.sample pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; max-height: 16em; overflow: auto; background: var(--bg-alt); padding: 6px 8px; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
`;
