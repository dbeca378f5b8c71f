// npm run bench -- clean
// pii and fix_text over the bundled sample corpus (whole documents, 3.6 MB), per core. Peers in the
// same run when their sources are given: datatrove's PIIFormatter (DATATROVE_SRC, emails and IPs
// only, against our step with the same two kinds) and ftfy's fix_encoding (FTFY_SRC, line by line,
// against our mojibake and C1 repair). Peer and ours alternate; the best of each is reported.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fixText } from "../src/clean/fix-text.js";
import { pii } from "../src/clean/pii.js";
import { pipe, read, type Doc, type Step } from "../src/index.js";
import { record } from "./report.js";

const ROUNDS = 3;
const PYTHON = process.env.DATATROVE_PYTHON ?? "/usr/bin/python3";

async function timeStep(docs: Doc[], step: () => Step): Promise<number> {
  const t0 = performance.now();
  for await (const _ of pipe(docs, step())) void _;
  return (performance.now() - t0) / 1000;
}

function timePeer(script: string, input: string, env: Record<string, string | undefined>): number | undefined {
  const run = spawnSync(PYTHON, [script, input], { encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, ...env } });
  if (run.status !== 0) {
    console.log(`${script} failed: ${run.stderr.trim().split("\n").pop()}`);
    return undefined;
  }
  return (JSON.parse(run.stdout.trim().split("\n").pop()!) as { seconds: number }).seconds;
}

export async function benchClean(): Promise<void> {
  const docs: Doc[] = [];
  for await (const d of read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,txt,wet.gz}")) docs.push(d);
  const mb = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0) / 1e6;
  mkdirSync("/tmp/corpuskit-peers", { recursive: true });
  const input = "/tmp/corpuskit-peers/clean-sample.jsonl";
  writeFileSync(input, docs.map((d, i) => JSON.stringify({ id: String(i), text: d.text })).join("\n") + "\n");
  console.log(`${docs.length} documents, ${mb.toFixed(2)} MB`);

  const cases = [
    { what: "pii, all kinds", step: () => pii(), peer: undefined },
    {
      what: "pii, emails and IPv4 (vs datatrove PIIFormatter)",
      step: () => pii({ phone: false, cnId: false, card: false, iban: false, ipv6: false }),
      peer: process.env.DATATROVE_SRC ? { script: "bench/peers/pii-datatrove.py", env: { DATATROVE_SRC: process.env.DATATROVE_SRC } } : undefined,
    },
    { what: "fix_text, defaults", step: () => fixText(), peer: undefined },
    {
      what: "fix_text, mojibake + C1 (vs ftfy fix_encoding)",
      step: () => fixText({ entities: "never" }),
      peer: process.env.FTFY_SRC ? { script: "bench/peers/ftfy-fix.py", env: { FTFY_SRC: process.env.FTFY_SRC } } : undefined,
    },
  ];
  for (const c of cases) {
    const ours: number[] = [];
    const peer: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (c.peer) {
        const s = timePeer(c.peer.script, input, c.peer.env);
        if (s !== undefined) peer.push(s);
      }
      ours.push(await timeStep(docs, c.step));
    }
    const oursMb = mb / Math.min(...ours);
    const peerMb = peer.length > 0 ? mb / Math.min(...peer) : undefined;
    console.log(`${c.what}: ${oursMb.toFixed(1)} MB/s${peerMb ? `, peer ${peerMb.toFixed(1)} MB/s` : ""}`);
    record({
      what: c.what,
      ours: `${oursMb.toFixed(1)} MB/s`,
      peer: peerMb ? `${peerMb.toFixed(1)} MB/s` : undefined,
      ratio: peerMb ? `${(oursMb / peerMb).toFixed(1)}x` : undefined,
    });
  }
}
