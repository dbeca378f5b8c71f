// The sections of the run report, each a pure function from the stats to an HTML fragment. Every
// figure a test or a reader checks against stats.json is printed in full and carries a data-*
// attribute with the raw number; every name that came from a config or a document is escaped.
import { humanBytes } from "../text/human-numbers.js";
import { escapeHtml } from "../html/escape-html.js";
import type { PipelineStatsJson, StatsJson } from "../pipeline/stats.js";
import { formatCount, formatPercent, formatRate, formatSeconds, formatValue } from "../text/human-numbers.js";
import { barChart, funnelChart, histogramChart } from "./svg-charts.js";

const DROPPED = "dropped_";
const LANGUAGE = "language_";
const PERPLEXITY = "perplexity_";

/** What went into and out of a step; the source has no input, a sink no output. */
interface Flow {
  step: StatsJson;
  docsIn: number | undefined;
  docsOut: number | undefined;
  bytesIn: number | undefined;
  bytesOut: number | undefined;
}

function flows(stats: PipelineStatsJson): Flow[] {
  return stats.steps.map((step) => ({
    step,
    docsIn: step.counters.total,
    docsOut: step.counters.forwarded,
    bytesIn: step.counters.bytes_in,
    bytesOut: step.counters.bytes_out,
  }));
}

/** The headline: read, kept, wall time. */
export function summarySection(stats: PipelineStatsJson): string {
  const all = flows(stats);
  const first = all[0];
  const last = all[all.length - 1];
  const tokens = [...stats.steps].reverse().find((s) => s.counters.tokens !== undefined)?.counters.tokens;
  const card = (key: string, label: string, value: number | undefined, shown: string) =>
    `<div class="card" data-summary="${key}"${value === undefined ? "" : ` data-value="${value}"`}><div class="muted">${label}</div><div class="big">${escapeHtml(shown)}</div></div>`;
  const docsRead = first?.docsOut ?? first?.docsIn;
  const docsKept = last?.docsOut ?? last?.docsIn;
  const bytesRead = first?.bytesOut ?? first?.bytesIn;
  const bytesKept = last?.bytesOut ?? last?.bytesIn;
  return [
    '<div class="cards">',
    card("docs-read", "documents read", docsRead, formatCount(docsRead)),
    card(
      "docs-kept",
      "documents kept",
      docsKept,
      `${formatCount(docsKept)}${docsRead && docsKept !== undefined ? ` (${formatPercent(docsKept, docsRead)})` : ""}`,
    ),
    card("bytes-read", "text read", bytesRead, bytesRead === undefined ? "–" : humanBytes(bytesRead)),
    card("bytes-kept", "text kept", bytesKept, bytesKept === undefined ? "–" : humanBytes(bytesKept)),
    ...(tokens === undefined ? [] : [card("tokens", "tokens", tokens, formatCount(tokens))]),
    card("seconds", "wall time", stats.seconds, formatSeconds(stats.seconds)),
    "</div>",
  ].join("\n");
}

/** Documents and bytes through each step: two funnels and the table of exact figures. */
export function funnelSection(stats: PipelineStatsJson): string {
  const all = flows(stats);
  const row = (f: Flow, docs: boolean) => {
    const inn = docs ? f.docsIn : f.bytesIn;
    const out = docs ? f.docsOut : f.bytesOut;
    return { label: f.step.name, in: inn ?? out ?? 0, out: out ?? inn ?? 0, data: { step: f.step.name } };
  };
  const cell = (field: string, n: number | undefined, shown = formatCount(n)) =>
    `<td class="num" data-field="${field}"${n === undefined ? "" : ` data-value="${n}"`}>${shown}</td>`;
  const rows = all.map((f) => {
    const kept = f.docsIn !== undefined && f.docsOut !== undefined ? formatPercent(f.docsOut, f.docsIn) : "–";
    return [
      `<tr data-step="${escapeHtml(f.step.name)}">`,
      `<th scope="row">${escapeHtml(f.step.name)}</th>`,
      cell("docs-in", f.docsIn),
      cell("docs-out", f.docsOut),
      cell("dropped", f.step.counters.dropped),
      `<td class="num">${kept}</td>`,
      cell("bytes-in", f.bytesIn),
      cell("bytes-out", f.bytesOut),
      "</tr>",
    ].join("");
  });
  return [
    '<section id="funnel">',
    "<h2>Documents and bytes through the steps</h2>",
    '<p class="note">Each bar is what a step passed on; the pale band around it is what the step dropped. The source step has no input, a writer no output.</p>',
    '<div class="charts">',
    `<figure><figcaption>documents</figcaption>${funnelChart(
      all.map((f) => row(f, true)),
      { format: formatCount, label: "documents through each step" },
    )}</figure>`,
    `<figure><figcaption>bytes of text</figcaption>${funnelChart(
      all.map((f) => row(f, false)),
      { format: humanBytes, label: "bytes through each step" },
    )}</figure>`,
    "</div>",
    '<table class="funnel">',
    '<thead><tr><th>step</th><th class="num">docs in</th><th class="num">docs out</th><th class="num">dropped</th><th class="num">kept</th><th class="num">bytes in</th><th class="num">bytes out</th></tr></thead>',
    `<tbody>\n${rows.join("\n")}\n</tbody>`,
    "</table>",
    "</section>",
  ].join("\n");
}

/** For every step that dropped documents: why, as bars. */
export function dropReasonsSection(stats: PipelineStatsJson): string {
  const parts: string[] = [];
  for (const step of stats.steps) {
    const reasons = Object.entries(step.counters)
      .filter(([k, v]) => k.startsWith(DROPPED) && v > 0)
      .map(([k, v]) => ({ reason: k.slice(DROPPED.length), count: v }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
    if (reasons.length === 0) continue;
    const total = step.counters.total ?? 0;
    parts.push(
      `<div class="step-reasons" data-step="${escapeHtml(step.name)}">`,
      `<h3>${escapeHtml(step.name)} <span class="muted">dropped ${formatCount(step.counters.dropped ?? reasons.reduce((s, r) => s + r.count, 0))} of ${formatCount(total)}</span></h3>`,
      barChart(
        reasons.map((r) => ({
          label: r.reason,
          value: r.count,
          detail: `(${formatPercent(r.count, total)} of its input)`,
          data: { reason: r.reason, count: r.count },
        })),
        // scaled to the step's input, so a bar's length is the share of documents that reason took
        { format: formatCount, color: "var(--drop)", max: total, label: `drop reasons of ${step.name}` },
      ),
      "</div>",
    );
  }
  if (parts.length === 0) return "";
  return [
    '<section id="drops">',
    "<h2>Why documents were dropped</h2>",
    '<p class="note">A document is counted under the first rule it failed; the percentages are of the documents that reached the step.</p>',
    ...parts,
    "</section>",
  ].join("\n");
}

/** The languages a language step found, most frequent first; the long tail summed in one bar. */
export function languageSection(stats: PipelineStatsJson, maxLanguages: number): string {
  const step = stats.steps.find((s) => Object.keys(s.counters).some((k) => k.startsWith(LANGUAGE)));
  if (!step) return "";
  const counts = Object.entries(step.counters)
    .filter(([k]) => k.startsWith(LANGUAGE))
    .map(([k, v]) => ({ code: k.slice(LANGUAGE.length), count: v }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  const total = counts.reduce((s, c) => s + c.count, 0);
  const shown = counts.length > maxLanguages ? counts.slice(0, maxLanguages - 1) : counts;
  const rest = counts.slice(shown.length);
  const rows = shown.map((c) => ({
    label: `${c.code} ${languageName(c.code)}`.trim(),
    value: c.count,
    detail: `(${formatPercent(c.count, total)})`,
    data: { language: c.code, count: c.count },
  }));
  if (rest.length > 0) {
    const sum = rest.reduce((s, c) => s + c.count, 0);
    rows.push({ label: `${rest.length} other languages`, value: sum, detail: `(${formatPercent(sum, total)})`, data: { language: "other", count: sum } });
  }
  const table = counts.map(
    (c) =>
      `<tr data-language="${escapeHtml(c.code)}"><td><code>${escapeHtml(c.code)}</code></td><td>${escapeHtml(languageName(c.code))}</td><td class="num">${formatCount(c.count)}</td><td class="num">${formatPercent(c.count, total)}</td></tr>`,
  );
  return [
    '<section id="languages">',
    `<h2>Languages <span class="muted">${counts.length} found by ${escapeHtml(step.name)} in ${formatCount(total)} documents</span></h2>`,
    barChart(rows, { format: formatCount, label: "documents per language" }),
    `<details><summary>all ${counts.length} languages</summary><table><thead><tr><th>code</th><th>language</th><th class="num">documents</th><th class="num">share</th></tr></thead><tbody>${table.join("")}</tbody></table></details>`,
    "</section>",
  ].join("\n");
}

/** Every histogram a step recorded; perplexity ones per language with CCNet's head/tail cut-offs. */
export function histogramSection(stats: PipelineStatsJson): string {
  const parts: string[] = [];
  let allPerplexity = true;
  for (const step of stats.steps) {
    for (const [name, h] of Object.entries(step.histograms ?? {})) {
      const language = name.startsWith(PERPLEXITY) ? name.slice(PERPLEXITY.length) : undefined;
      allPerplexity &&= language !== undefined;
      const count = h.counts.reduce((s, c) => s + c, 0);
      const title = language !== undefined ? `${language} ${languageName(language)}`.trim() : name;
      const cutoffs =
        h.marks?.head !== undefined && h.marks?.tail !== undefined ? `: head ≤ ${formatValue(h.marks.head)}, tail > ${formatValue(h.marks.tail)}` : "";
      parts.push(
        `<figure class="histogram-figure" data-step="${escapeHtml(step.name)}">`,
        `<figcaption><strong>${escapeHtml(title)}</strong> <span class="muted">${formatCount(count)} documents${escapeHtml(cutoffs)} (${escapeHtml(step.name)})</span></figcaption>`,
        histogramChart(name, h, { format: formatValue, label: `${name}: distribution`, axis: language !== undefined ? "perplexity (log scale)" : name }),
        "</figure>",
      );
    }
  }
  if (parts.length === 0) return "";
  const heading = allPerplexity ? "Perplexity per language" : "Histograms";
  const note = allPerplexity
    ? '<p class="note">Perplexity under each language\'s n-gram model; lower reads more like the model\'s reference text. The dashed lines are the cut-offs of CCNet\'s buckets: <span class="key head">head</span> below the first, <span class="key tail">tail</span> above the second, <span class="key middle">middle</span> between.</p>'
    : "";
  return ['<section id="histograms">', `<h2>${heading}</h2>`, note, ...parts, "</section>"].join("\n");
}

/** Steps that counted tokens (tokenize, write_tokens): how many, per document and per byte. */
export function tokenSection(stats: PipelineStatsJson): string {
  const steps = stats.steps.filter((s) => s.counters.tokens !== undefined);
  if (steps.length === 0) return "";
  const rows = steps.map((s) => {
    const tokens = s.counters.tokens!;
    const docs = s.counters.total ?? s.counters.forwarded;
    const bytes = s.counters.bytes_in;
    return `<tr data-step="${escapeHtml(s.name)}"><th scope="row">${escapeHtml(s.name)}</th><td class="num" data-field="tokens" data-value="${tokens}">${formatCount(tokens)}</td><td class="num">${formatCount(docs)}</td><td class="num">${docs ? formatValue(tokens / docs) : "–"}</td><td class="num">${bytes && tokens ? formatValue(bytes / tokens) : "–"}</td></tr>`;
  });
  return [
    '<section id="tokens">',
    "<h2>Tokens</h2>",
    '<table><thead><tr><th>step</th><th class="num">tokens</th><th class="num">documents</th><th class="num">tokens per document</th><th class="num">bytes per token</th></tr></thead>',
    `<tbody>${rows.join("")}</tbody></table>`,
    "</section>",
  ].join("\n");
}

/** Seconds per step (each step's own time, not counting the steps before it) and throughput. */
export function timeSection(stats: PipelineStatsJson): string {
  const mb = (n: number) => `${formatValue(n / 1e6)} MB`;
  const docs = (n: number) => formatValue(n);
  const rows = stats.steps.map((s) => {
    const n = s.counters.total ?? s.counters.forwarded;
    const bytes = s.counters.bytes_in ?? s.counters.bytes_out;
    return `<tr data-step="${escapeHtml(s.name)}"><th scope="row">${escapeHtml(s.name)}</th><td class="num" data-field="seconds" data-value="${s.seconds}">${formatSeconds(s.seconds)}</td><td class="num">${formatRate(n, s.seconds, docs)}</td><td class="num">${formatRate(bytes, s.seconds, mb)}</td></tr>`;
  });
  return [
    '<section id="time">',
    `<h2>Time <span class="muted">${formatSeconds(stats.seconds)} wall time</span></h2>`,
    barChart(
      stats.steps.map((s) => ({ label: s.name, value: s.seconds, data: { step: s.name } })),
      { format: formatSeconds, label: "seconds per step" },
    ),
    '<table><thead><tr><th>step</th><th class="num">seconds</th><th class="num">documents</th><th class="num">text</th></tr></thead>',
    `<tbody>${rows.join("")}</tbody></table>`,
    "</section>",
  ].join("\n");
}

/** A few dropped documents per reason (a sample the steps drew by hash), escaped and cut short. */
export function samplesSection(stats: PipelineStatsJson): string {
  const parts: string[] = [];
  for (const step of stats.steps) {
    for (const [reason, samples] of Object.entries(step.samples ?? {})) {
      if (samples.length === 0) continue;
      const dropped = step.counters[`${DROPPED}${reason}`];
      const items = samples.map((s) => {
        const cut = s.chars > s.text.length ? ` <span class="muted">— first ${formatCount(s.text.length)} of ${formatCount(s.chars)} characters</span>` : "";
        return `<article class="sample" data-id="${escapeHtml(s.id)}"><div class="sample-id"><code>${escapeHtml(s.id)}</code>${cut}</div><pre>${escapeHtml(s.text)}</pre></article>`;
      });
      parts.push(
        `<details class="samples" data-step="${escapeHtml(step.name)}" data-reason="${escapeHtml(reason)}">`,
        `<summary><strong>${escapeHtml(step.name)}</strong> · ${escapeHtml(reason)} <span class="muted">${samples.length} of ${formatCount(dropped ?? samples.length)} dropped</span></summary>`,
        ...items,
        "</details>",
      );
    }
  }
  if (parts.length === 0) return "";
  return [
    '<section id="samples">',
    "<h2>Sample dropped documents</h2>",
    '<p class="note">Up to five documents per reason, the same ones whatever the number of tasks (the smallest hashes of their ids); click a reason to open it.</p>',
    ...parts,
    "</section>",
  ].join("\n");
}

/** Every counter of every step, as in stats.json. */
export function countersSection(stats: PipelineStatsJson): string {
  const rows = stats.steps.flatMap((s) =>
    Object.entries(s.counters).map(
      ([k, v], i) =>
        `<tr>${i === 0 ? `<th scope="rowgroup" rowspan="${Object.keys(s.counters).length}">${escapeHtml(s.name)}</th>` : ""}<td><code>${escapeHtml(k)}</code></td><td class="num">${formatCount(v)}</td></tr>`,
    ),
  );
  return [
    '<section id="counters">',
    "<h2>All counters</h2>",
    `<details><summary>${rows.length} counters of ${stats.steps.length} steps</summary><table><tbody>${rows.join("")}</tbody></table></details>`,
    "</section>",
  ].join("\n");
}

// --- internal ---

const names = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/** "Chinese" for zh; empty for a code ICU does not know (a config may name any language). */
function languageName(code: string): string {
  try {
    return names.of(code) ?? "";
  } catch {
    return "";
  }
}
