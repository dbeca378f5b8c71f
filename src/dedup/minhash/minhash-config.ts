// MinHash settings shared by the in-process step (minhashDedup) and the multi-stage files
// (minhashSignatures...). Defaults are datatrove's MinhashConfig: word 5-grams of simplify_text's
// output, 14 bands of 8 rows (112 hashes; threshold about (1/14)^(1/8) = 0.72, and a pair at
// Jaccard 0.8 becomes a candidate with probability 1 - (1 - 0.8^8)^14 = 0.924), seed 1.
import { z } from "zod";
import { murmurUnits } from "../../hash/murmur3.js";
import { SimplifyOptionsSchema } from "../simplify-schema.js";

// hashBits 64 by default: false band collisions must stay negligible at a billion documents.
// A band is compared through one key; with b-bit keys an unrelated pair collides in a band with
// probability 2^-b, so N documents give about bands * N^2/2 / 2^b false pairs:
//   b = 32, N = 10^9:  14 * 5e17 / 4.3e9 = 1.6e9 false pairs (all but useless beyond ~10^4 documents:
//                      14 * 5e7 / 4.3e9 = 0.16 there);
//   b = 64, N = 10^9:  14 * 5e17 / 1.8e19 = 0.4 false pairs in the whole corpus.
// The shingle keys are b-bit too: a document of exactly n words has one shingle, and if its key
// equals another short document's, every row agrees. With 10^8 such documents that is
// 5e15 / 4.3e9 = 1.2e6 false pairs at 32 bits and 3e-4 at 64. Rows are 32-bit in both modes: the
// minimums of two unrelated documents of S shingles coincide on a row with probability about
// S / 2^33 (1.2e-6 at S = 10,000), so a false band from rows alone needs 8 such coincidences:
// (1.2e-6)^8 * 14 * 5e17 = 3e-29 false pairs at 10^9 documents.
export const MinhashConfig = z.object({
  nGrams: z.number().int().positive().default(5).describe("words per shingle (datatrove n_grams)"),
  bands: z.number().int().positive().max(255).default(14).describe("LSH bands (datatrove num_buckets)"),
  rows: z.number().int().positive().default(8).describe("hashes per band (datatrove hashes_per_bucket)"),
  seed: z.number().int().default(1).describe("draws the permutations"),
  hashBits: z
    .union([z.literal(32), z.literal(64)])
    .default(64)
    .describe("shingle and band key bits; 64 keeps false pairs negligible at 10^9 documents"),
  scheme: z.enum(["classic", "oph"]).default("classic").describe("classic: bands*rows hash functions; oph: one permutation with densification, faster"),
  shingles: z.enum(["words", "chars"]).default("words").describe("chars: character n-grams for documents in unspaced scripts (zh, ja, th...), words elsewhere"),
  charNgram: z.number().int().positive().default(5).describe("characters per shingle with shingles: chars"),
  language: z.string().optional().describe("split every document as this language instead of meta.language"),
  perLanguage: z
    .boolean()
    .default(false)
    .describe("only documents of the same meta.language can be near-duplicates (FineWeb-2 deduplicates each language on its own)"),
  normalize: SimplifyOptionsSchema.optional().describe("datatrove's TextNormConfig for simplify_text"),
});
export type MinhashConfigInput = z.input<typeof MinhashConfig>;
export type MinhashSettings = z.output<typeof MinhashConfig>;

/** A 32-bit fingerprint of the settings that decide band keys: stage files carry it so mixed runs are refused. */
export function settingsFingerprint(s: MinhashSettings): number {
  const relevant = [
    s.nGrams,
    s.bands,
    s.rows,
    s.seed,
    s.hashBits,
    s.scheme,
    s.shingles,
    s.charNgram,
    s.language ?? "",
    s.perLanguage,
    JSON.stringify(s.normalize ?? {}, Object.keys(s.normalize ?? {}).sort()),
  ];
  const text = JSON.stringify(relevant);
  return murmurUnits(text, 0, text.length, 0) >>> 0;
}
