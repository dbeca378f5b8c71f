// npm run bench -- read-codecs (also run at the end of `npm run bench -- read`)
// .bz2, .xz, 2 GiB-window .zst and .zip read by read(), beside the command-line tool piping into the
// same line splitting and JSON.parse (`bzip2 -dc f | node`), measured alternately in the same run.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { read } from "../src/index.js";

const ROUNDS = 2;

async function ours(path: string, bytes: number): Promise<number> {
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

export async function benchReadCodecs(mb = Number(process.env.CODECS_MB ?? 40)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "corpuskit-bench-codecs-"));
  try {
    const texts = readFileSync("tests/fixtures/udhr.jsonl", "utf8").trim().split("\n");
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < mb * 1e6; i++) {
      const { text } = JSON.parse(texts[i % texts.length]!) as { text: string };
      const line = JSON.stringify({ id: String(i), text: `${i} ${text.slice((i * 7) % 500)}` });
      lines.push(line);
      size += line.length + 1;
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
    console.log(
      `| codec | read() MB/s | CLI + readline + JSON.parse MB/s | ratio (CLI/ours) |  (${(bytes / 1e6).toFixed(0)} MB of JSONL, ${ROUNDS} rounds, alternating)`,
    );
    console.log("| --- | --- | --- | --- |");
    for (const [name, path, command, args] of cases) {
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        a.push(await ours(path, bytes));
        b.push(await cli(command, args, bytes));
      }
      const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
      console.log(`| ${name} | ${range(a)} | ${range(b)} | ${(Math.max(...b) / Math.max(...a)).toFixed(2)} |`);
    }
    console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
