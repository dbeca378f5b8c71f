// bench/REPORT.md: what `npm run bench` measured, one section per benchmark: a summary table (our
// figure, the peer's measured in the same run, the ratio, the goal) and the benchmark's own output,
// under the machine it ran on. Running some benchmarks rewrites their sections and keeps the others.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

export interface Row {
  what: string;
  ours: string;
  peer?: string;
  ratio?: string;
  goal?: string;
}

const rows = new Map<string, Row[]>();
let current = "";

/** A summary row of the benchmark now running. */
export function record(row: Row): void {
  const list = rows.get(current) ?? [];
  list.push(row);
  rows.set(current, list);
}

/** Run one benchmark, keeping what it prints for the report. */
export async function captured(name: string, run: () => Promise<void>): Promise<string> {
  current = name;
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
    log(...args);
  };
  try {
    await run();
  } finally {
    console.log = log;
  }
  return lines.join("\n");
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} x ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

const PATH = "bench/REPORT.md";
const START = (name: string) => `<!-- bench:${name} -->`;
const END = (name: string) => `<!-- /bench:${name} -->`;

/** Write the sections of the benchmarks that ran, in `order`, keeping the others' from the file. */
export function writeReport(order: readonly string[], outputs: Map<string, string>): void {
  const old = existsSync(PATH) ? readFileSync(PATH, "utf8") : "";
  const when = new Date().toISOString().slice(0, 10);
  const sections = order.map((name) => {
    const output = outputs.get(name);
    if (output === undefined) {
      const at = old.indexOf(START(name));
      const end = old.indexOf(END(name));
      return at !== -1 && end !== -1
        ? old.slice(at, end + END(name).length)
        : `${START(name)}\n## ${name}\n\nnot run yet: \`npm run bench -- ${name}\`\n${END(name)}`;
    }
    const table = (rows.get(name) ?? []).map((r) => `| ${r.what} | ${r.ours} | ${r.peer ?? ""} | ${r.ratio ?? ""} | ${r.goal ?? ""} |`);
    return [
      START(name),
      `## ${name}`,
      "",
      `${when}, ${machine()}. The machine is shared: absolute figures move by ±30% between runs; the ratios, measured in the same run, are what to compare.`,
      "",
      ...(table.length > 0 ? ["| measure | corpuskit | peer | ratio | goal |", "|---|---|---|---|---|", ...table, ""] : []),
      "```",
      output,
      "```",
      END(name),
    ].join("\n");
  });
  const head =
    "# Benchmark report\n\nWritten by `npm run bench` (all benchmarks) or `npm run bench -- NAME...` (those sections only). Each benchmark measures its peer in the same run.\n";
  writeFileSync(PATH, `${head}\n${sections.join("\n\n")}\n`);
}
