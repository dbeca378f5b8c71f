// The catalog as one HTML page a person browses: search, filters by language, stage, licence and
// commercial use, columns sorted by clicking their header. Self-contained (inline CSS and one
// inline script), so it works opened from disk and calls nothing on the network.
import { escapeHtml } from "../html/escape-html.js";
import { BASE_CSS, htmlPage } from "../html/html-page.js";
import { CATALOG_PAGE_SCRIPT } from "./catalog-page-script.js";
import { humanBytes, humanCount } from "../text/human-numbers.js";
import { STAGES, type Dataset } from "./schema.js";

export function catalogHtml(list: readonly Dataset[]): string {
  const rows = list.map(datasetRow);
  const updated = [...new Set(list.map((d) => d.updated))].sort();
  const checked = updated.length === 0 ? "" : `, facts checked ${updated.length === 1 ? `on ${updated[0]}` : `between ${updated[0]} and ${updated[updated.length - 1]}`}`;
  const body = [
    "<header>",
    "<h1>Datasets for training language models</h1>",
    `<p class="muted">${list.length} entries of the corpuskit catalog${escapeHtml(checked)}. Sizes as the sources state them; click a column header to sort.</p>`,
    "</header>",
    '<form id="filters" role="search">',
    '<input type="search" id="q" placeholder="search names, aliases, descriptions" aria-label="search" size="36">',
    select("language", "any language", languageOptions(list)),
    select("stage", "any stage", STAGES.map((s) => ({ value: s, label: `${s} (${list.filter((d) => d.stage.includes(s)).length})` }))),
    select("license", "any licence", licenseOptions(list)),
    select("commercial", "commercial use: any", [
      { value: "yes", label: "commercial use: yes" },
      { value: "no", label: "commercial use: no" },
      { value: "unclear", label: "commercial use: unclear" },
    ]),
    `<span class="muted"><span id="shown">${list.length}</span> of ${list.length} datasets</span>`,
    "</form>",
    '<table id="catalog">',
    "<thead><tr>",
    '<th data-sort="text">dataset</th><th data-sort="text">stage</th><th data-sort="text">languages</th><th>domains</th>',
    '<th class="num" data-sort="number">bytes</th><th class="num" data-sort="number">tokens</th><th class="num" data-sort="number">documents</th>',
    '<th data-sort="text">licence</th><th data-sort="text">commercial</th>',
    "</tr></thead>",
    `<tbody>\n${rows.join("\n")}\n</tbody>`,
    "</table>",
  ].join("\n");
  return htmlPage({ title: "corpuskit catalog", css: BASE_CSS + CATALOG_CSS, body, script: CATALOG_PAGE_SCRIPT });
}

// --- internal ---

function datasetRow(d: Dataset): string {
  const bytes = d.size.bytes ?? d.size.compressedBytes;
  const commercial = d.license.commercialUse === null ? "unclear" : d.license.commercialUse ? "yes" : "no";
  const search = [d.id, d.name, ...d.aliases, ...d.hub.map((h) => h.id), d.description].join(" ").toLowerCase().replace(/[\s_]+/g, " ");
  const name = /^https?:\/\//.test(d.homepage ?? "") ? `<a href="${escapeHtml(d.homepage)}">${escapeHtml(d.name)}</a>` : escapeHtml(d.name);
  const licence = licenseKey(d);
  const number = (n: number | undefined, text: (n: number) => string, title?: string) =>
    n === undefined ? '<td class="num"></td>' : `<td class="num" data-value="${n}"${title ? ` title="${escapeHtml(title)}"` : ""}>${escapeHtml(text(n))}</td>`;
  return [
    `<tr data-id="${escapeHtml(d.id)}" data-languages="${escapeHtml(languagesOf(d).join(" "))}" data-stages="${escapeHtml(d.stage.join(" "))}" data-license="${escapeHtml(licence)}" data-commercial="${commercial}" data-search="${escapeHtml(search)}">`,
    `<td data-value="${escapeHtml(d.name)}" title="${escapeHtml(d.description)}">${name}<div class="id"><code>${escapeHtml(d.id)}</code></div></td>`,
    `<td>${escapeHtml(d.stage.join(", "))}</td>`,
    `<td data-value="${escapeHtml(d.languages.join(" "))}">${escapeHtml(shortList(d.languages, 6))}${d.languageCount ? ` <span class="muted">(${d.languageCount})</span>` : ""}</td>`,
    `<td>${escapeHtml(d.domains.join(", "))}</td>`,
    number(bytes?.value, humanBytes, d.size.bytes ? undefined : "compressed, as downloaded"),
    number(d.size.tokens?.value, humanCount, d.size.tokens ? `${d.size.tokens.tokenizer} tokens` : undefined),
    number(d.size.documents?.value, humanCount),
    `<td data-value="${escapeHtml(licence)}" title="${escapeHtml(d.license.name)}">${escapeHtml(licence.length > 32 ? `${licence.slice(0, 31)}…` : licence)}</td>`,
    `<td>${commercial}</td>`,
    "</tr>",
  ].join("");
}

/** Codes of the entry and its subsets, lower-cased as findDatasets compares them. */
function languagesOf(d: Dataset): string[] {
  return [...new Set([...d.languages, ...d.subsets.flatMap((s) => s.languages ?? [])].map((c) => c.toLowerCase()))];
}

function licenseKey(d: Dataset): string {
  return d.license.spdx ?? d.license.name;
}

/** Every code in the catalog, and the base language of each regional or script variant ("zh" for "zh-Hant"). */
function languageOptions(list: readonly Dataset[]): { value: string; label: string }[] {
  const codes = new Set<string>();
  for (const d of list) for (const c of languagesOf(d)) codes.add(c).add(c.split("-")[0]!);
  const names = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
  const nameOf = (c: string) => {
    try {
      return names.of(c) ?? "";
    } catch {
      return "";
    }
  };
  return [...codes].sort().map((c) => {
    const count = list.filter((d) => languagesOf(d).some((l) => l === c || l.startsWith(`${c}-`))).length;
    return { value: c, label: `${c} ${c === "code" ? "(programming code)" : nameOf(c)} (${count})`.replace(/\s+/g, " ") };
  });
}

function licenseOptions(list: readonly Dataset[]): { value: string; label: string }[] {
  const counts = new Map<string, number>();
  for (const d of list) counts.set(licenseKey(d), (counts.get(licenseKey(d)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([value, n]) => ({ value, label: `${value.length > 60 ? `${value.slice(0, 59)}…` : value} (${n})` }));
}

function select(id: string, any: string, options: { value: string; label: string }[]): string {
  return `<select id="${id}" aria-label="${escapeHtml(any)}"><option value="">${escapeHtml(any)}</option>${options.map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>`).join("")}</select>`;
}

function shortList(codes: readonly string[], max: number): string {
  return codes.length > max ? `${codes.slice(0, max).join(" ")} +${codes.length - max}` : codes.join(" ");
}

const CATALOG_CSS = `
body { max-width: none; }
form#filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 16px 0 8px; position: sticky; top: 0; background: #fff; padding: 8px 0; z-index: 1; }
input, select { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; max-width: 22em; }
th[data-sort] { cursor: pointer; user-select: none; white-space: nowrap; }
th[data-sort]::after { content: " ↕"; color: var(--muted); }
th[aria-sort="ascending"]::after { content: " ↑"; color: var(--fg); }
th[aria-sort="descending"]::after { content: " ↓"; color: var(--fg); }
td .id { color: var(--muted); }
a { color: var(--accent); }
tr[hidden] { display: none; }
`;
