// npm run bench -- read-codecs (also run at the end of `npm run bench -- read`)
// .bz2, .xz, 2 GiB-window .zst and .zip read by read(), beside the command-line tool piping into the
// same line splitting and JSON.parse (`bzip2 -dc f | node`), measured alternately in the same run.
// read() is the built package (dist/, what users run; `npm ci` and `npm run build` make it): its
// bzip2 and xz decoders run on threads of their own, started from dist/decode-worker.js.
// Then the peak RSS of ONE read, in a child process (bench/read-rss.mjs), at two input sizes per
// codec: constant memory means it does not grow with the input.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { record } from "./report.js";

const ROUNDS = Number(process.env.CODECS_ROUNDS ?? 3);
/** How many times the corpus is repeated for the larger RSS input (concatenated streams / frames). */
const RSS_TIMES = 10;

type ReadFn = (path: string) => AsyncIterable<{ text: string }>;

async function ours(read: ReadFn, path: string, bytes: number): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for await (const doc of read(path)) n += doc.text.length;
  if (n === 0) throw new Error("read nothing");
  return bytes / 1e6 / ((performance.now() - t0) / 1000);
}

async function cli(command: string, args: string[], bytes: number): Promise<number> {
  const t0 = performance.now();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  let n = 0;
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) n += (JSON.parse(line) as { text: string }).text.length;
  if (n === 0) throw new Error("read nothing");
  return bytes / 1e6 / ((performance.now() - t0) / 1000);
}

function peakRss(path: string): { docs: number; maxRssMB: number; seconds: number } {
  const child = spawnSync(process.execPath, ["bench/read-rss.mjs", path, JSON.stringify({ maxExpansion: 1e6 })], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`read-rss failed on ${path}: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as { docs: number; maxRssMB: number; seconds: number };
}

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

export async function benchReadCodecs(mb = Number(process.env.CODECS_MB ?? 20)): Promise<void> {
  const dist = join(process.cwd(), "dist/index.js");
  if (!existsSync(dist)) throw new Error("read-codecs measures the built package: run `npm run build` first");
  const { read } = (await import(dist)) as { read: ReadFn };
  const dir = mkdtempSync(join(tmpdir(), "corpuskit-bench-codecs-"));
  try {
    const texts = readFileSync("tests/fixtures/udhr.jsonl", "utf8").trim().split("\n");
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < mb * 1e6; i++) {
      const { text } = JSON.parse(texts[i % texts.length]!) as { text: string };
      const line = JSON.stringify({ id: String(i), text: `${i} ${text.slice((i * 7) % 500)}` });
      lines.push(line);
      size += Buffer.byteLength(line) + 1;
    }
    const plain = join(dir, "data.jsonl");
    writeFileSync(plain, lines.join("\n") + "\n");
    const bytes = statSync(plain).size;
    execFileSync("bzip2", ["-k", plain]);
    execFileSync("xz", ["-k", "-T1", plain]);
    execFileSync("sh", ["-c", `zstd -q --long=31 -3 < ${plain} > ${plain}.zst`]);
    execFileSync("zip", ["-q", "-j", join(dir, "data.zip"), plain]);
    const cases: [string, string, string, string[]][] = [
      ["bz2", `${plain}.bz2`, "bzip2", ["-dc", `${plain}.bz2`]],
      ["xz", `${plain}.xz`, "xz", ["-dc", `${plain}.xz`]],
      ["zst --long=31", `${plain}.zst`, "zstd", ["-dc", "--long=31", `${plain}.zst`]],
      ["zip (deflate)", join(dir, "data.zip"), "unzip", ["-p", join(dir, "data.zip")]],
    ];
    console.log(`load average before: ${load()}`);
    console.log(
      `| codec | read() MB/s | CLI + readline + JSON.parse MB/s | ratio (CLI/ours, best of each) |  (${(bytes / 1e6).toFixed(0)} MB of JSONL, ${ROUNDS} rounds, alternating)`,
    );
    console.log("| --- | --- | --- | --- |");
    for (const [name, path, command, args] of cases) {
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        a.push(await ours(read, path, bytes));
        b.push(await cli(command, args, bytes));
      }
      const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
      const ratio = Math.max(...b) / Math.max(...a);
      console.log(`| ${name} | ${range(a)} | ${range(b)} | ${ratio.toFixed(2)} |`);
      record({
        what: `read() ${name}, MB/s`,
        ours: range(a),
        peer: `${range(b)} (${command} + readline + JSON.parse)`,
        ratio: `${ratio.toFixed(2)}x`,
        goal: "within 1.3x",
      });
    }
    console.log(`load average after: ${load()}`);

    // The larger input: the same compressed file RSS_TIMES times over (concatenated bzip2/xz streams
    // and zstd frames decode as one); the zip holds one member of the plain file RSS_TIMES times over.
    const big = (name: string, from: string) => {
      const out = join(dir, name);
      execFileSync("sh", ["-c", `for i in $(seq ${RSS_TIMES}); do cat ${from}; done > ${out}`]);
      return out;
    };
    const bigPlain = big("big.jsonl", plain);
    execFileSync("zip", ["-q", "-1", "-j", join(dir, "big.zip"), bigPlain]);
    const rssCases: [string, string, string][] = [
      ["bz2", `${plain}.bz2`, big("big.jsonl.bz2", `${plain}.bz2`)],
      ["xz", `${plain}.xz`, big("big.jsonl.xz", `${plain}.xz`)],
      ["zst --long=31", `${plain}.zst`, big("big.jsonl.zst", `${plain}.zst`)],
      ["zip (deflate)", join(dir, "data.zip"), join(dir, "big.zip")],
    ];
    console.log("");
    console.log(
      `| codec | peak RSS, ${(bytes / 1e6).toFixed(0)} MB read | peak RSS, ${((bytes * RSS_TIMES) / 1e6).toFixed(0)} MB read | growth |  (one read per child process, dist/)`,
    );
    console.log("| --- | --- | --- | --- |");
    for (const [name, small, large] of rssCases) {
      const s = peakRss(small);
      const l = peakRss(large);
      console.log(`| ${name} | ${s.maxRssMB.toFixed(0)} MB | ${l.maxRssMB.toFixed(0)} MB | ${(l.maxRssMB / s.maxRssMB).toFixed(2)}x |`);
      record({
        what: `peak RSS of one ${name} read, ${(bytes / 1e6).toFixed(0)} -> ${((bytes * RSS_TIMES) / 1e6).toFixed(0)} MB`,
        ours: `${s.maxRssMB.toFixed(0)} -> ${l.maxRssMB.toFixed(0)} MB`,
        goal: "no growth with the input",
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
