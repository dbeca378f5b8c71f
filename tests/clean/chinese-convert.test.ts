// chinese_convert against OpenCC's own command-line tool (Debian's `opencc`), on the Chinese text of
// the sample corpus, in every mode. Skipped only where the tool is not installed.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { read, type Doc } from "../../src/index.js";
import { chineseConvert, ChineseConvertOptions, OPENCC_MODES, openccConverter, type OpenccMode } from "../../src/clean/chinese-convert.js";
import { standaloneContext } from "../../src/pipeline/step.js";
import { collect, tempDir } from "../support.js";

const OPENCC_DATA = "/usr/share/opencc";
const hasOpencc = spawnSync("opencc", ["--version"]).status === 0 && spawnSync("opencc_dict", ["--help"]).error === undefined;
const MODES = Object.keys(OPENCC_MODES) as OpenccMode[];

let lines: string[];

beforeAll(async () => {
  const texts: string[] = [];
  for await (const doc of read("examples/data")) if (/\p{Script=Han}/u.test(doc.text)) texts.push(doc.text);
  lines = texts.join("\n").split("\n");
});

async function runStep(options: Parameters<typeof chineseConvert>[0], texts: string[]): Promise<{ docs: Doc[]; changed: number }> {
  const ctx = standaloneContext("test");
  const docs = await collect(
    chineseConvert(options)(
      (async function* () {
        yield* texts.map((text, i) => ({ id: String(i), text, meta: {} }));
      })(),
      ctx,
    ),
  );
  return { docs, changed: ctx.stats.counters.changed ?? 0 };
}

describe("chinese_convert", () => {
  it("the sample has Chinese to convert", () => {
    expect(lines.filter((l) => /\p{Script=Han}/u.test(l)).length).toBeGreaterThan(1000);
  });

  it("converts phrases, not characters: OpenCC's own examples", async () => {
    // 头发 -> 頭髮 (not 頭發), 发展 -> 發展: the same simplified 发, two traditional characters
    const s2t = await openccConverter("s2t");
    expect(s2t("头发发展")).toBe("頭髮發展");
    // Taiwan phrases: 鼠标 -> 滑鼠, 软件 -> 軟體
    expect((await openccConverter("s2twp"))("鼠标和软件")).toBe("滑鼠和軟體");
    expect((await openccConverter("t2s"))("頭髮發展")).toBe("头发发展");
  });

  it("leaves text without CJK alone and counts changed documents", async () => {
    const { docs, changed } = await runStep({ mode: "s2t" }, ["plain ASCII text", "汉字", "漢字"]);
    expect(docs.map((d) => d.text)).toEqual(["plain ASCII text", "漢字", "漢字"]);
    expect(changed).toBe(1);
    expect(() => ChineseConvertOptions.parse({})).not.toThrow();
    expect(() => chineseConvert({ mode: "x2y" as OpenccMode })).toThrow(/mode/);
  });

  it.skipIf(!hasOpencc)(
    "equals Debian's opencc on every line of the sample's Chinese, in every mode, with that OpenCC's dictionaries",
    async () => {
      // the installed OpenCC's dictionaries, in the text form opencc_dict writes, beside its configs
      const dir = await tempDir();
      for (const file of readdirSync(OPENCC_DATA)) {
        if (file.endsWith(".json")) copyFileSync(join(OPENCC_DATA, file), join(dir, file));
        if (file.endsWith(".ocd2"))
          execFileSync("opencc_dict", ["-i", join(OPENCC_DATA, file), "-o", join(dir, file.replace(/\.ocd2$/, ".txt")), "-f", "ocd2", "-t", "text"]);
      }
      const input = join(dir, "input.txt");
      writeFileSync(input, `${lines.join("\n")}\n`);
      for (const mode of MODES) {
        const theirs = execFileSync("opencc", ["-c", `${mode}.json`, "-i", input], { encoding: "utf8", maxBuffer: 1 << 28 })
          .split("\n")
          .slice(0, lines.length);
        const { docs } = await runStep({ mode, dictionaries: dir }, lines);
        const ours = docs.map((d) => d.text);
        const differing = ours.flatMap((line, i) =>
          line === theirs[i] ? [] : [`${i}: ${lines[i]!.slice(0, 40)} | ours ${line.slice(0, 40)} | opencc ${theirs[i]!.slice(0, 40)}`],
        );
        expect(differing, mode).toEqual([]);
      }
    },
    300_000,
  );
});
