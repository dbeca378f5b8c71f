// A worker for bench/tokenize.ts's scaling run: tokenizes the documents it is sent and answers
// with the token count (the encoder is loaded once per worker, before the clock starts).
import { parentPort } from "node:worker_threads";
import { loadTokenizer } from "../src/tokenize/text-tokenizer.js";

const tokenizer = await loadTokenizer("cl100k_base");
parentPort!.on("message", (texts: string[]) => {
  let tokens = 0;
  for (const t of texts) tokens += tokenizer.encodeToArray!(t).length;
  parentPort!.postMessage(tokens);
});
parentPort!.postMessage("ready");
