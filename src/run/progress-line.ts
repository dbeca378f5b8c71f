// The text of one progress line, apart from how it is drawn: what has gone by (documents, MB of
// text, rates, elapsed) and, when the input's size is known, how far through it the run is.
import { duration } from "../text/human-numbers.js";

export interface ProgressSnapshot {
  docs: number;
  /** UTF-8 bytes of document text. */
  textBytes: number;
  seconds: number;
  /** Input bytes as stored (compressed) consumed so far, and their total; percent and ETA need both. */
  readBytes?: number | undefined;
  totalBytes?: number | undefined;
}

/** `running` lines carry an ETA; the last line says whether the input was read to its end. */
export type ProgressState = "running" | "done" | "stopped";

export function progressLine(label: string, s: ProgressSnapshot, state: ProgressState): string {
  const parts = [
    `${s.docs.toLocaleString("en-US")} docs`,
    `${megabytes(s.textBytes)} MB`,
    `${Math.round(perSecond(s.docs, s.seconds)).toLocaleString("en-US")} docs/s`,
    `${megabytes(perSecond(s.textBytes, s.seconds))} MB/s`,
  ];
  const { readBytes: read, totalBytes: total } = s;
  if (read !== undefined && total !== undefined && total > 0) {
    parts.push(`${Math.floor(Math.min(read / total, 1) * 100)}%`);
    if (state === "running" && read > 0 && read < total) parts.push(`ETA ${duration((s.seconds * (total - read)) / read)}`);
  }
  parts.push(`elapsed ${duration(s.seconds)}`);
  return `${label}: ${state === "running" ? "" : `${state}, `}${parts.join(", ")}`;
}

function perSecond(amount: number, seconds: number): number {
  return seconds > 0 ? amount / seconds : 0;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
