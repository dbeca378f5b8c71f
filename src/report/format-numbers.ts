// How the report writes numbers: counts in full with thousands separators (the same figures as
// stats.json, so a reader can check one against the other), everything else rounded to what a
// reader compares at a glance.

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
