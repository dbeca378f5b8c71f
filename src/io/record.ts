// A parsed record (JSON object, CSV row, parquet row) -> Doc, the way datatrove's default adapter
// does it: pop the text and id fields, merge a `metadata` (or `meta`) object, keep every other field.
import type { Doc, DocMeta } from "../doc.js";

export interface RecordFields {
  textField: string;
  idField: string;
}

/** Either the Doc, or what is wrong with the record ("expected ..., got ..."). */
export type RecordResult = { doc: Doc } | { problem: string };

export function recordToDoc(record: unknown, fields: RecordFields, fallbackId: string): RecordResult {
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    return { problem: `expected a JSON object, got ${describe(record)}` };
  }
  const obj = record as Record<string, unknown>;
  const text = Object.hasOwn(obj, fields.textField) ? obj[fields.textField] : undefined;
  if (typeof text !== "string") {
    return {
      problem:
        text === undefined
          ? `field "${fields.textField}" is missing (set textField to the field that holds the text)`
          : `field "${fields.textField}" is ${describe(text)}, expected a string`,
    };
  }
  const rawId = Object.hasOwn(obj, fields.idField) ? obj[fields.idField] : undefined;
  const id = typeof rawId === "string" && rawId.length > 0 ? rawId : typeof rawId === "number" || typeof rawId === "bigint" ? String(rawId) : fallbackId;
  const meta: DocMeta = {};
  for (const key of Object.keys(obj)) {
    if (key === fields.textField || key === fields.idField) continue;
    const value = obj[key];
    if ((key === "metadata" || key === "meta") && isPlainObject(value)) {
      for (const inner of Object.keys(value)) setField(meta, inner, value[inner]);
    } else {
      setField(meta, key, value);
    }
  }
  for (const key of Object.keys(meta)) {
    if (deeperThan(meta[key], MAX_NESTING - 1)) return { problem: `field "${key}" is nested deeper than ${MAX_NESTING} levels` };
  }
  return { doc: { id, text, meta } };
}

/**
 * JSON.parse nests as deep as the input, but JSON.stringify (writeJsonl) and structured cloning (the
 * worker pool) recurse, and overflow the stack at ~4,000 and ~3,300 levels in Node 20: a record
 * nested that deep would crash the run at the writer, past any onError. Python's json module stops
 * at its recursion limit, 1,000, so datatrove reads nothing deeper either.
 */
export const MAX_NESTING = 1000;

// --- internal ---

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Own data property even for `__proto__`: record keys never reach a prototype. */
export function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  // Plain assignment is several times faster; only "__proto__" would hit the prototype setter.
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Whether arrays and objects inside `value` go more than `levels` deep (stops counting there). */
export function deeperThan(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (levels === 0) return true;
  for (const inner of Array.isArray(value) ? value : Object.values(value)) if (deeperThan(inner, levels - 1)) return true;
  return false;
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === "object") return "an object";
  return `a ${typeof value} (${String(value)})`;
}
