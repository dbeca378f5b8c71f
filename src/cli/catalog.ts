// corpuskit catalog list|show|export: the catalog from the command line.
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { EXPORT_FORMATS, catalogTable, exportCatalog, humanBytes, humanCount, type ExportFormat } from "../catalog/export.js";
import { openability } from "../catalog/openability.js";
import { findDatasets, getDataset } from "../catalog/registry.js";
import type { Dataset } from "../catalog/schema.js";
import { ConfigError } from "../errors.js";
import { numberOption } from "./parse.js";

export function registerCatalog(program: Command): void {
  const catalog = program.command("catalog").description("query the catalog of public LLM datasets");

  catalog
    .command("list")
    .description("list datasets, optionally filtered")
    .option("--lang <code>", "language (ISO code; zh also matches zh-Hant)")
    .option("--stage <stage>", "pretraining, sft, preference or evaluation")
    .option("--domain <domain>", "web, books, academic, code, ...")
    .option("--license <name>", "SPDX id or part of the licence name")
    .option("--commercial", "only datasets whose terms allow commercial use")
    .option("--min-bytes <n>", "at least this many bytes (e.g. 50e9)", numberOption)
    .option("--min-tokens <n>", "at least this many tokens", numberOption)
    .option("--used-by <model>", "trained on by this model")
    .option("--text <words>", "words in the name, aliases or description")
    .option("--openable", "show whether and how each entry opens with openDataset / corpuskit cat")
    .option("--json", "print the entries as JSON")
    .action((opts: Record<string, unknown>) => {
      const found = findDatasets({
        ...(opts.lang ? { language: String(opts.lang) } : {}),
        ...(opts.stage ? { stage: opts.stage as "pretraining" } : {}),
        ...(opts.domain ? { domain: opts.domain as "web" } : {}),
        ...(opts.license ? { license: String(opts.license) } : {}),
        ...(opts.commercial ? { commercialUse: true } : {}),
        ...(opts.minBytes !== undefined ? { minBytes: opts.minBytes as number } : {}),
        ...(opts.minTokens !== undefined ? { minTokens: opts.minTokens as number } : {}),
        ...(opts.usedBy ? { usedBy: String(opts.usedBy) } : {}),
        ...(opts.text ? { text: String(opts.text) } : {}),
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
        return;
      }
      if (opts.openable) {
        process.stdout.write(`${openableTable(found)}\n${found.filter((d) => openability(d).openable !== "no").length} of ${found.length} open\n`);
        return;
      }
      process.stdout.write(`${alignedTable(found)}\n${found.length} dataset${found.length === 1 ? "" : "s"}\n`);
    });

  catalog
    .command("show")
    .description("everything the catalog knows about one dataset")
    .argument("<id>", "id, alias or Hugging Face id")
    .option("--json", "print the entry as JSON")
    .action((id: string, opts: { json?: boolean }) => {
      const d = getDataset(id);
      process.stdout.write(opts.json ? `${JSON.stringify(d, null, 2)}\n` : describe(d));
    });

  catalog
    .command("export")
    .description("the whole catalog as CSV, JSON, a Markdown table, a searchable HTML page, or the entry JSON Schema")
    .requiredOption("--format <format>", EXPORT_FORMATS.join(", "))
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action(async (opts: { format: string; output?: string }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
        throw new ConfigError("catalog export", `unknown format "${opts.format}", expected one of ${EXPORT_FORMATS.join(", ")}`);
      }
      const text = await exportCatalog(findDatasets(), opts.format as ExportFormat);
      if (opts.output) await writeFile(opts.output, text);
      else process.stdout.write(text);
    });
}

// --- internal ---

function describeAssembly(t: NonNullable<Dataset["download"]>["files"][number]["text"]): string {
  if (!t) return "";
  if (t.kind === "field") return t.field;
  if (t.kind === "fields") return t.fields.join(" + ");
  return `${t.head.length > 0 ? `${t.head.join(" + ")} + ` : ""}${t.list}[].${t.field}${t.sortBy ? ` by ${t.sortBy}` : ""}`;
}

function openableTable(list: readonly Dataset[]): string {
  const rows = list.map((d) => {
    const o = openability(d);
    return [d.id, o.openable, o.how];
  });
  const head = ["id", "opens", "how"];
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c)).join("  ")).join("\n");
}

function alignedTable(list: readonly Dataset[]): string {
  const rows = catalogTable(list).map((r) => [
    String(r.id),
    String(r.stage),
    String(r.languages).length > 24 ? `${String(r.languages).slice(0, 21)}...` : String(r.languages),
    r.bytes ? humanBytes(Number(r.bytes)) : "",
    r.tokens ? humanCount(Number(r.tokens)) : "",
    String(r.license).length > 28 ? `${String(r.license).slice(0, 25)}...` : String(r.license),
    r.commercial_use === null ? "?" : r.commercial_use ? "yes" : "no",
  ]);
  const head = ["id", "stage", "languages", "size", "tokens", "license", "commercial"];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function describe(d: Dataset): string {
  const out: string[] = [`${d.name}  (${d.id})`, ""];
  const line = (label: string, value: string | undefined) => value && out.push(`${`${label}:`.padEnd(14)}${value}`);
  line("aliases", d.aliases.join(", "));
  line("stage", d.stage.join(", ") + (d.raw ? " (raw: needs processing)" : ""));
  line("languages", d.languages.join(" ") + (d.languageCount ? ` (${d.languageCount} in all)` : ""));
  line("domains", d.domains.join(", "));
  const fig = (
    label: string,
    f: { value: number; stated?: string | undefined; source: string; uncertain?: boolean | undefined } | undefined,
    unit: (n: number) => string,
  ) => f && line(label, `${unit(f.value)}${f.stated ? ` ("${f.stated}")` : ""} — ${f.source}${f.uncertain ? " [uncertain]" : ""}`);
  fig("bytes", d.size.bytes, humanBytes);
  fig("compressed", d.size.compressedBytes, humanBytes);
  fig("documents", d.size.documents, humanCount);
  if (d.size.tokens)
    fig("tokens", { ...d.size.tokens, stated: `${d.size.tokens.stated ?? ""}${d.size.tokens.stated ? ", " : ""}${d.size.tokens.tokenizer}` }, humanCount);
  line(
    "license",
    `${d.license.name}${d.license.spdx ? ` [${d.license.spdx}]` : ""}; commercial use: ${d.license.commercialUse === null ? "unclear" : d.license.commercialUse ? "yes" : "no"} — ${d.license.source}`,
  );
  line("used by", d.usedBy.map((u) => `${u.model}${u.note ? ` (${u.note})` : ""}${u.uncertain ? " [uncertain]" : ""}`).join("; "));
  line("homepage", d.homepage);
  line("repository", d.repository);
  if (d.paper) line("paper", `${d.paper.title}${d.paper.year ? ` (${d.paper.year})` : ""}${d.paper.arxiv ? `, arXiv ${d.paper.arxiv}` : ""}`);
  for (const p of d.papers ?? []) line("also", `${p.title}${p.arxiv ? `, arXiv ${p.arxiv}` : ""}`);
  line("hub", d.hub.map((h) => `${h.id}${h.configs ? ` [${h.configs.join(", ")}]` : ""}`).join("; "));
  out.push("", d.description);
  if (d.schema)
    out.push(
      "",
      `record fields (text: ${d.schema.textField}):`,
      ...d.schema.fields.map((f) => `  ${f.name}: ${f.type}${f.description ? ` — ${f.description}` : ""}`),
    );
  if (d.subsets.length > 0) {
    out.push("", "subsets:");
    for (const s of d.subsets) {
      const size = s.size?.bytes ? humanBytes(s.size.bytes.value) : s.size?.tokens ? `${humanCount(s.size.tokens.value)} tokens` : "";
      out.push(
        `  ${s.id.padEnd(22)} ${size.padEnd(10)} ${s.proportion !== undefined ? `${(s.proportion * 100).toFixed(2)}%` : ""} ${s.description ?? ""}`.trimEnd(),
      );
    }
  }
  if (d.download) {
    out.push("", `files (under ${d.download.baseUrl}${d.download.available ? "" : ", not served over plain HTTP"}):`);
    for (const f of d.download.files)
      out.push(
        `  ${[f.subset, f.split].filter(Boolean).join("/").padEnd(24)} ${f.path}  (${f.format}, ${f.compression}${f.shards ? `, ${f.shards} shards` : ""}${f.text ? `, text: ${describeAssembly(f.text)}` : ""})`,
      );
    if (d.download.howToGet) out.push("", `how to get the files: ${d.download.howToGet}`);
    const o = openability(d);
    out.push(`opens with openDataset: ${o.openable} (${o.how})`);
  }
  if (d.notes.length > 0) out.push("", "notes:", ...d.notes.map((n) => `  - ${n}`));
  if (d.citation) out.push("", d.citation);
  out.push("", `facts checked: ${d.updated}`);
  return `${out.join("\n")}\n`;
}
