// npm run bench -- read-codecs (also run at the end of `npm run bench -- read`)
// .bz2, .xz, 2 GiB-window .zst and .zip read by read(), beside the command-line tool piping into the
// same line splitting and JSON.parse (`bzip2 -dc f | node`), measured alternately in the same run,
// on real text (corpus() below; CODECS_MB, default 40, caps its size).
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
/** The corpus once, and repeated, for the peak-RSS reads (concatenated streams / frames). */
const RSS_TIMES = [1, 10, 25];

type ReadFn = (path: string, options?: { maxExpansion: number }) => AsyncIterable<{ text: string }>;

async function ours(read: ReadFn, path: string, bytes: number): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  // the corpus repeats a few texts, so past ~60 MB xz packs it beyond the bomb guard's 100x
  for await (const doc of read(path, { maxExpansion: 1e6 })) n += doc.text.length;
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

/**
 * Real text when the reference data is beside the clone: the Wikipedia dumps (ja, vi, uk; 39 MB of
 * wikitext) cut into documents of ~2,000 characters. It compresses as corpora do (xz ~5x). Else
 * the UDHR fixture, shifted and repeated: it compresses 100x, which no real corpus does, so the
 * decoders' speeds there say little (xz-embedded decodes such long matches at 4x its speed on text).
 */
function corpus(mb: number): { lines: string[]; what: string } {
  const lines: string[] = [];
  let size = 0;
  const push = (text: string) => {
    const line = JSON.stringify({ id: String(lines.length), text });
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  };
  if (existsSync(WIKIPEDIA)) {
    for (const lang of ["ja", "vi", "uk"]) {
      const text = execFileSync("xz", ["-dc", join(WIKIPEDIA, `${lang}wiki-truncated-100k.xml.xz`)], { maxBuffer: 1 << 30 }).toString("utf8");
      let doc: string[] = [];
      let chars = 0;
      for (const line of text.split("\n")) {
        doc.push(line);
        chars += line.length;
        if (chars < 2000) continue;
        push(doc.join("\n"));
        doc = [];
        chars = 0;
        if (size >= mb * 1e6) return { lines, what: `Wikipedia dumps (ja, vi, uk) from ${WIKIPEDIA}` };
      }
    }
    return { lines, what: `Wikipedia dumps (ja, vi, uk) from ${WIKIPEDIA}, all of them` };
  }
  const texts = readFileSync("tests/fixtures/udhr.jsonl", "utf8").trim().split("\n");
  for (let i = 0; size < mb * 1e6; i++) {
    const { text } = JSON.parse(texts[i % texts.length]!) as { text: string };
    push(`${i} ${text.slice((i * 7) % 500)}`);
  }
  return { lines, what: `the UDHR fixture repeated (${WIKIPEDIA} not found): far more compressible than real text` };
}

/** The reference data's Wikipedia dumps, read in place beside the clone (never copied into it). */
const WIKIPEDIA = "../shared/data/wikipedia";

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

export async function benchReadCodecs(mb = Number(process.env.CODECS_MB ?? 40)): Promise<void> {
  const dist = join(process.cwd(), "dist/index.js");
  if (!existsSync(dist)) throw new Error("read-codecs measures the built package: run `npm run build` first");
  const { read } = (await import(dist)) as { read: ReadFn };
  const dir = mkdtempSync(join(tmpdir(), "corpuskit-bench-codecs-"));
  try {
    const { lines, what } = corpus(mb);
    console.log(`corpus: ${what}`);
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

    // Larger inputs: the same compressed file TIMES over (concatenated bzip2/xz streams and zstd
    // frames decode as one); the zip holds one member of the plain file TIMES over. V8 sizes its heap
    // to the allocation rate over the first few hundred MB, so constant memory shows as no growth
    // between the two larger reads, not between the first two.
    const copies = (name: string, from: string, times: number) => {
      const out = join(dir, `${times}x-${name}`);
      execFileSync("sh", ["-c", `for i in $(seq ${times}); do cat ${from}; done > ${out}`]);
      return out;
    };
    const inputs = (times: number): [string, string][] => {
      if (times === 1)
        return [
          ["bz2", `${plain}.bz2`],
          ["xz", `${plain}.xz`],
          ["zst --long=31", `${plain}.zst`],
          ["zip (deflate)", join(dir, "data.zip")],
        ];
      const bigPlain = copies("data.jsonl", plain, times);
      const zip = join(dir, `${times}x.zip`);
      execFileSync("zip", ["-q", "-1", "-j", zip, bigPlain]);
      rmSync(bigPlain);
      return [
        ["bz2", copies("data.jsonl.bz2", `${plain}.bz2`, times)],
        ["xz", copies("data.jsonl.xz", `${plain}.xz`, times)],
        ["zst --long=31", copies("data.jsonl.zst", `${plain}.zst`, times)],
        ["zip (deflate)", zip],
      ];
    };
    const sizes = RSS_TIMES.map(inputs);
    const sizeOf = (times: number) => `${((bytes * times) / 1e6).toFixed(0)} MB`;
    console.log("");
    console.log(`| codec | ${RSS_TIMES.map((t) => `peak RSS, ${sizeOf(t)} read`).join(" | ")} | growth, last two |  (one read per child process, dist/)`);
    console.log(`| --- |${RSS_TIMES.map(() => " --- |").join("")} --- |`);
    for (let c = 0; c < sizes[0]!.length; c++) {
      const name = sizes[0]![c]![0];
      const rss = sizes.map((set) => peakRss(set[c]![1]).maxRssMB);
      const growth = rss[rss.length - 1]! / rss[rss.length - 2]!;
      console.log(`| ${name} | ${rss.map((r) => `${r.toFixed(0)} MB`).join(" | ")} | ${growth.toFixed(2)}x |`);
      record({
        what: `peak RSS of one ${name} read, ${RSS_TIMES.map(sizeOf).join(" / ")}`,
        ours: rss.map((r) => `${r.toFixed(0)}`).join(" / ") + " MB",
        goal: "no growth with the input",
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
