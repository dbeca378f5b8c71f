// Whether a catalog entry opens with openDataset(), and how: for `catalog list --openable`, the
// README's catalog table and the CSV export. Kept apart from open.ts so that the metadata-only
// entry point (corpuskit/catalog) does not load the readers.
import { hubLocation, isGlob } from "./hub-tree.js";
import type { Dataset } from "./schema.js";

/** File formats openDataset() reads as documents. */
export const READABLE: ReadonlySet<string> = new Set(["jsonl", "json", "csv", "tsv", "parquet", "txt", "warc", "wet"]);
/** Compressions it streams (parquet's own codecs included). */
export const STREAMED: ReadonlySet<string> = new Set(["none", "gzip", "zstd", "snappy", "bz2", "xz", "zip", "zst_blocks"]);

/** Whether and how an entry opens: for `catalog list --openable` and the README. */
export function openability(dataset: Dataset): { openable: "yes" | "local copy" | "no"; how: string } {
  const d = dataset.download;
  if (!d) return { openable: "no", how: "no file layout in the catalog" };
  const formats = [...new Set(d.files.map((f) => f.format))];
  if (formats.every((f) => !READABLE.has(f))) return { openable: "no", how: `${formats.join(", ")} files, not documents` };
  const compressions = [...new Set(d.files.map((f) => f.compression))].filter((c) => !STREAMED.has(c));
  const hub = d.files.some((f) => hubLocation(new URL(f.baseUrl ?? d.baseUrl)));
  const via = d.files.some((f) => f.pathsFrom !== undefined)
    ? "the files' own path list"
    : d.files.some((f) => isGlob(f.path))
      ? hub
        ? "hub listing"
        : "local listing"
      : "shard template";
  const codec = compressions.length > 0 ? `; ${compressions.join(", ")} files unpacked first` : "";
  if (!d.available) return { openable: "local copy", how: `baseUrl = your copy (${via})${codec}` };
  return { openable: "yes", how: `${hub ? "hub" : "HTTP"} (${via})${codec}` };
}

