// Validates catalog/*.json: every file parses against DatasetSchema, its id equals its file name,
// ids and aliases are unique, `related` ids exist. Prints every problem with its file and path.
// Run: npx tsx scripts/check-catalog.ts [files...]
import { readdirSync, readFileSync } from "node:fs";
import { z } from "zod";
import { DatasetSchema } from "../src/catalog/schema.js";

const files = (process.argv.length > 2 ? process.argv.slice(2).map((f) => f.replace(/^catalog\//, "")) : readdirSync("catalog"))
  .filter((f) => f.endsWith(".json") && f !== "schema.json")
  .sort();
const all = readdirSync("catalog").filter((f) => f.endsWith(".json") && f !== "schema.json");
const ids = new Set(all.map((f) => f.replace(/\.json$/, "")));
const names = new Map<string, string>();
let problems = 0;
for (const file of all) {
  let raw: { id?: string; aliases?: string[] };
  try {
    raw = JSON.parse(readFileSync(`catalog/${file}`, "utf8"));
  } catch (e) {
    if (files.includes(file)) (console.log(`catalog/${file}: not JSON: ${(e as Error).message}`), problems++);
    continue;
  }
  for (const n of [raw.id ?? "", ...(raw.aliases ?? [])].map((s) => s.toLowerCase())) {
    if (names.has(n) && names.get(n) !== file) (console.log(`catalog/${file}: name "${n}" is also used by ${names.get(n)}`), problems++);
    names.set(n, file);
  }
}
for (const file of files) {
  const raw = JSON.parse(readFileSync(`catalog/${file}`, "utf8"));
  const result = DatasetSchema.safeParse(raw);
  if (!result.success) {
    problems++;
    console.log(`catalog/${file}:\n${z.prettifyError(result.error)}`);
    continue;
  }
  const d = result.data;
  if (`${d.id}.json` !== file) (console.log(`catalog/${file}: id "${d.id}" does not match the file name`), problems++);
  for (const r of d.related) if (!ids.has(r)) console.log(`catalog/${file}: related id "${r}" has no catalog file (yet)`);
}
console.log(problems === 0 ? `ok: ${files.length} file(s) valid` : `${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
