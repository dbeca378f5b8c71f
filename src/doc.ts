// The one unit every step passes along: a document with an id, its text and open metadata.

/** Metadata: the record's other fields as read, plus the annotations steps add under fixed names. */
export interface DocMeta {
  [field: string]: unknown;
  /** Set by readers when `addFilePath` is on (datatrove's key). */
  file_path?: string;
  /** ISO 639-1 code where one exists, from `languageFilter`. */
  language?: string;
  language_score?: number;
  perplexity?: number;
  /** CCNet's bucket from `perplexity`: "all" when the language has no model or cut-offs. */
  bucket?: "head" | "middle" | "tail" | "all";
  minhash_cluster?: number;
  token_count?: number;
  /** Set only on documents sent to a `rejected` sink: why the document was dropped. */
  filter_reason?: string;
}

export interface Doc {
  /** Stable: the record's id field, else `file:line` (or `file:record` where there are no lines). */
  id: string;
  text: string;
  meta: DocMeta;
}

/**
 * Build a Doc. Metadata keys are copied as own data properties, so a record key such as
 * `__proto__` stays plain data and can never change the prototype of `meta`.
 */
export function makeDoc(id: string, text: string, meta: Record<string, unknown> = {}): Doc {
  const copy: DocMeta = {};
  for (const key of Object.keys(meta)) {
    // Only "__proto__" would reach the prototype setter through plain assignment.
    if (key === "__proto__") Object.defineProperty(copy, key, { value: meta[key], enumerable: true, writable: true, configurable: true });
    else copy[key] = meta[key];
  }
  return { id, text, meta: copy };
}
