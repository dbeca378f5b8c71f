// What the pii step finds: a kind and where it sits in the text (UTF-16 indices, as String.slice takes them).

export const PII_KINDS = ["email", "ip", "phone", "cn_id", "card", "iban"] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export interface PiiSpan {
  kind: PiiKind;
  /** First index (inclusive). */
  start: number;
  /** Index after the last character. */
  end: number;
}
