// The text of one progress line, apart from how it is drawn: what has gone by (documents, MB of
// text, rates, elapsed) and, when the input's size is known, how far through it the run is.

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

/** `42s`, `1m 05s`, `2h 03m 09s`: whole seconds, as tqdm and datatrove print them. */
export function duration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h ${pad(m)}m ${pad(sec)}s`;
  if (m > 0) return `${m}m ${pad(sec)}s`;
  return `${sec}s`;
}

function perSecond(amount: number, seconds: number): number {
  return seconds > 0 ? amount / seconds : 0;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
