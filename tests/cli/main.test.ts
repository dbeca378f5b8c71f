// The CLI as a user meets it: a child process, its exit code, stdout and stderr.
import { readFileSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, tempDir } from "../support.js";

const corpuskit = runCli;

describe("corpuskit CLI", () => {
  it("--help lists the commands and exits 0", () => {
    const run = corpuskit("--help");
    expect(run.code).toBe(0);
    for (const command of ["demo", "convert", "catalog", "run", "filter", "dedup", "score", "tokenize"]) expect(run.stdout).toContain(command);
  });

  it("--version prints the package version", () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    const run = corpuskit("--version");
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it("a usage error exits 2", () => {
    expect(corpuskit("frobnicate").code).toBe(2);
    expect(corpuskit("convert", FIXTURES).code).toBe(2); // --output missing
    expect(corpuskit("convert", FIXTURES, "-o", "x", "--limit", "lots").code).toBe(2);
  });

  it("bad input exits 1 with one line naming file and line, no stack trace", async () => {
    const dir = await tempDir();
    const file = join(dir, "bad.jsonl");
    await writeFile(file, '{"text": "fine"}\n{"text": oops}\n');
    const run = corpuskit("convert", file, "-o", join(dir, "out"));
    expect(run.code).toBe(1);
    // stderr is not a terminal here: the progress summary says how far the run got, then the error
    expect(run.stderr).toMatch(new RegExp(`^convert: stopped, 1 docs, .*\ncorpuskit: InputError: ${file} line 2: invalid JSON`));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(corpuskit("convert", join(dir, "missing.jsonl"), "-o", join(dir, "out2")).stderr).toMatch(/missing\.jsonl: no such file/);
  });

  it("convert writes shards, stats.json and the rejected records", async () => {
    const dir = await tempDir();
    const bad = join(dir, "bad.jsonl");
    await writeFile(bad, '{"text": oops}\n');
    const out = join(dir, "out");
    const run = corpuskit("convert", `${FIXTURES}/udhr.jsonl.zst`, `${FIXTURES}/udhr-snappy.parquet`, bad, "-o", out, "--on-error", "skip", "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.output.documents).toBe(16);
    expect(readdirSync(out).sort()).toEqual([".corpuskit-output.json", "00000.jsonl.gz", "rejected", "stats.json"]);
    expect(readdirSync(join(out, "rejected"))).toEqual(["unreadable"]);
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8"));
    expect(stats.steps[0].counters.skipped_bad_record).toBe(1);
    expect(stats.steps[0].counters.files).toBe(3);
  });
});

describe("corpuskit catalog", () => {
  it("list prints an aligned table and filters", () => {
    const run = corpuskit("catalog", "list", "--lang", "en", "--min-bytes", "100e9");
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^id\s+stage\s+languages\s+size\s+tokens\s+license\s+commercial$/);
    expect(run.stdout).toMatch(/^c4\s+pretraining\s+en\s+305 GB/m);
    expect(lines.at(-1)).toMatch(/^\d+ datasets?$/);
  });

  it("list --lang zh --stage pretraining names the Chinese pretraining corpora", () => {
    const run = corpuskit("catalog", "list", "--lang", "zh", "--stage", "pretraining");
    const ids = run.stdout
      .trim()
      .split("\n")
      .slice(1, -1)
      .map((l) => l.split(/\s+/)[0]);
    for (const id of ["clue-corpus-2020", "cbook-150k", "mnbvc", "nlp-chinese-corpus", "skypile", "wudao-corpora"]) expect(ids).toContain(id);
    expect(ids).not.toContain("c4");
  });

  it("list --json gives the entries", () => {
    const run = corpuskit("catalog", "list", "--stage", "pretraining", "--json");
    const entries = JSON.parse(run.stdout) as { id: string; stage: string[] }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.stage.includes("pretraining"))).toBe(true);
  });

  it("show prints everything about one dataset; unknown ids suggest", () => {
    const run = corpuskit("catalog", "show", "allenai/c4");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("C4 (Colossal Clean Crawled Corpus)  (c4)");
    expect(run.stdout).toContain("en/c4-train.{00000..01023}-of-01024.json.gz");
    expect(run.stdout).toContain("@article{raffel2020t5");
    const bad = corpuskit("catalog", "show", "c5");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/UnknownDatasetError: unknown dataset "c5"; did you mean "c4"/);
  });

  it("export --format csv parses back with one row per dataset", async () => {
    const { parseString } = await import("fast-csv");
    const run = corpuskit("catalog", "export", "--format", "csv");
    expect(run.code).toBe(0);
    const rows: Record<string, string>[] = await new Promise((resolve, reject) => {
      const out: Record<string, string>[] = [];
      parseString(run.stdout.trim(), { headers: true })
        .on("data", (r: Record<string, string>) => out.push(r))
        .on("end", () => resolve(out))
        .on("error", reject);
    });
    const json = JSON.parse(corpuskit("catalog", "export", "--format", "json").stdout) as { id: string }[];
    expect(rows.map((r) => r.id)).toEqual(json.map((d) => d.id));
    expect(rows.find((r) => r.id === "c4")!.bytes).toBe("305000000000");
    const schema = JSON.parse(corpuskit("catalog", "export", "--format", "jsonschema").stdout);
    expect(schema.properties.id.pattern).toBeDefined();
    expect(corpuskit("catalog", "export", "--format", "xml").code).toBe(1);
  });
});

describe("corpuskit filter", () => {
  it("keeps the asked languages and writes what it drops per step", async () => {
    const out = await tempDir();
    const run = corpuskit("filter", `${FIXTURES}/udhr.jsonl`, "-o", out, "--lang", "en,fr", "--gopher", "--fineweb", "--json");
    // the progress line, then only notes (UDHR's short articles fail Gopher's length rules: a note says so)
    expect(run.stderr).toMatch(/^filter: done, 8 docs, [^\n]*, 100%, elapsed \d+s\n(note: [^\n]*\n)*$/);
    expect(corpuskit("filter", `${FIXTURES}/udhr.jsonl`, "-o", join(out, "quiet"), "--lang", "en", "--quiet").stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const language = report.stats.steps.find((s: { name: string }) => s.name === "language");
    expect(language.counters.dropped_language_not_wanted).toBe(6);
    expect(readdirSync(join(out, "rejected"))).toContain("language");
  });

  it("takes the output directory as the last argument, as in corpuskit filter IN OUT", async () => {
    const out = await tempDir();
    const run = corpuskit("filter", "--lang", "zh", `${FIXTURES}/udhr.jsonl`, join(out, "zh"));
    expect(run.code).toBe(0);
    expect(readdirSync(join(out, "zh"))).toContain("00000.jsonl.gz");
    expect(corpuskit("filter", `${FIXTURES}/udhr.jsonl`).code).toBe(2); // no output folder: a usage error
  });
});
