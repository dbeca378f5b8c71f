// One output shard: `<name>.bin` plus its index (`<name>.idx` for Megatron-LM, `<name>.json` for the
// flat format). Both are written under temporary names and renamed when complete, the index last, so
// an index under its final name means its .bin is complete; on failure neither is left behind.
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { OutputError } from "../errors.js";
import { appendTokens } from "./append-tokens.js";
import { writeBinSidecar } from "./bin-sidecar.js";
import { BufferedFile } from "./buffered-file.js";
import { Int32List } from "./int32-list.js";
import { writeMegatronIndex } from "./megatron-index.js";
import type { TokenDtype, TokenFormat } from "./token-dtype.js";

export interface TokenShardSummary {
  /** The token file. */
  bin: string;
  /** Its index: the Megatron-LM .idx, or the JSON sidecar of the flat format. */
  idx: string;
  documents: number;
  tokens: number;
}

export interface TokenShardSettings {
  format: TokenFormat;
  dtype: TokenDtype;
  tokenizer: string | undefined;
  eos: number | undefined;
  /** Keep per-document token counts for the sidecar's offsets (Megatron's .idx always needs them). */
  documentOffsets: boolean;
}

const MAX_SEQUENCE = 0x7fff_ffff; // Megatron-LM stores sequence lengths as int32

export class TokenShard {
  documents = 0;
  tokens = 0;
  private sequences = 0;
  private readonly lengths: Int32List | undefined;
  private readonly eosToken: Uint32Array | undefined;

  private constructor(
    private readonly paths: { bin: string; idx: string },
    private readonly settings: TokenShardSettings,
    private readonly file: BufferedFile,
  ) {
    this.lengths = settings.format === "megatron" || settings.documentOffsets ? new Int32List() : undefined;
    this.eosToken = settings.eos === undefined ? undefined : Uint32Array.of(settings.eos);
  }

  /** Open `<name>.bin` (under a temporary name) for writing. */
  static async create(name: string, settings: TokenShardSettings): Promise<TokenShard> {
    const paths = { bin: `${name}.bin`, idx: `${name}${settings.format === "megatron" ? ".idx" : ".json"}` };
    try {
      return new TokenShard(paths, settings, await BufferedFile.create(temporary(paths.bin)));
    } catch (error) {
      throw new OutputError(paths.bin, `cannot write: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Tokens a document adds: the end-of-text id is appended to every document in the flat format
   *  (nanoGPT's prepare.py does), but only to non-empty ones in Megatron's (preprocess_data.py's
   *  --append-eod). */
  tokensFor(tokens: Uint32Array): number {
    if (this.eosToken === undefined) return tokens.length;
    return tokens.length > 0 || this.settings.format === "bin" ? tokens.length + 1 : 0;
  }

  /** Append one document's tokens, already checked to fit the dtype. */
  async add(tokens: Uint32Array, docId: string): Promise<number> {
    const count = this.tokensFor(tokens);
    if (count > MAX_SEQUENCE) {
      throw new OutputError(this.paths.bin, `document ${docId} has ${count} tokens; a Megatron-LM sequence holds at most ${MAX_SEQUENCE}`);
    }
    try {
      await appendTokens(this.file, tokens, this.settings.dtype);
      if (count > tokens.length) await appendTokens(this.file, this.eosToken!, this.settings.dtype);
    } catch (error) {
      throw new OutputError(this.paths.bin, `cannot write: ${(error as Error).message}`, { cause: error });
    }
    this.lengths?.push(count);
    if (count > 0) this.sequences++;
    this.documents++;
    this.tokens += count;
    return count;
  }

  async finish(): Promise<TokenShardSummary> {
    const { bin, idx } = this.paths;
    let at = bin;
    let renamed = false;
    try {
      await this.file.close();
      at = idx;
      if (this.settings.format === "megatron") {
        await writeMegatronIndex(temporary(idx), this.settings.dtype, this.lengths!.values(), this.sequences);
      } else {
        const { dtype, tokenizer, eos } = this.settings;
        await writeBinSidecar(temporary(idx), { dtype, tokenizer, eos, documents: this.documents, tokens: this.tokens }, this.lengths?.values());
      }
      at = bin;
      await rename(temporary(bin), bin);
      renamed = true;
      at = idx;
      await rename(temporary(idx), idx);
    } catch (error) {
      await this.removeTemporaries();
      // a .bin without its index is not a dataset: take it back
      if (renamed) await rm(bin, { force: true });
      throw new OutputError(at, `cannot write: ${(error as Error).message}`, { cause: error });
    }
    return { bin, idx, documents: this.documents, tokens: this.tokens };
  }

  async abort(): Promise<void> {
    await this.file.discard();
    await this.removeTemporaries();
  }

  private async removeTemporaries(): Promise<void> {
    await rm(temporary(this.paths.bin), { force: true });
    await rm(temporary(this.paths.idx), { force: true });
  }
}

/** A hidden name beside the final one, unique to this process. */
function temporary(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
}
