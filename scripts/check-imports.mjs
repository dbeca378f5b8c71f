#!/usr/bin/env node
// The one-way dependencies of the layout in docs/architecture.md, checked on every relative import
// under src/ (static `import`/`export ... from` and dynamic `import("...")`):
//   cli -> run -> steps (extract, clean, filters, dedup, score, tokenize, catalog, report)
//       -> io, text, lm, hash, langid, html -> runtime, pipeline -> doc.ts, errors.ts, options.ts
// A folder may import its own files and anything in a lower layer; nothing imports src/cli/ but the
// CLI; the engine (src/pipeline/) imports only doc.ts, errors.ts and options.ts; and no import cycle.
// Usage: node scripts/check-imports.mjs [srcDir]   (exit 1 and one line per violation)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const LAYERS = [
  ["doc.ts", "errors.ts", "options.ts", "locations.ts"],
  ["pipeline", "runtime"],
  ["io", "text", "lm", "hash", "langid", "html"],
  ["extract", "clean", "filters", "dedup", "score", "tokenize", "catalog", "report"],
  ["run"],
  ["cli", "index.ts"],
];
/** Entry points may import anything below the CLI. */
const ENTRY_FILES = new Set(["index.ts", "catalog/index.ts"]);

export function checkImports(srcDir) {
  const root = resolve(srcDir);
  const files = listFiles(root).filter((f) => /\.(ts|mts|mjs)$/.test(f) && !f.endsWith(".d.ts"));
  const graph = new Map();
  const problems = [];
  for (const file of files) {
    const rel = relative(root, file).split(sep).join("/");
    const targets = [];
    for (const { spec, typeOnly } of importsOf(readFileSync(file, "utf8"))) {
      if (!spec.startsWith(".")) continue;
      const target = relative(root, resolve(dirname(file), spec))
        .split(sep)
        .join("/")
        .replace(/\.js$/, ".ts")
        .replace(/\.mjs$/, ".mts");
      if (target.startsWith("..")) continue;
      // A type-only import vanishes from the JavaScript: it counts for the layers, not for cycles.
      if (!typeOnly) targets.push(target);
      const why = violation(rel, target);
      if (why) problems.push(`${rel} imports ${target}: ${why}`);
    }
    graph.set(rel, targets);
  }
  for (const cycle of findCycles(graph)) problems.push(`import cycle: ${cycle.join(" -> ")}`);
  return problems;
}

function unitOf(rel) {
  return rel.includes("/") ? rel.slice(0, rel.indexOf("/")) : rel;
}

function layerOf(unit) {
  return LAYERS.findIndex((layer) => layer.includes(unit));
}

function violation(from, to) {
  const a = unitOf(from);
  const b = unitOf(to);
  if (a === b) return undefined;
  if (b === "cli") return "nothing imports src/cli/";
  if (ENTRY_FILES.has(from)) return undefined;
  if (a === "pipeline" && !LAYERS[0].includes(b)) return "the engine imports only doc.ts, errors.ts and options.ts";
  const la = layerOf(a);
  const lb = layerOf(b);
  if (la < 0) return `${a} has no layer in scripts/check-imports.mjs`;
  if (lb < 0) return `${b} has no layer in scripts/check-imports.mjs`;
  if (lb > la) return `${a} (layer ${la}) may not import ${b} (layer ${lb})`;
  return undefined;
}

function importsOf(source) {
  const specs = [];
  const re = /(?:^|[^.\w])(?:import|export)\s[^'"`;]*?from\s*["']([^"']+)["']|(?:^|[^.\w])import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;
  for (const m of source.matchAll(re)) specs.push({ spec: m[1] ?? m[2] ?? m[3], typeOnly: /^\s*(?:import|export)\s+type\s/.test(m[0].replace(/^[^ie]*/, "")) });
  return specs;
}

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out.sort();
}

/** Cycles among files, each reported once (Tarjan's strongly connected components). */
function findCycles(graph) {
  let index = 0;
  const stack = [];
  const on = new Set();
  const idx = new Map();
  const low = new Map();
  const cycles = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkImports(process.argv[2] ?? "src");
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`${problems.length} import(s) against the layout`);
    process.exit(1);
  }
  console.log("imports: every dependency points one way");
}
