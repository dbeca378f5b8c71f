// The catalog in other shapes: CSV (fast-csv), JSON, a Markdown table, a browsable HTML page, and
// the JSON Schema of an entry (generated from the zod schema, never written by hand).
import { writeToString } from "fast-csv";
import { z } from "zod";
import { catalogHtml } from "./export-html.js";
import { humanBytes, humanCount } from "../text/human-numbers.js";
import { openability } from "./openability.js";
import { DatasetSchema, type Dataset } from "./schema.js";

export { humanBytes, humanCount };

export const EXPORT_FORMATS = ["csv", "json", "markdown", "jsonschema", "html"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One flat row per dataset: what a table shows and a spreadsheet sorts. */
export function catalogTable(list: readonly Dataset[]): Record<string, string | number | boolean | null>[] {
  return list.map((d) => ({
    id: d.id,
    name: d.name,
    stage: d.stage.join("+"),
    languages: d.languages.join(" ") + (d.languageCount ? ` (${d.languageCount})` : ""),
    domains: d.domains.join(" "),
    bytes: d.size.bytes?.value ?? d.size.compressedBytes?.value ?? null,
    documents: d.size.documents?.value ?? null,
    tokens: d.size.tokens?.value ?? null,
    license: d.license.spdx ?? d.license.name,
    commercial_use: d.license.commercialUse,
    used_by: d.usedBy.map((u) => u.model).join("; "),
    hub: d.hub.map((h) => h.id).join(" "),
    aliases: d.aliases.join("; "),
    opens: ((o) => `${o.openable}: ${o.how}`)(openability(d)),
  }));
}

export async function exportCatalog(list: readonly Dataset[], format: ExportFormat): Promise<string> {
  if (format === "json") return `${JSON.stringify(list, null, 2)}\n`;
  if (format === "html") return catalogHtml(list);
  if (format === "jsonschema") return `${JSON.stringify(z.toJSONSchema(DatasetSchema, { io: "input" }), null, 2)}\n`;
  const rows = catalogTable(list);
  if (format === "csv") {
    // Cells that start like a formula are quoted with a leading apostrophe (CSV injection).
    const safe = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v])));
    return `${await writeToString(safe, { headers: true })}\n`;
  }
  return markdownTable(rows);
}

// --- internal ---

function markdownTable(rows: Record<string, string | number | boolean | null>[]): string {
  const columns = ["id", "name", "stage", "languages", "size", "license", "commercial_use", "used_by", "opens (openDataset)"];
  const cell = (v: unknown) => String(v ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [`| ${columns.join(" | ")} |`, `| ${columns.map(() => "---").join(" | ")} |`];
  for (const r of rows) {
    const size = [r.bytes ? humanBytes(Number(r.bytes)) : "", r.tokens ? `${humanCount(Number(r.tokens))} tokens` : "", r.documents ? `${humanCount(Number(r.documents))} docs` : ""].filter(Boolean).join(", ");
    lines.push(`| ${[r.id, r.name, r.stage, r.languages, size, r.license, r.commercial_use === null ? "?" : r.commercial_use ? "yes" : "no", r.used_by, r.opens].map(cell).join(" | ")} |`);
  }
  return `${lines.join("\n")}\n`;
}
