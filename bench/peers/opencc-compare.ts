// chinese_convert's bundled dictionaries (opencc-js) against the installed OpenCC command-line tool,
// line by line over the sample corpus's Chinese, in every mode: how many lines differ, with a few
// examples. (With the installed OpenCC's own dictionaries, `dictionaries: <folder>`, every line is
// equal: tests/clean/chinese-convert.test.ts.)   npx tsx bench/peers/opencc-compare.ts
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { read } from "../../src/io/read.js";
import { OPENCC_MODES, openccConverter, type OpenccMode } from "../../src/clean/chinese-convert.js";

const texts: string[] = [];
for await (const doc of read("examples/data")) if (/\p{Script=Han}/u.test(doc.text)) texts.push(doc.text);
const lines = texts.join("\n").split("\n");
const input = join(mkdtempSync(join(tmpdir(), "corpuskit-opencc-")), "input.txt");
writeFileSync(input, `${lines.join("\n")}\n`);
console.log(`${texts.length} documents, ${lines.length} lines; opencc ${execFileSync("opencc", ["--version"], { encoding: "utf8" }).trim().split("\n").pop()}`);
for (const mode of Object.keys(OPENCC_MODES) as OpenccMode[]) {
  const convert = await openccConverter(mode);
  const ours = lines.map(convert);
  const theirs = execFileSync("opencc", ["-c", `${mode}.json`, "-i", input], { encoding: "utf8", maxBuffer: 1 << 28 }).split("\n");
  const examples: string[] = [];
  let differing = 0;
  for (let i = 0; i < lines.length; i++) {
    if (ours[i] === theirs[i]) continue;
    differing++;
    if (examples.length < 3) {
      let k = 0;
      while (ours[i]![k] === theirs[i]![k]) k++;
      const cut = (s: string) => s.slice(Math.max(0, k - 4), k + 4);
      examples.push(`${cut(lines[i]!)} -> opencc-js ${cut(ours[i]!)}, opencc ${cut(theirs[i]!)}`);
    }
  }
  console.log(`${mode}\t${differing} differing lines\t${examples.join(" ; ")}`);
}
