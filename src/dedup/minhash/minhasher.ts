// Text -> MinHash signature -> band keys, with every buffer reused across documents: the tokens'
// hashes, the shingle keys, the signature and the band keys live in typed arrays owned here, so the
// hot path allocates no object per shingle.
import { parseOptions } from "../../options.js";
import { HashList } from "./hash-list.js";
import { MinhashConfig, type MinhashConfigInput, type MinhashSettings } from "./minhash-config.js";
import { murmurUnits, murmurWords } from "../../hash/murmur3.js";
import { ophSignature } from "./one-permutation.js";
import { classicSignature, permutations, type Permutations } from "./permutations.js";
import { shingleKeys } from "./shingles.js";
import { simdShingleSignature } from "./simd/simd-signature.js";
import { SEED_HI, SEED_LO, tokenHashes } from "./token-hashes.js";

export class MinHasher {
  readonly settings: MinhashSettings;
  readonly lanes: 1 | 2;
  /** The last signature: bands * rows 32-bit values (as Int32). */
  readonly sig: Int32Array;
  /** The last band keys, low and high words (high words are 0 at hashBits 32). */
  readonly bandLo: Int32Array;
  readonly bandHi: Int32Array;
  private readonly perms: Permutations;
  private readonly units = new HashList();
  private readonly keys = new HashList();
  private readonly filled: Uint8Array;

  constructor(options: MinhashConfigInput | MinhashSettings = {}) {
    this.settings = parseOptions(MinhashConfig, options, "minhash");
    const { bands, rows, seed, hashBits } = this.settings;
    this.lanes = hashBits === 64 ? 2 : 1;
    this.sig = new Int32Array(bands * rows);
    this.filled = new Uint8Array(bands * rows);
    this.bandLo = new Int32Array(bands);
    this.bandHi = new Int32Array(bands);
    this.perms = permutations(bands * rows, seed);
  }

  /**
   * The signature of `text` into `sig` and its band keys into `bandLo`/`bandHi`. False when the
   * text has fewer units than one shingle needs: no signature (datatrove skips such documents too).
   */
  compute(text: string, language?: string): boolean {
    const s = this.settings;
    const unit = tokenHashes(
      text,
      { language: s.language ?? language, normalize: s.normalize, lanes: this.lanes, charsWhenUnspaced: s.shingles === "chars" },
      this.units,
    );
    const n = unit === "chars" ? s.charNgram : s.nGrams;
    // classic rows at two lanes: the keys are made in the WebAssembly kernel beside the rows
    let shingles = s.scheme === "classic" && this.lanes === 2 ? simdShingleSignature(this.units, n, this.perms, this.sig) : -1;
    if (shingles < 0) {
      shingleKeys(this.units, n, this.lanes, this.keys);
      shingles = this.keys.length;
      if (shingles > 0 && s.scheme === "oph") ophSignature(this.keys, this.perms, this.sig, this.filled);
      else if (shingles > 0) classicSignature(this.keys, this.perms, this.lanes, this.sig);
    }
    if (shingles === 0) return false;
    // perLanguage: the band keys of each language are moved by that language's own hash, so two
    // documents share a band key only when they share the language too (with the collision odds of
    // the keys themselves). One index then holds every language, as FineWeb-2's separate
    // deduplication of each language (huggingface/fineweb-2 README, "Deduplication") would.
    const lo = s.perLanguage ? murmurUnits(language ?? "", 0, (language ?? "").length, SEED_LO) : 0;
    const hi = s.perLanguage && this.lanes === 2 ? murmurUnits(language ?? "", 0, (language ?? "").length, SEED_HI) : 0;
    for (let band = 0; band < s.bands; band++) {
      this.bandLo[band] = murmurWords(this.sig, band * s.rows, s.rows, SEED_LO) ^ lo;
      this.bandHi[band] = this.lanes === 2 ? murmurWords(this.sig, band * s.rows, s.rows, SEED_HI) ^ hi : 0;
    }
    return true;
  }

  /** A copy of the signature of `text` (bands * rows unsigned 32-bit values), or undefined. */
  signature(text: string, language?: string): Uint32Array | undefined {
    return this.compute(text, language) ? new Uint32Array(this.sig) : undefined;
  }
}

/** The share of equal rows: MinHash's estimate of the Jaccard similarity of two shingle sets. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`signatures differ in length: ${a.length} and ${b.length}`);
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}
