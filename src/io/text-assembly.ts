// How a record's fields become one document text, declared as data: the catalog gives one per file
// set, and read() takes the same object (`text: {...}`) for a user's own corpus. Corpora whose text
// is not one `text` string -- WuDao title + content, Reddit title + selftext, MNBVC's paragraph list
// (段落[].内容 ordered by 行号), a list stored as a JSON string, QA pairs, forum threads -- read in one
// call. The fields used for the text leave the record; every other field goes to meta.
import { decodeHTML } from "entities";
import { z } from "zod";
import type { Doc, DocMeta } from "../doc.js";
import { MAX_NESTING, deeperThan, describe, setField } from "./record.js";

const Common = {
  unescapeHtml: z.boolean().default(false).describe("decode HTML entities in the text (&amp; &lt; &gt; &#39;...): Reddit dumps store bodies escaped"),
  dropTexts: z
    .array(z.string())
    .default([])
    .describe('records whose text is exactly one of these (e.g. Reddit\'s "[deleted]", "[removed]") are dropped and counted as skipped_placeholder_text'),
};

/** Several string fields joined: `title` + `\n` + `content`. Missing or empty fields are left out. */
export const FieldsAssembly = z
  .object({
    kind: z.literal("fields"),
    fields: z.array(z.string().min(1)).min(1).describe("fields joined in this order; the first string field present is required"),
    separator: z.string().default("\n").describe("put between the fields"),
    skipRepeatedHead: z
      .boolean()
      .default(false)
      .describe("leave out the first field when the next one already starts with it (WuDao's content often repeats its title)"),
    ...Common,
  })
  .strict();

/**
 * A list of objects joined in order: MNBVC's `段落[].内容` sorted by `行号`, a forum's `回复[].回复`
 * after its `主题` (in `head`). The list may be stored as a JSON string (MNBVC's legacy `text`).
 */
export const ListAssembly = z
  .object({
    kind: z.literal("list"),
    list: z.string().min(1).describe("the field holding the list (an array, or a string holding a JSON array)"),
    field: z.string().min(1).describe("the string field of each item that holds its text"),
    sortBy: z.string().optional().describe("order the items by this numeric field (MNBVC's 行号) instead of list order"),
    dropIf: z.array(z.string()).default([]).describe("leave out items where any of these fields is true (MNBVC's 是否重复, 是否跨文件重复)"),
    head: z.array(z.string()).default([]).describe("string fields put before the items (a forum thread's 主题)"),
    separator: z.string().default("\n").describe("put between the head fields and the items"),
    ...Common,
  })
  .strict();

/** The text in one field, as read() does by default, with the common options. */
export const FieldAssembly = z
  .object({
    kind: z.literal("field"),
    field: z.string().min(1).describe("the field holding the text"),
    ...Common,
  })
  .strict();

export const TextAssembly = z.discriminatedUnion("kind", [FieldAssembly, FieldsAssembly, ListAssembly]).describe("how a record's fields become its text");
export type TextAssemblyInput = z.input<typeof TextAssembly>;
export type TextAssembly = z.output<typeof TextAssembly>;

/** The Doc, a drop (counted, not an error), or what is wrong with the record. */
export type AssemblyResult = { doc: Doc } | { drop: "placeholder_text" } | { problem: string };

export function assembleRecord(record: unknown, assembly: TextAssembly, idField: string, fallbackId: string): AssemblyResult {
  if (record === null || typeof record !== "object" || Array.isArray(record)) return { problem: `expected a JSON object, got ${describe(record)}` };
  const obj = record as Record<string, unknown>;
  const used = new Set<string>();
  let text: string;
  if (assembly.kind === "field") {
    const value = own(obj, assembly.field);
    if (typeof value !== "string") return { problem: missing(assembly.field, value) };
    used.add(assembly.field);
    text = value;
  } else if (assembly.kind === "fields") {
    const parts: string[] = [];
    for (const name of assembly.fields) {
      const value = own(obj, name);
      if (value === undefined || value === null) continue;
      if (typeof value !== "string") return { problem: `field "${name}" is ${describe(value)}, expected a string` };
      used.add(name);
      // a removed selftext leaves its submission's title
      if (value.length > 0 && !assembly.dropTexts.includes(value.trim())) parts.push(value);
    }
    if (used.size > 0 && parts.length === 0 && assembly.dropTexts.length > 0) return { drop: "placeholder_text" };
    if (used.size === 0) return { problem: `none of the fields ${assembly.fields.map((f) => `"${f}"`).join(", ")} is present` };
    // WuDao: "if content starts with title, keep content alone" (MNBVC's WuDao converter does the same).
    if (assembly.skipRepeatedHead && parts.length >= 2 && parts[1]!.startsWith(parts[0]!)) parts.shift();
    text = parts.join(assembly.separator);
  } else {
    const result = listText(obj, assembly, used);
    if (typeof result !== "string") return result;
    text = result;
  }
  if (assembly.unescapeHtml && text.includes("&")) text = decodeHTML(text);
  if (assembly.dropTexts.length > 0 && assembly.dropTexts.includes(text.trim())) return { drop: "placeholder_text" };
  const rawId = own(obj, idField);
  const id = typeof rawId === "string" && rawId.length > 0 ? rawId : typeof rawId === "number" || typeof rawId === "bigint" ? String(rawId) : fallbackId;
  if (rawId !== undefined && id !== fallbackId) used.add(idField);
  const meta: DocMeta = {};
  for (const key of Object.keys(obj)) {
    if (used.has(key)) continue;
    const value = obj[key];
    if ((key === "metadata" || key === "meta") && value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const inner of Object.keys(value)) setField(meta, inner, (value as Record<string, unknown>)[inner]);
    } else setField(meta, key, value);
  }
  for (const key of Object.keys(meta))
    if (deeperThan(meta[key], MAX_NESTING - 1)) return { problem: `field "${key}" is nested deeper than ${MAX_NESTING} levels` };
  return { doc: { id, text, meta } };
}

// --- internal ---

function listText(obj: Record<string, unknown>, a: z.output<typeof ListAssembly>, used: Set<string>): string | { problem: string } {
  let list = own(obj, a.list);
  if (typeof list === "string") {
    // MNBVC's legacy records keep the paragraph list JSON-encoded in a string field.
    try {
      list = JSON.parse(list);
    } catch {
      return { problem: `field "${a.list}" holds a string that is not a JSON list: ${describe(list)}` };
    }
  }
  if (!Array.isArray(list)) return { problem: missing(a.list, list, "a list") };
  used.add(a.list);
  const head: string[] = [];
  for (const name of a.head) {
    const value = own(obj, name);
    if (typeof value === "string") {
      used.add(name);
      if (value.length > 0) head.push(value);
    }
  }
  const items: { order: number; text: string }[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as unknown;
    if (item === null || typeof item !== "object" || Array.isArray(item)) return { problem: `${a.list}[${i}] is ${describe(item)}, expected an object` };
    const entry = item as Record<string, unknown>;
    if (a.dropIf.some((flag) => own(entry, flag) === true)) continue;
    const value = own(entry, a.field);
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") return { problem: `${a.list}[${i}].${a.field} is ${describe(value)}, expected a string` };
    const order = a.sortBy === undefined ? i : Number(own(entry, a.sortBy));
    items.push({ order: Number.isFinite(order) ? order : i, text: value });
  }
  // a stable sort: equal line numbers keep list order
  if (a.sortBy !== undefined) items.sort((x, y) => x.order - y.order);
  return [...head, ...items.map((x) => x.text)].join(a.separator);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function missing(field: string, value: unknown, expected = "a string"): string {
  return value === undefined ? `field "${field}" is missing` : `field "${field}" is ${describe(value)}, expected ${expected}`;
}
