// Numbers as people read them, in one place for the catalog, the report, the progress lines and the CLI.

// Sizes: 1.2 GB, 3.4B tokens (decimal units, as dataset cards state them).
export function humanBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n >= 100 || i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}

export function humanCount(n: number): string {
  if (n >= 1e12) return `${(n / 1e12).toFixed(n >= 1e13 ? 0 : 1)}T`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(n >= 1e10 ? 0 : 1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(n >= 1e4 ? 0 : 1)}K`;
  return String(n);
}

// The report: counts in full with thousands separators (the same figures as stats.json, so a reader
// can check one against the other), everything else rounded to what a reader compares at a glance.
/** 1,234,567; a dash when the step has no such counter. */
export function formatCount(n: number | undefined): string {
  return n === undefined ? "–" : n.toLocaleString("en-US");
}

/** 12%, 1.5%, 0.04%: two significant figures below 10%. */
export function formatPercent(part: number, whole: number): string {
  if (!(whole > 0)) return "–";
  const p = (part / whole) * 100;
  if (p === 0 || p >= 10) return `${Math.round(p)}%`;
  return `${Number(p.toPrecision(2))}%`;
}

/** A measured value (a perplexity, a cut-off): whole numbers from 100 up, else three significant figures. */
export function formatValue(n: number): string {
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString("en-US");
  return String(Number(n.toPrecision(3)));
}

export function formatSeconds(seconds: number): string {
  return seconds >= 100 ? `${Math.round(seconds)} s` : `${Number(seconds.toPrecision(3))} s`;
}

/** Per second, for throughput; a dash when the step took no measurable time. */
export function formatRate(amount: number | undefined, seconds: number, unit: (n: number) => string): string {
  if (amount === undefined || !(seconds > 0)) return "–";
  return `${unit(amount / seconds)}/s`;
}

/** `42s`, `1m 05s`, `2h 03m 09s`: whole seconds, as tqdm and datatrove print them. */
export function duration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h ${pad(m)}m ${pad(sec)}s`;
  if (m > 0) return `${m}m ${pad(sec)}s`;
  return `${sec}s`;
}
