// Stats as a table for a terminal: one row per step, then its drop reasons and other counters.
import type { PipelineStats } from "./stats.js";

export function formatStatsTable(stats: PipelineStats): string {
  const rows: string[][] = [["step", "docs in", "docs out", "dropped", "MB in", "MB out", "seconds"]];
  const notes: string[] = [];
  for (const step of stats.steps) {
    const c = step.counters;
    rows.push([step.name, num(c.total), num(c.forwarded), num(c.dropped), mb(c.bytes_in), mb(c.bytes_out), step.seconds.toFixed(2)]);
    const extra = Object.entries(c).filter(([k]) => !["total", "forwarded", "dropped", "bytes_in", "bytes_out"].includes(k));
    if (extra.length > 0) notes.push(`  ${step.name}: ${extra.map(([k, v]) => `${k}=${v.toLocaleString("en-US")}`).join(", ")}`);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  const out = [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)];
  if (notes.length > 0) out.push("", "counters:", ...notes);
  out.push("", `wall time: ${stats.seconds.toFixed(2)} s`);
  return out.join("\n");
}

function num(n: number | undefined): string {
  return n === undefined ? "-" : n.toLocaleString("en-US");
}

function mb(n: number | undefined): string {
  return n === undefined ? "-" : (n / 1e6).toFixed(2);
}
