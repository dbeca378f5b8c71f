// Stage 1 of multi-stage MinHash (datatrove's MinhashDedupSignature), one task per input shard: a
// sink that writes, per band, the (band key, document index) of every document of this task to
// bucket_<band>/<rank>.minhash.sig, sorted by key (stage-files.ts has the layout). Records go
// unsorted to a scratch file first and each band is sorted at the end, one band in memory at a
// time, as datatrove does ("unsorted records are the #1 issue around MinHash", its source says).
// It also writes the task's document ids (for duplicate_of) and, last, ranks/<rank>.json.
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { InputError, OutputError } from "../../errors.js";
import { parseOptions } from "../../options.js";
import { sink, type Sink } from "../../pipeline/step.js";
import { MinhashConfig, settingsFingerprint, type MinhashSettings } from "./minhash-config.js";
import { MinHasher } from "./minhasher.js";
import { radixOrder } from "../radix-sort.js";
import { encodeHeader, FileWriter, HEADER_BYTES, MAGIC } from "./stage-files.js";

export const MinhashSignaturesOptions = MinhashConfig.extend({
  output: z.string().min(1).describe("folder of the signature files, shared by all tasks"),
}).strict();
export type MinhashSignaturesInput = z.input<typeof MinhashSignaturesOptions>;

/** What one task wrote: ranks/<rank>.json holds the same. */
export interface TaskRecord {
  rank: number;
  worldSize: number;
  documents: number;
  /** Documents with a signature (the others have fewer words than one shingle). */
  signed: number;
  fingerprint: number;
  settings: MinhashSettings;
}

export function minhashSignatures(options: MinhashSignaturesInput): Sink<TaskRecord> {
  const { output, ...settings } = parseOptions(MinhashSignaturesOptions, options, "minhashSignatures");
  const fingerprint = settingsFingerprint(settings);
  const keyBytes = settings.hashBits / 8;
  const recordBytes = keyBytes + 4;
  return sink("minhash_signatures", async (docs, ctx) => {
    // per run: its buffers must not be shared by two runs at once
    const hasher = new MinHasher(settings);
    const name = String(ctx.rank).padStart(5, "0");
    const bandFile = (band: number) => join(output, `bucket_${String(band).padStart(3, "0")}`, `${name}.minhash.sig`);
    try {
      for (let band = 0; band < settings.bands; band++) await mkdir(join(output, `bucket_${String(band).padStart(3, "0")}`), { recursive: true });
      await mkdir(join(output, "ids"), { recursive: true });
      await mkdir(join(output, "ranks"), { recursive: true });
    } catch (error) {
      throw new OutputError(output, `cannot create the signature folders: ${(error as Error).message}`, { cause: error });
    }
    const scratch: FileWriter[] = [];
    for (let band = 0; band < settings.bands; band++) scratch.push(await FileWriter.create(`${bandFile(band)}.unsorted`));
    const ids = await FileWriter.create(join(output, "ids", `${name}.jsonl`));
    let documents = 0;
    let signed = 0;
    for await (const doc of docs) {
      const language = typeof doc.meta.language === "string" ? doc.meta.language : undefined;
      if (hasher.compute(doc.text, language)) {
        signed++;
        for (let band = 0; band < settings.bands; band++) {
          const w = scratch[band]!;
          if (!w.fits(recordBytes)) await w.flush();
          const at = w.claim(recordBytes);
          w.buffer.writeInt32LE(hasher.bandLo[band]!, at);
          if (keyBytes === 8) w.buffer.writeInt32LE(hasher.bandHi[band]!, at + 4);
          w.buffer.writeUInt32LE(documents, at + keyBytes);
        }
      }
      await ids.write(`${JSON.stringify(doc.id)}\n`);
      documents++;
    }
    for (const w of scratch) await w.close();
    await ids.close();
    for (let band = 0; band < settings.bands; band++) {
      await sortBandFile(`${bandFile(band)}.unsorted`, bandFile(band), keyBytes, { band, bands: settings.bands, rank: ctx.rank, fingerprint });
    }
    const record: TaskRecord = { rank: ctx.rank, worldSize: ctx.worldSize, documents, signed, fingerprint, settings };
    const recordFile = join(output, "ranks", `${name}.json`);
    await writeFile(`${recordFile}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
    await rename(`${recordFile}.tmp`, recordFile);
    ctx.stats.add("signed", signed);
    return record;
  });
}

async function sortBandFile(from: string, to: string, keyBytes: number, h: { band: number; bands: number; rank: number; fingerprint: number }): Promise<void> {
  const data = await readFile(from);
  const recordBytes = keyBytes + 4;
  const n = data.length / recordBytes;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const doc = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = data.readInt32LE(i * recordBytes);
    if (keyBytes === 8) hi[i] = data.readInt32LE(i * recordBytes + 4);
    doc[i] = data.readUInt32LE(i * recordBytes + keyBytes);
  }
  // records arrive in document order and the sort is stable: equal keys stay in document order
  const order = radixOrder(hi, lo, n);
  const out = Buffer.alloc(HEADER_BYTES + n * recordBytes);
  encodeHeader({ magic: MAGIC.signatures, keyBytes, fingerprint: h.fingerprint, count: n, a: h.band, b: h.bands, c: h.rank }).copy(out, 0);
  for (let i = 0; i < n; i++) {
    const j = order[i]!;
    const at = HEADER_BYTES + i * recordBytes;
    out.writeInt32LE(lo[j]!, at);
    if (keyBytes === 8) out.writeInt32LE(hi[j]!, at + 4);
    out.writeUInt32LE(doc[j]!, at + keyBytes);
  }
  try {
    await writeFile(`${to}.tmp`, out);
    await rename(`${to}.tmp`, to);
    await rm(from);
  } catch (error) {
    throw new OutputError(to, `cannot write the sorted signatures: ${(error as Error).message}`, { cause: error });
  }
}

/** Every task's record from a signature folder, checked to be one complete run of one configuration. */
export async function readTaskRecords(sigDir: string): Promise<TaskRecord[]> {
  const dir = join(sigDir, "ranks");
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => /^\d{5}\.json$/.test(f)).sort();
  } catch (error) {
    throw new InputError({ file: dir }, `no signature task records: run minhashSignatures first (${(error as Error).message})`, { cause: error });
  }
  if (names.length === 0) throw new InputError({ file: dir }, "no signature task records: run minhashSignatures first");
  const records: TaskRecord[] = [];
  for (const name of names) records.push(JSON.parse(await readFile(join(dir, name), "utf8")) as TaskRecord);
  const first = records[0]!;
  for (const [i, r] of records.entries()) {
    const file = join(dir, names[i]!);
    if (r.rank !== i) throw new InputError({ file }, `expected the record of task ${i}; the signatures of task ${i} are missing`);
    if (r.fingerprint !== first.fingerprint || r.worldSize !== first.worldSize) {
      throw new InputError({ file }, "this task ran with other MinHash settings or another world size than task 0");
    }
  }
  if (records.length !== first.worldSize) {
    throw new InputError({ file: dir }, `${records.length} of ${first.worldSize} signature tasks have finished`);
  }
  return records;
}
