// One self-contained HTML document: inline CSS, at most one inline script, no network. A
// Content-Security-Policy in the page itself allows nothing else -- no fetch, no remote images, no
// script but ours (pinned by its hash) -- so even a mistake in escaping could not run a document's
// text or make the page call out when it is opened from disk.
import { createHash } from "node:crypto";
import { escapeHtml } from "./escape-html.js";

export interface HtmlPage {
  title: string;
  css: string;
  body: string;
  /** Plain JavaScript run at the end of the body; omitted for a page without script. */
  script?: string;
}

export function htmlPage(page: HtmlPage): string {
  const scriptSrc = page.script ? `'sha256-${createHash("sha256").update(page.script).digest("base64")}'` : "'none'";
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scriptSrc}; base-uri 'none'; form-action 'none'`;
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${page.css}</style>`,
    "</head>",
    "<body>",
    page.body,
    ...(page.script ? [`<script>${page.script}</script>`] : []),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** The look both pages share: readable tables, numbers right-aligned in tabular figures. */
export const BASE_CSS = `
:root { color-scheme: light; --fg: #1d2430; --muted: #5b6577; --line: #d8dde6; --bg-alt: #f4f6f9; --accent: #2f6fdf; --drop: #e4572e; --keep: #2f6fdf; --head: #2a9d5c; --middle: #c9a227; --tail: #d1495b; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); margin: 0 auto; padding: 24px 32px 64px; max-width: 1200px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p.note, .muted { color: var(--muted); }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font: 12px system-ui, sans-serif; fill: var(--fg); }
svg text.muted { fill: var(--muted); }
`;
