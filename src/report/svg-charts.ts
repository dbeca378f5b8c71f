// The report's charts as inline SVG strings: horizontal bars, a funnel, a histogram with marks.
// Written here rather than taken from a charting library so the page stays one small file that
// opens from disk with no script; every label goes through escapeHtml.
import { escapeHtml } from "../html/escape-html.js";
import type { HistogramJson } from "../pipeline/stats.js";
import { formatPercent } from "../text/human-numbers.js";

const WIDTH = 760;
const LABEL_WIDTH = 230;
const VALUE_WIDTH = 150;
const ROW = 22;
/** Labels longer than this are cut with an ellipsis; the full label is in the bar's tooltip. */
const LABEL_CHARS = 34;

export interface BarRow {
  label: string;
  value: number;
  /** Shown after the value, e.g. "12.5%". */
  detail?: string;
  /** data-* attributes on the row, for tests and for readers of the page's source. */
  data?: Record<string, string | number>;
}

/** One horizontal bar per row, scaled to the largest value (or `max`). */
export function barChart(rows: readonly BarRow[], options: { format: (n: number) => string; max?: number; color?: string; label: string }): string {
  const max = options.max ?? Math.max(0, ...rows.map((r) => r.value));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = rows.length * ROW + 4;
  const bars = rows.map((r, i) => {
    const y = i * ROW + 2;
    const w = max > 0 ? Math.max(r.value > 0 ? 1 : 0, (r.value / max) * plot) : 0;
    const text = `${options.format(r.value)}${r.detail ? ` ${r.detail}` : ""}`;
    return [
      `<g class="bar"${dataAttributes(r.data)}>`,
      `<title>${escapeHtml(`${r.label}: ${text}`)}</title>`,
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(shorten(r.label))}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${px(w)}" height="${ROW - 6}" rx="2" fill="${options.color ?? "var(--accent)"}"/>`,
      `<text x="${px(LABEL_WIDTH + w + 6)}" y="${y + 15}">${escapeHtml(text)}</text>`,
      "</g>",
    ].join("");
  });
  return svg(height, options.label, bars.join("\n"));
}

export interface FunnelRow {
  label: string;
  in: number;
  out: number;
  data?: Record<string, string | number>;
}

/** A centred bar per step: the part that went on, flanked by the part the step dropped. */
export function funnelChart(rows: readonly FunnelRow[], options: { format: (n: number) => string; label: string }): string {
  const max = Math.max(0, ...rows.map((r) => Math.max(r.in, r.out)));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const centre = LABEL_WIDTH + plot / 2;
  const height = rows.length * ROW + 4;
  const bars = rows.map((r, i) => {
    const y = i * ROW + 2;
    const whole = max > 0 ? (Math.max(r.in, r.out) / max) * plot : 0;
    const kept = max > 0 ? (r.out / max) * plot : 0;
    const dropped = r.in - r.out;
    const text = dropped > 0 ? `${options.format(r.out)} (−${formatPercent(dropped, r.in)})` : options.format(r.out);
    return [
      `<g class="funnel-row"${dataAttributes(r.data)}>`,
      `<title>${escapeHtml(`${r.label}: ${options.format(r.in)} in, ${options.format(r.out)} out`)}</title>`,
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(shorten(r.label))}</text>`,
      `<rect x="${px(centre - whole / 2)}" y="${y + 3}" width="${px(whole)}" height="${ROW - 6}" fill="var(--drop)" opacity="0.35"/>`,
      `<rect x="${px(centre - kept / 2)}" y="${y + 3}" width="${px(kept)}" height="${ROW - 6}" fill="var(--keep)"/>`,
      `<text x="${WIDTH - VALUE_WIDTH + 8}" y="${y + 15}">${escapeHtml(text)}</text>`,
      "</g>",
    ].join("");
  });
  return svg(height, options.label, bars.join("\n"));
}

/** Colours of the regions a histogram's marks cut it into (CCNet's perplexity buckets). */
const REGION_COLORS: Record<string, string> = { head: "var(--head)", middle: "var(--middle)", tail: "var(--tail)" };

/**
 * Bars over the histogram's bins, cropped to the bins that hold data or a mark. Bins are drawn
 * equally wide, which for log-spaced edges (perplexity) is a log axis; the open-ended first and
 * last bins are labelled with their edge. Marks are dashed lines; with `head` and `tail` marks the
 * bars are coloured by the bucket they fall in.
 */
export function histogramChart(name: string, h: HistogramJson, options: { format: (n: number) => string; label: string; axis: string }): string {
  const n = h.edges.length;
  const marks = Object.entries(h.marks ?? {}).map(([label, value]) => ({ label, value, pos: position(h.edges, value) }));
  const filled = h.counts.flatMap((c, i) => (c > 0 ? [i] : []));
  if (filled.length === 0 && marks.length === 0) return `<p class="note">${escapeHtml(name)}: no values</p>`;
  const spots = [...filled, ...marks.map((m) => Math.floor(m.pos))];
  const lo = Math.max(0, Math.min(...spots) - 1);
  const hi = Math.min(n + 1, Math.max(...spots) + 2);
  const left = 56;
  const right = WIDTH - 16;
  const top = 28;
  const bottom = 190;
  const height = 236;
  const x = (pos: number) => left + ((pos - lo) / (hi - lo)) * (right - left);
  const maxCount = Math.max(1, ...h.counts.slice(lo, hi));
  const head = marks.find((m) => m.label === "head");
  const tail = marks.find((m) => m.label === "tail");
  const parts: string[] = [];
  for (let i = lo; i < hi; i++) {
    const count = h.counts[i] ?? 0;
    if (count === 0) continue;
    const centre = i + 0.5;
    const region = head && tail ? (centre < head.pos ? "head" : centre > tail.pos ? "tail" : "middle") : undefined;
    const barHeight = (count / maxCount) * (bottom - top);
    const range =
      i === 0
        ? `< ${options.format(h.edges[0]!)}`
        : i === n
          ? `≥ ${options.format(h.edges[n - 1]!)}`
          : `${options.format(h.edges[i - 1]!)} – ${options.format(h.edges[i]!)}`;
    parts.push(
      `<rect class="bin" data-count="${count}"${region ? ` data-region="${region}"` : ""} x="${px(x(i) + 0.5)}" y="${px(bottom - barHeight)}" width="${px(Math.max(1, x(i + 1) - x(i) - 1))}" height="${px(barHeight)}" fill="${region ? REGION_COLORS[region] : "var(--accent)"}"><title>${escapeHtml(`${range}: ${count.toLocaleString("en-US")}`)}</title></rect>`,
    );
  }
  // axes: the count scale on the left, the edges that are powers of ten (or a few evenly spaced) below
  parts.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="var(--line)"/>`);
  parts.push(`<text class="muted" x="${left - 6}" y="${top + 4}" text-anchor="end">${maxCount.toLocaleString("en-US")}</text>`);
  parts.push(`<text class="muted" x="${left - 6}" y="${bottom}" text-anchor="end">0</text>`);
  for (const k of tickEdges(h.edges, lo, hi)) {
    const tx = x(k + 1);
    parts.push(`<line x1="${px(tx)}" y1="${bottom}" x2="${px(tx)}" y2="${bottom + 4}" stroke="var(--muted)"/>`);
    parts.push(`<text class="muted" x="${px(tx)}" y="${bottom + 17}" text-anchor="middle">${escapeHtml(options.format(h.edges[k]!))}</text>`);
  }
  parts.push(`<text class="muted" x="${(left + right) / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(options.axis)}</text>`);
  for (const m of marks) {
    const mx = x(m.pos);
    const anchor = m === head ? "end" : "start";
    parts.push(
      `<g class="mark" data-mark="${escapeHtml(m.label)}" data-value="${m.value}"><line x1="${px(mx)}" y1="${top - 10}" x2="${px(mx)}" y2="${bottom}" stroke="var(--fg)" stroke-dasharray="4 3"/>` +
        `<text x="${px(mx + (anchor === "end" ? -4 : 4))}" y="${top - 2}" text-anchor="${anchor}">${escapeHtml(`${m.label} ${options.format(m.value)}`)}</text></g>`,
    );
  }
  return `<svg class="histogram" data-histogram="${escapeHtml(name)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(options.label)}">\n${parts.join("\n")}\n</svg>`;
}

// --- internal ---

function svg(height: number, label: string, content: string): string {
  return `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(label)}">\n${content}\n</svg>`;
}

/** Where a value falls in bin-index space: bin i spans [i, i+1), interpolated (in log space when the edges are positive). */
function position(edges: readonly number[], value: number): number {
  let bin = 0;
  while (bin < edges.length && edges[bin]! <= value) bin++;
  if (bin === 0) return 0.5;
  if (bin === edges.length) return bin + 0.5;
  const a = edges[bin - 1]!;
  const b = edges[bin]!;
  const f = a > 0 ? (v: number) => Math.log(v) : (v: number) => v;
  return bin + (f(value) - f(a)) / (f(b) - f(a));
}

/** Edge indices to label: powers of ten when the edges span decades, else about six evenly spaced. */
function tickEdges(edges: readonly number[], lo: number, hi: number): number[] {
  const inRange = edges.map((_, k) => k).filter((k) => k + 1 >= lo && k + 1 <= hi);
  const decades = inRange.filter((k) => edges[k]! > 0 && Math.abs(Math.log10(edges[k]!) - Math.round(Math.log10(edges[k]!))) < 1e-9);
  if (decades.length >= 2) return decades;
  const step = Math.max(1, Math.ceil(inRange.length / 6));
  return inRange.filter((_, i) => i % step === 0);
}

function dataAttributes(data: Record<string, string | number> | undefined): string {
  return Object.entries(data ?? {})
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join("");
}

function shorten(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}
